/**
 * Demo data: a handful of realistic, clearly fictional applications and one special measure, so a
 * newcomer sees every kind of decision in the API. Names are placeholders ("Example", "Mustermann",
 * "Nordmann"), addresses are made up, emails use the RFC 2606 example domains (one uses a public
 * throwaway service on purpose), phones are the ranges regulators reserve for fiction (US 555-01xx,
 * UK 020 7946 0xxx, SE 070-174 06xx), cards and IBANs are the well-known test numbers, and sign-up IPs
 * are documentation addresses (RFC 5737, RFC 3849). Offline geolocation knows no country for those, so
 * no IP signal counts in these determinations.
 */
import type { Actor } from './context.ts';
import { DEMO_APPLICATIONS, DEMO_MEASURE_CITATION, demoMeasure, type DemoApplication } from './demo-data.ts';
import type { Services } from './index.ts';

export interface DemoSeedResult {
  measure: { id: string; created: boolean };
  applications: Array<{
    externalId: string;
    title: string;
    created: boolean;
    accountId: string;
    /** Set when this run submitted the application. */
    applicationId: string | null;
    status: string;
    rule: string | null;
  }>;
}

/**
 * Seeds the demo measure and applications into the actor's tenant. Idempotent: the measure is found
 * by its citation and each application by its account's external id, and nothing found is added again.
 */
export async function seedDemo(services: Services, actor: Actor): Promise<DemoSeedResult> {
  const measures = await services.measures.listMeasures(actor);
  const existing = measures.find((m) => m.citation === DEMO_MEASURE_CITATION);
  const measure =
    existing === undefined
      ? { id: await addDemoMeasure(services, actor), created: true }
      : { id: existing.id, created: false };
  const applications: DemoSeedResult['applications'] = [];
  for (const demo of DEMO_APPLICATIONS) {
    const { externalId } = demo.input.account;
    const account = await services.deps.store.accounts.getByExternalId(actor.tenantId, externalId);
    if (account !== undefined) {
      applications.push({
        externalId,
        title: demo.title,
        created: false,
        accountId: account.id,
        applicationId: null,
        status: account.status,
        rule: null,
      });
      continue;
    }
    const submitted = await services.applications.submitApplication(actor, demo.input);
    const decision =
      (await verifyThroughVendor(services, actor, demo, submitted.application.id)) ?? submitted.decision;
    applications.push({
      externalId,
      title: demo.title,
      created: true,
      accountId: submitted.account.id,
      applicationId: submitted.application.id,
      status: decision.status,
      rule: decision.rule,
    });
  }
  return { measure, applications };
}

/** Added like any measure: existing accounts it touches are swept (none, on a fresh store). */
async function addDemoMeasure(services: Services, actor: Actor): Promise<string> {
  const { measure } = await services.measures.createMeasureAndSweep(actor, demoMeasure(services.deps.now()));
  return measure.id;
}

/**
 * The vendor example goes through the real path: a check started at the fake vendor, its signed
 * webhook received and verified, the account decided again. Without a fake vendor it stays pending.
 */
async function verifyThroughVendor(
  services: Services,
  actor: Actor,
  demo: DemoApplication,
  applicationId: string,
): Promise<{ status: string; rule: string } | undefined> {
  const vendor = services.vendorChecks.simulator('fake');
  if (demo.verifiedBy !== 'vendor' || vendor === undefined) return undefined;
  const { check } = await services.vendorChecks.startVendorCheck(actor, applicationId, 'fake');
  const webhook = vendor.signedWebhook(check.vendorReference ?? '', 'passed', services.deps.now());
  await services.vendorChecks.receiveWebhook('fake', webhook.headers, Buffer.from(webhook.body), null);
  // Newest first.
  const decisions = await services.deps.store.accounts.listDecisions(actor.tenantId, applicationId);
  return decisions[0];
}
