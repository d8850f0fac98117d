/**
 * The one Store implementation, over Kysely, for both engines. Transactions are ambient: a store call
 * made while a transaction is open on this async path joins it (AsyncLocalStorage), so services
 * compose without passing a transaction handle through every signature.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type pg from 'pg';
import type { MigrationRun, MigrationStatus, Store, StoreEngine } from './port.ts';
import type { Database } from './database.ts';
import { migrationProvider } from './migrations/index.ts';
import { KyselyTenantStore } from './repositories/tenants.ts';
import { KyselyApiKeyStore } from './repositories/api-keys.ts';
import { KyselyConsoleUserStore } from './repositories/console-users.ts';
import { KyselyConsoleQueryStore } from './repositories/console-queries.ts';
import { KyselyAuditStore } from './repositories/audit.ts';
import { KyselyIdempotencyStore } from './repositories/idempotency.ts';
import { KyselyAccountStore } from './repositories/accounts.ts';
import { KyselyPartyStore } from './repositories/parties.ts';
import { PartyCipher } from './party-cipher.ts';
import type { Keyring } from '../domain/records/keyring.ts';
import type { SearchTerm } from '../domain/records/search-terms.ts';
import { KyselyMeasureStore, KyselySettingsStore } from './repositories/settings.ts';
import { KyselyEventStore } from './repositories/events.ts';
import { KyselyLifecycleStore } from './repositories/lifecycle.ts';
import { KyselyListStore } from './repositories/lists.ts';
import { KyselyScreeningHitStore } from './repositories/screening-hits.ts';
import { KyselyAccessEventStore } from './repositories/access-events.ts';
import { KyselyLedgerStore } from './repositories/ledger.ts';
import { KyselyAccessLogDigestStore } from './repositories/access-log-digests.ts';
import { KyselyLegalHoldStore } from './repositories/legal-holds.ts';

export type DbHandle = () => Kysely<Database>;

export class KyselyStore implements Store {
  readonly tenants: KyselyTenantStore;
  readonly apiKeys: KyselyApiKeyStore;
  readonly consoleUsers: KyselyConsoleUserStore;
  readonly consoleQueries: KyselyConsoleQueryStore;
  readonly audit: KyselyAuditStore;
  readonly idempotency: KyselyIdempotencyStore;
  readonly settings: KyselySettingsStore;
  readonly parties: KyselyPartyStore;
  readonly accounts: KyselyAccountStore;
  readonly measures: KyselyMeasureStore;
  readonly events: KyselyEventStore;
  readonly lifecycle: KyselyLifecycleStore;
  readonly lists: KyselyListStore;
  readonly screening: KyselyScreeningHitStore;
  readonly accessEvents: KyselyAccessEventStore;
  readonly ledger: KyselyLedgerStore;
  readonly accessDigests: KyselyAccessLogDigestStore;
  readonly legalHolds: KyselyLegalHoldStore;
  private readonly ambient = new AsyncLocalStorage<Transaction<Database>>();
  private readonly cipher = new PartyCipher();

  constructor(
    readonly engine: StoreEngine,
    private readonly kysely: Kysely<Database>,
    private readonly onClose: () => Promise<void>,
    /** PostgreSQL only: the pool, for COPY into the access log (Kysely does not expose its clients). */
    copyPool?: pg.Pool,
  ) {
    const db: DbHandle = () => this.ambient.getStore() ?? this.kysely;
    this.tenants = new KyselyTenantStore(db);
    this.apiKeys = new KyselyApiKeyStore(db);
    this.consoleUsers = new KyselyConsoleUserStore(db);
    this.consoleQueries = new KyselyConsoleQueryStore(db, this.cipher);
    this.audit = new KyselyAuditStore(db);
    this.idempotency = new KyselyIdempotencyStore(db);
    this.settings = new KyselySettingsStore(db);
    this.parties = new KyselyPartyStore(db, this.cipher);
    this.accounts = new KyselyAccountStore(db, this.cipher);
    this.measures = new KyselyMeasureStore(db, this.cipher);
    this.events = new KyselyEventStore(db);
    this.lifecycle = new KyselyLifecycleStore(db, this.cipher);
    this.lists = new KyselyListStore(db);
    this.screening = new KyselyScreeningHitStore(db, this.cipher);
    this.accessEvents = new KyselyAccessEventStore(db, (work) => this.transaction(work), copyPool);
    this.ledger = new KyselyLedgerStore(db);
    this.accessDigests = new KyselyAccessLogDigestStore(
      db,
      (work) => this.transaction(work),
      () => this.ambient.getStore() !== undefined,
    );
    this.legalHolds = new KyselyLegalHoldStore(db);
  }

  usePersonalDataKeys(keyring: Keyring): void {
    this.cipher.useKeyring(keyring);
  }

  searchTerm(tenantId: string, term: SearchTerm): Buffer {
    return this.cipher.term(tenantId, term);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.ambient.getStore() !== undefined) return work();
    return this.kysely.transaction().execute((trx) => this.ambient.run(trx, work));
  }

  async lockForTransaction(name: string): Promise<void> {
    const trx = this.ambient.getStore();
    if (trx === undefined) throw new Error('lockForTransaction needs an open transaction');
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.kysely);
  }

  async migrate(): Promise<MigrationRun> {
    const { error, results = [] } = await this.migrator().migrateToLatest();
    if (error !== undefined)
      throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    const ran = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    return { ...(await this.migrationStatus()), ran };
  }

  async migrationStatus(): Promise<MigrationStatus> {
    const migrations = await this.migrator().getMigrations();
    return {
      applied: migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name),
      pending: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
    };
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
    await this.onClose();
  }

  /**
   * Kysely's migrator takes a PostgreSQL advisory lock around the run and records each migration in
   * its own table, so `migrate` is safe to repeat and to start from two processes at once.
   */
  private migrator(): Migrator {
    return new Migrator({
      db: this.kysely,
      provider: migrationProvider,
      migrationTableName: 'schema_migrations',
      migrationLockTableName: 'schema_migrations_lock',
    });
  }
}
