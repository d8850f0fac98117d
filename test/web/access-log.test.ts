/** The console's access-log logic: the search form's checks, the query it sends, the windows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES, roleAllows } from '../../src/domain/access/roles.ts';
import {
  accessEventsQuery,
  accessLogSearchParams,
  asnLabel,
  checkSearch,
  defaultWindowInputs,
  eventTime,
  isoOfUtcInput,
  purposeProblem,
  summaryWindow,
  type AccessSearchForm,
} from '../../web/src/access-log.ts';
import type { Session } from '../../web/src/api.ts';
import { can } from '../../web/src/session.ts';

const NOW = new Date('2026-11-30T12:34:56.789Z');

const aForm = (overrides: Partial<AccessSearchForm> = {}): AccessSearchForm => ({
  by: 'ip',
  value: '203.0.113.0/24',
  from: '2026-11-01T00:00',
  to: '2026-12-01T00:00',
  purpose: 'case 2026-117',
  ...overrides,
});

describe('the access-log search form', () => {
  it('refuses a search without a purpose, naming the field', () => {
    for (const purpose of ['', '  ', 'ab']) {
      const checked = checkSearch(aForm({ purpose }));
      assert.ok('problems' in checked);
      assert.match(checked.problems.purpose ?? '', /purpose/);
      assert.deepEqual(Object.keys(checked.problems), ['purpose']);
    }
  });

  it('names a purpose character the purpose header cannot carry, and accepts Latin-1 text', () => {
    assert.match(purposeProblem('case ‘117’') ?? '', /‘/);
    assert.match(purposeProblem('case 117 – abuse') ?? '', /–/);
    assert.match(purposeProblem('case\n117') ?? '', /cannot contain/);
    assert.match(purposeProblem('x'.repeat(501)) ?? '', /500/);
    assert.equal(purposeProblem('Anfrage der Behörde, Aktenzeichen 117'), undefined);
  });

  it('refuses what is not an address or a block, an empty value, and a reversed or too-wide window', () => {
    const notNetwork = checkSearch(aForm({ value: 'example.com' }));
    assert.ok('problems' in notNetwork && notNetwork.problems.value !== undefined);
    const empty = checkSearch(aForm({ by: 'account', value: ' ' }));
    assert.ok('problems' in empty);
    assert.equal(empty.problems.value, 'Give an account id.');
    const reversed = checkSearch(aForm({ from: '2026-12-01T00:00', to: '2026-11-01T00:00' }));
    assert.ok('problems' in reversed);
    assert.equal(reversed.problems.to, 'The end must be after the start.');
    const wide = checkSearch(aForm({ from: '2025-01-01T00:00', to: '2026-12-01T00:00' }));
    assert.ok('problems' in wide);
    assert.match(wide.problems.to ?? '', /400 days/);
    const missing = checkSearch(aForm({ from: '' }));
    assert.ok('problems' in missing && missing.problems.from !== undefined);
  });

  it('reads the window as UTC and trims the value and the purpose', () => {
    const checked = checkSearch(aForm({ value: ' 2001:db8::/48 ', purpose: '  case 117 ' }));
    assert.deepEqual(checked, {
      search: {
        by: 'ip',
        value: '2001:db8::/48',
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-12-01T00:00:00.000Z',
        purpose: 'case 117',
      },
    });
    assert.equal(isoOfUtcInput('2026-11-30T08:15:30'), '2026-11-30T08:15:30.000Z');
    assert.equal(isoOfUtcInput('2026-13-40T00:00'), undefined);
    assert.equal(isoOfUtcInput('yesterday'), undefined);
  });

  it('sends ip or account, the window, a page size and the cursor, encoded; never the purpose', () => {
    const search = {
      by: 'account' as const,
      value: 'acct 7&x=1',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
      purpose: 'case 117',
    };
    const first = new URLSearchParams(accessEventsQuery(search));
    assert.deepEqual(Object.fromEntries(first), {
      account: 'acct 7&x=1',
      from: search.from,
      to: search.to,
      limit: '100',
    });
    const next = new URLSearchParams(accessEventsQuery({ ...search, by: 'ip', value: '10.0.0.0/8' }, 'abc'));
    assert.equal(next.get('ip'), '10.0.0.0/8');
    assert.equal(next.get('cursor'), 'abc');
    assert.equal(next.has('purpose'), false, 'the purpose goes in the header');
  });

  it('defaults to the last 30 days up to the next whole minute, and summarises 400 days', () => {
    assert.deepEqual(defaultWindowInputs(NOW), { from: '2026-10-31T12:35', to: '2026-11-30T12:35' });
    assert.deepEqual(summaryWindow(NOW), {
      from: '2025-10-26T12:35:00.000Z',
      to: '2026-11-30T12:35:00.000Z',
    });
  });

  it('prefills from the URL, ignoring what is not text (external ids may arrive as numbers)', () => {
    assert.deepEqual(accessLogSearchParams({ ip: '203.0.113.7' }), { ip: '203.0.113.7' });
    assert.deepEqual(accessLogSearchParams({ account: 1042 }), { account: '1042' });
    assert.deepEqual(accessLogSearchParams({ account: { x: 1 }, ip: '' }), {});
  });

  it('shows an event’s time to the millisecond', () => {
    assert.equal(eventTime('2026-11-30T10:00:00.123Z'), '2026-11-30 10:00:00.123');
  });

  it('labels an ASN with its organisation when known', () => {
    assert.equal(asnLabel(64500, 'Example Net'), 'AS64500 Example Net');
    assert.equal(asnLabel(64500, null), 'AS64500');
    assert.equal(asnLabel(null, null), '—');
  });

  it('offers the access log to exactly the roles the server lets read it', () => {
    for (const role of ROLES) {
      const session: Session = {
        user: { id: 'u', tenantId: 't', email: 'e@example.com', name: 'n', role },
        csrfToken: 'x',
      };
      assert.equal(can(session, 'access-log'), roleAllows(role, 'access-events:read'), role);
    }
    assert.equal(can(null, 'access-log'), false);
  });
});
