/**
 * What the reviewer console reads beyond the plain records: party search, the application review
 * queue and the dashboard figures. Personal values are masked as for any party read
 * (services/personal-data.ts); searches are audited without their query, which is personal data.
 */
import { AppError } from '../errors.ts';
import type { ConsoleStats, PartySearchHit, ReviewQueueItem } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';
import { maskVersionData, personalDataMasked, readPurpose } from './personal-data.ts';

const MAX_SEARCH_RESULTS = 50;
const MAX_QUEUE = 500;
const STATS_DAYS = 30;

export class ConsoleQueryService {
  constructor(private readonly deps: ServiceDeps) {}

  async searchParties(actor: Actor, text: string): Promise<{ items: PartySearchHit[]; masked: boolean }> {
    requirePermission(actor, 'applications:read');
    const query = text.trim();
    if (query.length < 3) {
      throw new AppError('VALIDATION_FAILED', 'Search for at least 3 characters.', {
        field: 'querystring.q',
      });
    }
    const found = await this.deps.store.consoleQueries.searchParties(
      actor.tenantId,
      query,
      MAX_SEARCH_RESULTS,
    );
    await recordAudit(
      this.deps,
      actor,
      'party.searched',
      { type: 'tenant', id: actor.tenantId },
      { results: found.length },
    );
    const masked = personalDataMasked(actor);
    const items = masked ? found.map((hit) => ({ ...hit, data: maskVersionData(hit.data) })) : found;
    return { items, masked };
  }

  /**
   * The queue carries each party's data (masked for console users and roles without the right): the read
   * is audited with the parties listed, masked or not, and the purpose stated, which a tenant may require.
   */
  async reviewQueue(actor: Actor, purpose?: string): Promise<ReviewQueueItem[]> {
    requirePermission(actor, 'applications:read');
    const read = await readPurpose(this.deps, actor, purpose, personalDataMasked(actor));
    const items = await this.deps.store.consoleQueries.listReviewQueue(actor.tenantId, MAX_QUEUE);
    await recordAudit(
      this.deps,
      actor,
      'review_queue.listed',
      { type: 'tenant', id: actor.tenantId },
      { parties: items.map((item) => item.partyId), ...read },
    );
    if (!read.masked) return items;
    return items.map((item) => ({ ...item, partyData: maskVersionData(item.partyData) }));
  }

  /** "Assign to me": a console user who may decide takes a case; the previous holder is replaced. */
  async assignToMe(actor: Actor, applicationId: string): Promise<void> {
    requirePermission(actor, 'decisions:write');
    if (actor.type !== 'user') {
      throw new AppError('FORBIDDEN', 'Only a console user can take a case.');
    }
    const { store } = this.deps;
    await store.transaction(async () => {
      if ((await store.accounts.getApplication(actor.tenantId, applicationId)) === undefined) {
        throw new AppError('APPLICATION_NOT_FOUND', 'No such application.', { field: 'path.id' });
      }
      await store.consoleQueries.assign(actor.tenantId, applicationId, actor.id, this.deps.now());
      await recordAudit(this.deps, actor, 'application.assigned', { type: 'application', id: applicationId });
    });
  }

  stats(actor: Actor): Promise<ConsoleStats> {
    requirePermission(actor, 'applications:read');
    const since = new Date(this.deps.now().getTime() - STATS_DAYS * 24 * 3600_000);
    return this.deps.store.consoleQueries.stats(actor.tenantId, since);
  }
}
