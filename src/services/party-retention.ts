/**
 * Crypto-shredding at the end of retention (issue #5 point 7). A party whose every account is closed
 * and past its profile's retention end (the later of closure and last access, plus the period; per
 * account, with the profile version it was opened under) and that no legal hold covers is shredded,
 * in one transaction under a lock on the party:
 *   1. its accounts' access events are deleted (recorded first for the access-log digests);
 *   2. its data key is destroyed and every sealed version replaced by a tombstone, each with a
 *      `shredded` ledger entry (the key destruction is a ledger leaf of its own, `party_key`);
 *   3. what around it is personal is scrubbed (sign-up IPs, determination signals, check evidence,
 *      screening digests and review reasons, redress statements, the messages of its decisions'
 *      reasons, four-eyes proposals' reasons, special-measure actions' matched values), each changed
 *      ledgered record re-ledgered;
 *   4. a deletion certificate lists what was removed, and is ledgered and audited.
 * Afterwards `ledger verify` still passes (every change has its entry), the sealed data cannot be
 * opened (no key), and owners or signatories linked to nothing else go with the entity.
 */
import { accessRetentionEnd, SHORTEST_RETENTION_YEARS } from '../domain/access-log/retention.ts';
import { AppError } from '../errors.ts';
import type { AccountRecord, DeletionCertificateRecord } from '../storage/port.ts';
import { recordAccessPurge } from './access-log-digests.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { recordLedgerEntry } from './ledger.ts';
import type { ProfileService } from './profiles.ts';

export interface PartyShredRun {
  partiesScanned: number;
  /** Past their period but kept by a legal hold. */
  partiesHeld: number;
  partiesShredded: number;
  /** Owners and signatories shredded with their entity. */
  linkedPartiesShredded: number;
  accessEventsDeleted: number;
  /** Ids of the deletion certificates written (empty in a dry run). */
  certificates: string[];
}

export interface PartyShredOptions {
  dryRun?: boolean;
  onProgress?: (run: PartyShredRun) => void;
}

const PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SYSTEM_ID = 'retention';

