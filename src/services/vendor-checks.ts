/**
 * Vendor checks: started by a client for an application, finished by the vendor's signed webhook,
 * which records the result as a verification check and decides a pending account again.
 */
import { AppError } from '../errors.ts';
import type { PartyVersionRecord, VerificationCheckRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { emitEvent } from './events.ts';
import { recordLedgerEntry } from './ledger.ts';
import type { Redecider } from './redecide.ts';
import type { IdentityVendor, VendorSubject } from './vendors.ts';

export interface VendorWebhookOutcome {
  check: VerificationCheckRecord;
  /** false when the check had already been completed (a vendor retrying its webhook). */
  changed: boolean;
}

export class VendorCheckService {
  private readonly vendors: ReadonlyMap<string, IdentityVendor>;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly redecider: Redecider,
    vendors: readonly IdentityVendor[],
  ) {
    this.vendors = new Map(vendors.map((v) => [v.name, v]));
  }

  vendorNames(): string[] {
    return [...this.vendors.keys()];
  }

  /** A configured vendor that can produce its own signed webhooks (the fake one), for the demo. */
  simulator(name: string): Required<Pick<IdentityVendor, 'signedWebhook'>> | undefined {
    const vendor = this.vendors.get(name);
    const sign = vendor?.signedWebhook?.bind(vendor);
    return sign === undefined ? undefined : { signedWebhook: sign };
  }

  async startVendorCheck(
    actor: Actor,
    applicationId: string,
    vendorName: string,
  ): Promise<{ check: VerificationCheckRecord; redirectUrl: string | null }> {
    requirePermission(actor, 'applications:write');
    const vendor = this.vendorOf(vendorName, 'body.vendor');
    const { store } = this.deps;
    const application = await store.accounts.getApplication(actor.tenantId, applicationId);
    if (application === undefined)
      throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
    const version = (await store.parties.listVersions(actor.tenantId, application.partyId)).find(
      (v) => v.version === application.partyVersion,
    );
    const id = this.deps.newId();
    const started = await vendor.startCheck({ checkId: id, subject: subjectOf(version) });
    const now = this.deps.now();
    const check: VerificationCheckRecord = {
      id,
      tenantId: actor.tenantId,
      applicationId,
      method: 'vendor',
      status: 'pending',
      destinationMasked: null,
      codeHash: null,
      attempts: 0,
      expiresAt: null,
      evidence: { vendor: vendor.name },
      actor: `vendor:${vendor.name}`,
      createdAt: now,
      completedAt: null,
      vendor: vendor.name,
      vendorReference: started.reference,
    };
    await store.transaction(async () => {
      await store.accounts.insertCheck(check);
      await recordLedgerEntry(this.deps, actor.tenantId, 'verification_check', id);
      await recordAudit(
        this.deps,
        actor,
        'verification.started',
        { type: 'verification', id },
        {
          method: 'vendor',
          vendor: vendor.name,
          applicationId,
        },
      );
    });
    return { check, redirectUrl: started.redirectUrl ?? null };
  }

  /**
   * A vendor's webhook. Authenticated by the vendor's signature, not an API key; the check it names
   * tells the tenant. Repeats of a finished check's webhook are acknowledged and change nothing.
   */
  async receiveWebhook(
    vendorName: string,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
    requestId: string | null,
  ): Promise<VendorWebhookOutcome> {
    const vendor = this.vendorOf(vendorName, 'path.vendor');
    const result = vendor.readWebhook(headers, rawBody, this.deps.now());
    if (!result.ok) throw new AppError('WEBHOOK_SIGNATURE_INVALID', `Refused: ${result.reason}.`);
    const { store } = this.deps;
    return store.transaction(async () => {
      const found = await store.accounts.getCheckByVendorReferenceUnscoped(vendor.name, result.reference);
      if (found === undefined)
        throw new AppError('VERIFICATION_NOT_FOUND', 'No check has this vendor reference.', {
          field: 'body.reference',
        });
      await store.lockForTransaction(`gatehouse:verification:${found.id}`);
      const check = (await store.accounts.getCheck(found.tenantId, found.id)) ?? found;
      if (check.status !== 'pending') return { check, changed: false };
      const actor: Actor = {
        tenantId: check.tenantId,
        type: 'system',
        id: `vendor:${vendor.name}`,
        role: 'admin',
        requestId,
      };
      const now = this.deps.now();
      const evidence = { ...check.evidence, ...result.evidence, reference: result.reference };
      await store.accounts.updateCheck(check.tenantId, check.id, {
        attempts: check.attempts + 1,
        status: result.outcome,
        completedAt: now,
        evidence,
      });
      await recordLedgerEntry(this.deps, check.tenantId, 'verification_check', check.id, 'updated');
      await recordAudit(
        this.deps,
        actor,
        `verification.${result.outcome}`,
        { type: 'verification', id: check.id },
        {
          method: 'vendor',
          vendor: vendor.name,
        },
      );
      await emitEvent(
        this.deps,
        check.tenantId,
        'verification.completed',
        { type: 'verification', id: check.id },
        {
          applicationId: check.applicationId,
          method: 'vendor',
          vendor: vendor.name,
          status: result.outcome,
        },
      );
      if (result.outcome === 'passed') await this.redecider.redecide(actor, check.applicationId);
      return {
        check: { ...check, status: result.outcome, attempts: check.attempts + 1, completedAt: now, evidence },
        changed: true,
      };
    });
  }

  private vendorOf(name: string, field: string): IdentityVendor {
    const vendor = this.vendors.get(name);
    if (vendor === undefined) {
      const known = this.vendorNames();
      throw new AppError(
        'VENDOR_NOT_FOUND',
        known.length === 0
          ? 'No identity vendor is configured.'
          : `No vendor '${name}' (configured: ${known.join(', ')}).`,
        { field },
      );
    }
    return vendor;
  }
}

/** Only what a vendor needs to run its check: the name, date of birth and country. */
function subjectOf(version: PartyVersionRecord | undefined): VendorSubject {
  const data = (version?.data ?? {}) as {
    type?: 'individual' | 'entity';
    name?: { full?: string };
    legalName?: string;
    dateOfBirth?: string;
    address?: { country?: string };
    incorporation?: { country?: string };
  };
  const type = data.type ?? (data.legalName === undefined ? 'individual' : 'entity');
  return {
    type,
    name: data.name?.full ?? data.legalName ?? '',
    dateOfBirth: data.dateOfBirth,
    country: data.address?.country ?? data.incorporation?.country,
  };
}
