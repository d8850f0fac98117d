/**
 * The access log's retention job: events of accounts past their retention end (domain/access-log/
 * retention.ts, from each account's own profile version) are deleted, and day partitions older than
 * the shortest possible period that are left empty are dropped. Each deletion is audited in the
 * account's tenant. An account under a legal hold (`heldAccounts`: on the account or its party, see
 * services/legal-holds.ts) has no retention end. A dry run computes the same report and deletes nothing.
 */
import { accessRetentionEnd, SHORTEST_RETENTION_YEARS } from '../domain/access-log/retention.ts';
import type { AccountRecord } from '../storage/port.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { recordAudit } from './audit.ts';
import { recordAccessPurge } from './access-log-digests.ts';
import type { ProfileService } from './profiles.ts';

export interface AccessPurgeReport {
  accountsPurged: number;
  eventsDeleted: number;
  partitionsDropped: string[];
}

/** The report of a run, with what it looked at: a dry run reports what a real run would delete. */
export interface AccessPurgeRun extends AccessPurgeReport {
  /** Closed accounts with events, closed long enough ago that any profile could have ended them. */
  accountsScanned: number;
  /** Of those, past their period but kept by a legal hold. */
  accountsHeld: number;
}

export interface AccessPurgeProgress {
  accountsScanned: number;
  accountsPurged: number;
  eventsDeleted: number;
}

export interface AccessPurgeOptions {
  /** Count what would be deleted and dropped; change nothing and write no audit record. */
  dryRun?: boolean;
  /** Called after each page of accounts. */
  onProgress?: (progress: AccessPurgeProgress) => void;
}

export type HeldAccountCheck = (tenantId: string, accountId: string) => Promise<boolean>;

const PAGE = 500;

export class AccessRetentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
    private readonly heldAccounts: HeldAccountCheck = async () => false,
  ) {}

  /** `gatehouse access purge`: a real run, reported as before holds and dry runs existed. */
  async purgeExpired(): Promise<AccessPurgeReport> {
    const { accountsPurged, eventsDeleted, partitionsDropped } = await this.purge();
    return { accountsPurged, eventsDeleted, partitionsDropped };
  }

  async purge(options: AccessPurgeOptions = {}): Promise<AccessPurgeRun> {
    const dryRun = options.dryRun === true;
    const { accessEvents } = this.deps.store;
    const now = this.deps.now();
    const shortest = new Date(now);
    shortest.setUTCFullYear(shortest.getUTCFullYear() - SHORTEST_RETENTION_YEARS);
    const run: AccessPurgeRun = {
      accountsScanned: 0,
      accountsHeld: 0,
      accountsPurged: 0,
      eventsDeleted: 0,
      partitionsDropped: [],
    };
    // A dry run deletes nothing, so which old days would be left empty depends on these accounts.
    const wouldPurge: string[] = [];
    let after: string | undefined;
    for (;;) {
      const accounts = await accessEvents.closedAccountsWithEventsUnscoped(shortest, after, PAGE);
      const purged: string[] = [];
      for (const account of accounts) {
        run.accountsScanned += 1;
        const due = await this.dueEnd(account, now);
        if (due === 'held') run.accountsHeld += 1;
        if (due === 'held' || due === undefined) continue;
        const deleted = dryRun
          ? await accessEvents.countOfAccount(account.tenantId, account.id)
          : await this.purgeAccount(account, due);
        if (deleted === 0) continue;
        run.accountsPurged += 1;
        run.eventsDeleted += deleted;
        (dryRun ? wouldPurge : purged).push(account.id);
      }
      await accessEvents.settlePurgedSightings(purged);
      options.onProgress?.({
        accountsScanned: run.accountsScanned,
        accountsPurged: run.accountsPurged,
        eventsDeleted: run.eventsDeleted,
      });
      after = accounts.at(-1)?.id;
      if (accounts.length < PAGE) break;
    }
    run.partitionsDropped = dryRun
      ? await accessEvents.partitionsEmptiedBefore(shortest, wouldPurge)
      : await accessEvents.dropEmptyPartitionsBefore(shortest);
    return run;
  }

  /** The account's retention end with its profile, if it has passed; 'held' when a hold keeps it. */
  private async dueEnd(
    account: AccountRecord,
    now: Date,
  ): Promise<{ end: Date; profile: string } | 'held' | undefined> {
    const profile = await this.profiles.resolveProfile(
      account.tenantId,
      account.profileId,
      account.profileVersion,
    );
    const end = accessRetentionEnd(account, profile.retention, false);
    if (end === null || end > now) return undefined;
    if (await this.heldAccounts(account.tenantId, account.id)) return 'held';
    return { end, profile: `${profile.id}@${profile.version}` };
  }

  /**
   * Deletes and audits one account's events, under a lock on the account: when the job runs on
   * several nodes at once, the second finds nothing left and records nothing. The hold is asked again
   * under the lock, so a hold committed since the first look still wins.
   */
  private purgeAccount(account: AccountRecord, due: { end: Date; profile: string }): Promise<number> {
    const { store } = this.deps;
    return store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:retention:account:${account.id}`);
      if (await this.heldAccounts(account.tenantId, account.id)) return 0;
      // What goes from hours already digested is recorded first, so `ledger verify` tells it from tampering.
      await recordAccessPurge(this.deps, account.tenantId, account.id);
      const count = await store.accessEvents.deleteOfAccount(account.tenantId, account.id);
      if (count === 0) return 0;
      const system: Actor = {
        tenantId: account.tenantId,
        type: 'system',
        id: 'retention',
        role: 'admin',
        requestId: null,
      };
      await recordAudit(
        this.deps,
        system,
        'access_events.purged',
        { type: 'account', id: account.id },
        { deleted: count, retentionEnd: due.end.toISOString(), profile: due.profile },
      );
      return count;
    });
  }
}
