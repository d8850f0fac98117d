/**
 * The reviewer console end to end, in a real browser: Debian's chromium driven by playwright-core,
 * against a real `gatehouse serve` on a seeded embedded store (demo data + the UN list + a customer
 * who is on it, with access events posted through the API). Two console users work one case from
 * the screening hit to a four-eyes decision; then search by email, the dashboard and the access log.
 * Screenshots go to docs/console/ (used by docs/console.md).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeResult, jsonOf, runCli } from '../support/cli.ts';
import { REPO_ROOT, startServer, type ServerProcess } from '../support/server-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(REPO_ROOT, 'docs/console');
const UN_XML = path.resolve(REPO_ROOT, '../shared/data/lists/un/UN_consolidated.xml');
const STEP_MS = 30_000;

/** A customer whose name, date of birth and country are on the UN list: screening blocks him. */
const LISTED_CUSTOMER = {
  type: 'individual',
  name: { full: 'Eric Badege', given: 'Eric', family: 'Badege' },
  dateOfBirth: '1971-01-01',
  citizenship: ['CD'],
  address: { line1: '1 Avenue du Lac', city: 'Goma', country: 'CD' },
  emails: ['eric.badege@example.org'],
  phones: ['+243811234567'],
  paymentInstruments: [{ type: 'invoice', billingCountry: 'CD', source: 'company funds' }],
  signup: { ip: '81.2.69.142' },
  account: { externalId: 'acct-e2e-listed' },
};

/** More events than one page (100) from the customer's sign-up address, so that "Load more" is needed. */
const SEEDED_EVENTS = 105;

function accessEventsOf(account: string, now: number): Array<Record<string, string>> {
  return Array.from({ length: SEEDED_EVENTS }, (_, i) => ({
    id: `e2e-${i}`,
    account,
    ip: i === 0 ? '203.0.113.9' : '81.2.69.142',
    at: new Date(now - (i + 1) * 10_000).toISOString(),
    action: i % 2 === 0 ? 'login' : 'api',
    principal: 'eric@example.org',
  }));
}

function consoleAdminOf(output: string): { email: string; password: string } {
  const line = output.split('\n').find((l) => l.includes('"type":"console-admin"'));
  if (line === undefined) throw new Error(`no console-admin announcement in:\n${output}`);
  return JSON.parse(line) as { email: string; password: string };
}

async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queues' }).waitFor();
}