export class PartyRetentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
    private readonly isHeld: (
      tenantId: string,
      subject: { type: 'party' | 'account'; id: string },
    ) => Promise<boolean>,
  ) {}

  /** A deletion certificate of the caller's tenant (auditors, admins). */
  async certificate(actor: Actor, id: string): Promise<DeletionCertificateRecord> {
    requirePermission(actor, 'ledger:read');
    const found = UUID.test(id)
      ? await this.deps.store.parties.getCertificate(actor.tenantId, id)
      : undefined;
    if (found === undefined) {
      throw new AppError('CERTIFICATE_NOT_FOUND', 'No such deletion certificate.', { field: 'path.id' });
    }
    return found;
  }

  async shredExpired(options: PartyShredOptions = {}): Promise<PartyShredRun> {
    const dryRun = options.dryRun === true;
    const now = this.deps.now();
    const closedBefore = new Date(now);
    closedBefore.setUTCFullYear(closedBefore.getUTCFullYear() - SHORTEST_RETENTION_YEARS);
    const run: PartyShredRun = {
      partiesScanned: 0,
      partiesHeld: 0,
      partiesShredded: 0,
      linkedPartiesShredded: 0,
      accessEventsDeleted: 0,
      certificates: [],
    };
    let after: string | undefined;
    for (;;) {
      const batch = await this.deps.store.parties.shreddingCandidatesUnscoped(closedBefore, after, PAGE);
      for (const { tenantId, partyId } of batch) {
        run.partiesScanned += 1;
        const due = await this.retentionEnd(tenantId, partyId, now);
        if (due === undefined) continue;
        if (await this.held(tenantId, partyId, due.accounts)) {
          run.partiesHeld += 1;
          continue;
        }
        if (dryRun) {
          run.partiesShredded += 1;
          for (const account of due.accounts) {
            run.accessEventsDeleted += await this.deps.store.accessEvents.countOfAccount(
              tenantId,
              account.id,
            );
          }
          continue;
        }
        const done = await this.shred(tenantId, partyId, due.end, due.accounts);
        if (done === undefined) continue;
        // Ingest processes forget these accounts' address sightings (storage/repositories/access-sightings.ts):
        // only needed when events went, since a sighting is never stored without its events.
        if (done.events > 0) {
          await this.deps.store.accessEvents.settlePurgedSightings(due.accounts.map((a) => a.id));
        }
        run.partiesShredded += 1;
        run.linkedPartiesShredded += done.linked;
        run.accessEventsDeleted += done.events;
        run.certificates.push(done.certificate);
      }
      options.onProgress?.(run);
      after = batch.at(-1)?.partyId;
      if (batch.length < PAGE) break;
    }
    return run;
  }

  /** The latest retention end over the party's accounts, if every one has passed. */
  private async retentionEnd(
    tenantId: string,
    partyId: string,
    now: Date,
  ): Promise<{ end: Date; accounts: AccountRecord[] } | undefined> {
    const accounts = await this.deps.store.parties.accountsOf(tenantId, partyId);
    let latest: Date | undefined;
    for (const account of accounts) {
      const profile = await this.profiles.resolveProfile(tenantId, account.profileId, account.profileVersion);
      const end = accessRetentionEnd(account, profile.retention, false);
      if (end === null || end > now) return undefined;
      if (latest === undefined || end > latest) latest = end;
    }
    return latest === undefined ? undefined : { end: latest, accounts };
  }

  private async held(tenantId: string, partyId: string, accounts: AccountRecord[]): Promise<boolean> {
    if (await this.isHeld(tenantId, { type: 'party', id: partyId })) return true;
    for (const account of accounts)
      if (await this.isHeld(tenantId, { type: 'account', id: account.id })) return true;
    return false;
  }

  private shred(
    tenantId: string,
    partyId: string,
    retentionEnd: Date,
    accounts: AccountRecord[],
  ): Promise<{ certificate: string; events: number; linked: number } | undefined> {
    const { store } = this.deps;
    return store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:retention:party:${partyId}`);
      // Asked again under the lock: a hold set since the first look, or another node's run, wins.
      const key = await store.parties.getKey(tenantId, partyId);
      if (key === undefined || key.destroyed || (await this.held(tenantId, partyId, accounts)))
        return undefined;
      const at = this.deps.now();
      let events = 0;
      for (const account of accounts) {
        await recordAccessPurge(this.deps, tenantId, account.id);
        events += await store.accessEvents.deleteOfAccount(tenantId, account.id);
      }
      const linked = await store.parties.linkedPeopleOnlyOf(tenantId, partyId);
      const removed: Record<string, unknown> = {
        accounts: accounts.map((a) => a.id),
        accessEvents: events,
        parties: [],
      };
      for (const id of [partyId, ...linked]) {
        (removed.parties as unknown[]).push(await this.shredParty(tenantId, id, at));
      }
      const certificate = this.deps.newId();
      await store.parties.insertCertificate({
        id: certificate,
        tenantId,
        partyId,
        retentionEnd,
        removed,
        createdAt: at,
        createdBy: `system:${SYSTEM_ID}`,
      });
      await recordLedgerEntry(this.deps, tenantId, 'deletion_certificate', certificate);
      const system: Actor = { tenantId, type: 'system', id: SYSTEM_ID, role: 'admin', requestId: null };
      await recordAudit(
        this.deps,
        system,
        'party.shredded',
        { type: 'party', id: partyId },
        {
          certificate,
          retentionEnd: retentionEnd.toISOString(),
          linkedParties: linked.length,
          accessEvents: events,
        },
      );
      return { certificate, events, linked: linked.length };
    });
  }

  private async shredParty(tenantId: string, partyId: string, at: Date): Promise<Record<string, unknown>> {
    const { store } = this.deps;
    const versions = await store.parties.shred(tenantId, partyId, `system:${SYSTEM_ID}`, at);
    for (const v of versions)
      await recordLedgerEntry(this.deps, tenantId, 'party_version', `${partyId}@${v}`, 'shredded');
    await recordLedgerEntry(this.deps, tenantId, 'party_key', partyId, 'destroyed');
    const scrubbed = await store.parties.scrubRecordsOf(tenantId, partyId, at);
    for (const id of scrubbed.applications)
      await recordLedgerEntry(this.deps, tenantId, 'application', id, 'shredded');
    for (const id of scrubbed.checks)
      await recordLedgerEntry(this.deps, tenantId, 'verification_check', id, 'shredded');
    for (const id of scrubbed.decisions)
      await recordLedgerEntry(this.deps, tenantId, 'decision', id, 'shredded');
    for (const id of scrubbed.measureActions)
      await recordLedgerEntry(this.deps, tenantId, 'measure_action', id, 'shredded');
    return {
      partyId,
      versions,
      applications: scrubbed.applications,
      verificationChecks: scrubbed.checks,
      screeningHits: scrubbed.screeningHits,
      redressRequests: scrubbed.redressRequests,
      decisions: scrubbed.decisions,
      decisionProposals: scrubbed.decisionProposals,
      measureActions: scrubbed.measureActions,
    };
  }
}
