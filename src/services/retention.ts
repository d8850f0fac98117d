/**
 * The retention pass: every kind of record whose period has run is removed, each by its own section
 * (`accessLog`: events of expired accounts; `parties`: crypto-shredding of expired parties). Legal holds
 * override every section. The CLI (`gatehouse retention run`) and the scheduler's daily pass call
 * `run`; a report names each section, so a new section appears in both without changing either.
 */
import type { AccessPurgeRun, AccessRetentionService } from './access-log-retention.ts';
import type { ServiceDeps } from './context.ts';
import type { PartyRetentionService, PartyShredRun } from './party-retention.ts';

/** The sections of a report, by name. A new section adds its member here and its job below. */
export interface RetentionSections {
  accessLog: AccessPurgeRun;
  parties: PartyShredRun;
}

export interface RetentionReport extends RetentionSections {
  dryRun: boolean;
  startedAt: Date;
  finishedAt: Date;
}

export interface RetentionProgress {
  section: keyof RetentionSections;
  /** Records (e.g. accounts) looked at so far in this section, and how many of them were removed. */
  scanned: number;
  removed: number;
}

export interface RetentionOptions {
  dryRun?: boolean;
  onProgress?: (progress: RetentionProgress) => void;
}

const DAY_MS = 86_400_000;
const DAILY_JOB = 'retention';

export class RetentionService {
  /** When this process last claimed the daily pass (scheduler); runs on request do not count. */
  private lastDailyRunAt: Date | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly accessRetention: AccessRetentionService,
    private readonly partyRetention: PartyRetentionService,
  ) {}

  async run(options: RetentionOptions = {}): Promise<RetentionReport> {
    const dryRun = options.dryRun === true;
    const startedAt = this.deps.now();
    const accessLog = await this.accessRetention.purge({
      dryRun,
      onProgress: (p) =>
        options.onProgress?.({ section: 'accessLog', scanned: p.accountsScanned, removed: p.accountsPurged }),
    });
    // After the access log: a party's accounts have had their events purged by then (or are held).
    const parties = await this.partyRetention.shredExpired({
      dryRun,
      onProgress: (p) =>
        options.onProgress?.({ section: 'parties', scanned: p.partiesScanned, removed: p.partiesShredded }),
    });
    return { dryRun, startedAt, finishedAt: this.deps.now(), accessLog, parties };
  }

  /**
   * The scheduler's daily pass: once in 24 hours across every node sharing the store (the start is
   * claimed in the database, so a restart or a second API node does not run it again), and retried the
   * next day if it fails.
   */
  async runDaily(): Promise<RetentionReport | undefined> {
    const now = this.deps.now();
    // This node's own claim needs no round trip to be refused again within the day.
    if (this.lastDailyRunAt !== undefined && now.getTime() - this.lastDailyRunAt.getTime() < DAY_MS) {
      return undefined;
    }
    if (!(await this.deps.store.lifecycle.claimScheduledRun(DAILY_JOB, now, DAY_MS))) return undefined;
    this.lastDailyRunAt = now;
    return this.run();
  }
}