describe('the reviewer console in a browser', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-e2e-console-'));
  const settings = { GATEHOUSE_DATA_DIR: path.join(dir, 'data'), GATEHOUSE_DEMO: 'true' };
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let admin: { email: string; password: string };
  let second: { email: string; password: string };
  let applicationId = '';

  before(async () => {
    // Never skipped: a CI without the browser must fail and say why.
    assert.ok(
      existsSync(CHROMIUM),
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`,
    );
    const build = spawnSync(process.execPath, ['scripts/build-console.js'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.equal(build.status, 0, `building the console failed:\n${build.stderr}`);

    const first = await startServer(settings);
    admin = consoleAdminOf(first.output());
    const adminKey = first.adminKey ?? '';
    await first.stop();
    const imported = await runCli(['lists', 'import', 'un', UN_XML, '--json'], settings, 180_000);
    assert.equal(imported.code, 0, describeResult(imported));
    const created = await runCli(
      ['users', 'create', '--role', 'reviewer', '--email', 'second@example.com', '--json'],
      settings,
    );
    assert.equal(created.code, 0, describeResult(created));
    second = { email: 'second@example.com', password: jsonOf<{ password: string }>(created).password };

    server = await startServer(settings);
    const submitted = await fetch(`${server.url}/v1/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(LISTED_CUSTOMER),
    });
    const submittedBody = await submitted.text();
    assert.equal(submitted.status, 201, submittedBody);
    applicationId = (JSON.parse(submittedBody) as { id: string }).id;
    const events = await fetch(`${server.url}/v1/access-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(accessEventsOf(LISTED_CUSTOMER.account.externalId, Date.now())),
    });
    const eventsBody = await events.text();
    assert.equal(events.status, 202, eventsBody);
    const ingested = JSON.parse(eventsBody) as { accepted: number; rejected: unknown[] };
    assert.deepEqual([ingested.accepted, ingested.rejected], [SEEDED_EVENTS, []]);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    if (browser === undefined) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(STEP_MS);
    return page;
  }

  it('refuses a wrong password on the sign-in page', async () => {
    const page = await newPage();
    await page.goto(server?.url ?? '', { waitUntil: 'networkidle' });
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is wrong.' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'sign-in.png') });
    await page.close();
  });

  it('works a hit to a four-eyes decision: one reviewer overturns the block, a second confirms, the hit is closed', async () => {
    const url = server?.url ?? '';
    const page = await newPage();
    await signIn(page, url, admin.email, admin.password);
    await page.getByRole('table', { name: 'applications pending review' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'queues.png') });
    await page.getByRole('tab', { name: /Special-measure actions due/ }).click();
    await page.getByRole('table', { name: 'special-measure actions due' }).waitFor();

    await page.getByRole('tab', { name: /Screening hits open/ }).click();
    await page.getByRole('table', { name: 'open screening hits' }).getByText('ERIC BADEGE').waitFor();
    await page.keyboard.press('Enter');
    const hit = page.getByRole('article', { name: 'Hit ERIC BADEGE' });
    await hit.waitFor();
    await page.getByRole('heading', { name: 'Foreign-person determination' }).waitFor();
    await page.getByRole('region', { name: 'Special measures' }).getByText('None applies.').waitFor();
    await page.getByRole('heading', { name: /^E••• / }).waitFor();
    await page
      .getByText(/No checks\.|passed|failed|pending/)
      .first()
      .waitFor();
    // Masked until revealed; the reveal asks for a purpose (audited by the server).
    await page.getByLabel('Purpose of reveal').fill('Compare the customer with the UN entry');
    await page.getByRole('button', { name: 'Reveal (audited)' }).click();
    await page.getByRole('heading', { name: /^Eric Badege / }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'case.png'), fullPage: true });

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('Assigned to First admin').waitFor();
    // The listed name is a different person (another date of birth): overturning the block is
    // high-risk, so the first reviewer's approval waits for a second one.
    await page.getByLabel('Decision', { exact: true }).selectOption('approved');
    await page
      .getByLabel('Reason', { exact: true })
      .fill('Different person: the listed Eric Badege is not this customer');
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Awaiting second approval' }).first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'four-eyes.png'), fullPage: true });
    // Until a second reviewer confirms it, the proposer may take it back, and propose again.
    await page.getByLabel('Why withdraw or decline').fill('Reason to be worded with the date of birth');
    await page.getByRole('button', { name: 'Withdraw or decline the proposal' }).click();
    await page.getByRole('status').filter({ hasText: 'Proposal withdrawn' }).waitFor();
    await page.getByLabel('Decision', { exact: true }).selectOption('approved');
    await page
      .getByLabel('Reason', { exact: true })
      .fill('Different person: the listed Eric Badege has another date of birth');
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Awaiting second approval' }).first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await signIn(page, url, second.email, second.password);
    const row = page.getByRole('row').filter({ hasText: 'awaiting second approval' });
    await row.waitFor();
    await row.click();
    await page.getByRole('status').filter({ hasText: 'Awaiting second approval' }).waitFor();
    await page.getByLabel('Decision', { exact: true }).selectOption('approved');
    await page.getByLabel('Reason', { exact: true }).fill('Second reviewer agrees: different person');
    await page.getByRole('button', { name: 'Submit decision' }).click();
    await page.getByText('Decided: approved').waitFor();
    const hitAgain = page.getByRole('article', { name: 'Hit ERIC BADEGE' });
    await hitAgain.getByLabel('Review reason').fill('Different date of birth; approved by two reviewers');
    await hitAgain.getByRole('button', { name: 'False positive' }).click();
    await page.getByText('No open hits.').waitFor();
    await page.close();
  });

  it('finds the customer by email, masked, and shows the dashboard charts', async () => {
    const page = await newPage();
    await signIn(page, server?.url ?? '', second.email, second.password);
    await page.getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Name, email, phone, ID number or party id').fill('eric.badege@example.org');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByRole('table', { name: 'Search results' });
    await results.getByText('E•••').waitFor();
    assert.equal(await results.locator('tbody tr').count(), 1);
    assert.ok(!(await page.content()).includes('Badege'), 'the console never receives the unmasked name');
    await page.screenshot({ path: path.join(SHOTS, 'search.png') });
    await results.getByRole('link', { name: 'open case' }).click();
    await page
      .getByText('Decided: approved')
      .or(page.getByRole('heading', { name: 'Decision history' }))
      .first()
      .waitFor();

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('Unverified foreign accounts').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('searches the access log by a CIDR block with a purpose, loads the next page, and summarises the case’s addresses', async () => {
    const url = server?.url ?? '';
    const page = await newPage();
    await signIn(page, url, second.email, second.password);
    await page.getByRole('link', { name: 'Access log' }).click();
    await page.getByRole('heading', { name: 'Access log' }).waitFor();
    await page.getByLabel('Search by').selectOption('ip');
    await page.getByLabel('Address or CIDR block').fill('81.2.69.0/24');
    // The purpose is required: the form says so before any request is made.
    await page.getByRole('button', { name: 'Search (audited)' }).click();
    await page.getByText('State the purpose of the search').waitFor();
    await page.getByLabel('Purpose of search').fill('Abuse report 2026-117 on 81.2.69.0/24');
    // Too wide a block is the server's to refuse; its reason is shown.
    await page.getByLabel('Address or CIDR block').fill('10.0.0.0/4');
    await page.getByRole('button', { name: 'Search (audited)' }).click();
    await page.getByRole('alert').filter({ hasText: 'VALIDATION_FAILED' }).waitFor();
    await page.getByLabel('Address or CIDR block').fill('81.2.69.0/24');
    await page.getByRole('button', { name: 'Search (audited)' }).click();
    const results = page.getByRole('table', { name: 'Access events' });
    await results.getByRole('row').filter({ hasText: '81.2.69.142' }).first().waitFor();
    await page.getByText('100 event(s) so far').waitFor();
    assert.ok((await results.getByText('acct-e2e-listed').count()) > 0, 'rows name the account');
    assert.equal(await results.getByText('203.0.113.9').count(), 0, 'only the searched block');
    await page.screenshot({ path: path.join(SHOTS, 'access-log.png') });
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText(`${SEEDED_EVENTS - 1} event(s) · time order`).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);

    await page.goto(`${url}/applications/${applicationId}`, { waitUntil: 'networkidle' });
    await page.getByLabel('Purpose of access-log summary').fill('Abuse report 2026-117');
    await page.getByRole('button', { name: 'Show addresses (audited)' }).click();
    const addresses = page.getByRole('table', { name: 'Addresses used by the account' });
    await addresses.getByRole('row').filter({ hasText: '81.2.69.142' }).waitFor();
    const cells = await addresses
      .getByRole('row')
      .filter({ hasText: '81.2.69.142' })
      .getByRole('cell')
      .allInnerTexts();
    assert.equal(cells.at(-1), String(SEEDED_EVENTS - 1), 'the count of events from that address');
    await addresses.getByRole('row').filter({ hasText: '203.0.113.9' }).waitFor();
    await page
      .getByRole('region', { name: 'Access log' })
      .screenshot({ path: path.join(SHOTS, 'case-access-log.png') });
    await page.close();
  });
});
