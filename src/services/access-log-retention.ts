/**
 * The access log's retention job: events of accounts past their retention end (domain/access-log/
 * retention.ts, from each account's own profile version) are deleted, and day partitions older than
 * the shortest possible period that are left empty are dropped. Each deletion is audited in the
 * account's tenant. Legal holds are not modelled in the store yet, so none is found here: when they
 * are, `heldAccounts` is where they enter.
 */
import { accessRetentionEnd, SHORTEST_RETENTION_YEARS } from '../domain/access-log/retention.ts';
import type { Actor, ServiceDeps } from './context.ts';
import { recordAudit } from './audit.ts';
import type { ProfileService } from './profiles.ts';

export interface AccessPurgeReport {
  accountsPurged: number;
  eventsDeleted: number;
  partitionsDropped: string[];
}

const PAGE = 500;

export class AccessRetentionService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly profiles: ProfileService,
    private readonly heldAccounts: (tenantId: string, accountId: string) => Promise<boolean> = async () =>
      false,
  ) {}

  async purgeExpired(): Promise<AccessPurgeReport> {
    const now = this.deps.now();
    const shortest = new Date(now);
    shortest.setUTCFullYear(shortest.getUTCFullYear() - SHORTEST_RETENTION_YEARS);
    const report: AccessPurgeReport = { accountsPurged: 0, eventsDeleted: 0, partitionsDropped: [] };
    let after: string | undefined;
    for (;;) {
      const accounts = await this.deps.store.accessEvents.closedAccountsWithEventsUnscoped(
        shortest,
        after,
        PAGE,
      );
      for (const account of accounts) {
        const profile = await this.profiles.resolveProfile(
          account.tenantId,
          account.profileId,
          account.profileVersion,
        );
        const held = await this.heldAccounts(account.tenantId, account.id);
        const end = accessRetentionEnd(account, profile.retention, held);
        if (end === null || end > now) continue;
        const deleted = await this.deps.store.transaction(async () => {
          const count = await this.deps.store.accessEvents.deleteOfAccount(account.tenantId, account.id);
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
            {
              deleted: count,
              retentionEnd: end.toISOString(),
              profile: `${profile.id}@${profile.version}`,
            },
          );
          return count;
        });
        report.accountsPurged += 1;
        report.eventsDeleted += deleted;
      }
      after = accounts.at(-1)?.id;
      if (accounts.length < PAGE) break;
    }
    report.partitionsDropped = await this.deps.store.accessEvents.dropEmptyPartitionsBefore(shortest);
    return report;
  }
}
