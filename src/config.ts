import path from 'node:path';
import { z } from 'zod';
import { AppError, problemsFromIssues } from './errors.ts';
import { parseSignerKey } from './domain/ledger/note-keys.ts';
import { decodeBase64Strict } from './domain/ledger/strict-base64.ts';

/**
 * The only reader of the environment. Every setting is validated once at start; an invalid
 * configuration fails with every problem listed, not the first one.
 */
const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const integerFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const NETWORK_LIST_KINDS = ['hosting', 'vpn', 'tor', 'proxy'] as const;
export interface NetworkListFile {
  kind: (typeof NETWORK_LIST_KINDS)[number];
  path: string;
}

/** `un=https://mirror/consolidated.xml,ofac-sdn=https://mirror/sdn.csv,ofac-sdn=https://mirror/alt.csv` */
const listUrlsFromEnv = z.string().transform((value, ctx): Record<string, string[]> => {
  const urls: Record<string, string[]> = {};
  for (const item of value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const at = item.indexOf('=');
    const url = item.slice(at + 1);
    if (at < 1 || !/^https?:\/\//.test(url)) {
      ctx.addIssue({ code: 'custom', message: `each entry is list=url (got "${item.slice(0, 80)}")` });
      return z.NEVER;
    }
    (urls[item.slice(0, at)] ??= []).push(url);
  }
  return urls;
});

/** `tor:/etc/gatehouse/tor-exits.txt,vpn:/etc/gatehouse/vpn.txt`: each file one CIDR or address per line. */
const networkListsFromEnv = z.string().transform((value, ctx): NetworkListFile[] => {
  const files: NetworkListFile[] = [];
  for (const item of value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const colon = item.indexOf(':');
    const kind = item.slice(0, colon);
    const file = item.slice(colon + 1);
    if (colon < 1 || file === '' || !(NETWORK_LIST_KINDS as readonly string[]).includes(kind)) {
      ctx.addIssue({
        code: 'custom',
        message: `each entry is kind:path with kind one of ${NETWORK_LIST_KINDS.join(', ')} (got "${item.slice(0, 80)}")`,
      });
      return z.NEVER;
    }
    files.push({ kind: kind as NetworkListFile['kind'], path: path.resolve(file) });
  }
  return files;
});

/** `nats://10.0.0.1:4222,nats://10.0.0.2:4222`: the JetStream cluster's servers (any subset will do). */
const natsServersFromEnv = z.string().transform((value, ctx): string[] => {
  const servers = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (servers.length === 0 || servers.some((s) => !/^(nats|tls):\/\/[^\s/]+$/.test(s))) {
    ctx.addIssue({ code: 'custom', message: 'a comma-separated list of nats://host:port addresses' });
    return z.NEVER;
  }
  return servers;
});

// Secrets: the messages describe the expected form and never repeat the value.
const ledgerSigningKeyFromEnv = z.string().refine((value) => parseSignerKey(value).ok, {
  message: 'must be a C2SP Ed25519 signer key: PRIVATE+KEY+<name>+<8 hex key id>+<base64 key>',
});
const ledgerCommitmentKeyFromEnv = z.string().transform((value, ctx) => {
  const key = decodeBase64Strict(value);
  if (key?.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64 (44 characters)' });
    return z.NEVER;
  }
  return key;
});

export const EnvSchema = z
  .object({
    GATEHOUSE_PORT: integerFromEnv(0, 65535).default(8080),
    GATEHOUSE_HOST: z.string().min(1).default('localhost'),
    GATEHOUSE_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    GATEHOUSE_DATA_DIR: z.string().min(1).default('./data'),
    GATEHOUSE_DB_POOL_SIZE: integerFromEnv(1, 200).default(10),
    GATEHOUSE_DB_CONNECT_TIMEOUT_MS: integerFromEnv(100, 120_000).default(5000),
    GATEHOUSE_DB_QUERY_TIMEOUT_MS: integerFromEnv(100, 3_600_000).default(30_000),
    GATEHOUSE_MIGRATE_ON_START: booleanFromEnv.optional(),
    GATEHOUSE_LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    GATEHOUSE_BODY_LIMIT_BYTES: integerFromEnv(1024, 512 * 1024 * 1024).default(1024 * 1024),
    GATEHOUSE_INGEST_BODY_LIMIT_BYTES: integerFromEnv(1024, 512 * 1024 * 1024).default(16 * 1024 * 1024),
    GATEHOUSE_RATE_LIMIT_PER_MINUTE: integerFromEnv(1, 10_000_000).default(6000),
    GATEHOUSE_SHUTDOWN_TIMEOUT_MS: integerFromEnv(0, 600_000).default(10_000),
    GATEHOUSE_PROVIDER_NAME: z.string().min(1).max(200).default('Provider'),
    GATEHOUSE_DEMO: booleanFromEnv.optional(),
    GATEHOUSE_SCHEDULER_INTERVAL_MS: integerFromEnv(0, 3_600_000).default(10_000),
    GATEHOUSE_WEBHOOKS_ALLOW_INSECURE: booleanFromEnv.optional(),
    GATEHOUSE_FAKE_VENDOR_SECRET: z.string().min(16).max(200).optional(),
    GATEHOUSE_NETWORK_LISTS: networkListsFromEnv.optional(),
    GATEHOUSE_LIST_URLS: listUrlsFromEnv.optional(),
    GATEHOUSE_NATS_URL: natsServersFromEnv.optional(),
    GATEHOUSE_NATS_REPLICAS: integerFromEnv(1, 5).default(1),
    GATEHOUSE_LEDGER_SIGNING_KEY: ledgerSigningKeyFromEnv.optional(),
    GATEHOUSE_LEDGER_COMMITMENT_KEY: ledgerCommitmentKeyFromEnv.optional(),
    GATEHOUSE_KEYRING_FILE: z.string().min(1).optional(),
  })
  // A misspelt variable (GATEHOUSE_DATABSE_URL) would otherwise silently select the embedded store.
  .strict();

export type StoreConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number; connectTimeoutMs: number; queryTimeoutMs: number };

export interface Config {
  port: number;
  host: string;
  store: StoreConfig;
  /** Embedded stores always migrate on start; servers only when asked (`gatehouse migrate` is the norm). */
  migrateOnStart: boolean;
  logLevel: z.infer<typeof EnvSchema>['GATEHOUSE_LOG_LEVEL'];
  bodyLimitBytes: number;
  /** The access-event ingest route's own limit: a batch of 10,000 events is several megabytes. */
  ingestBodyLimitBytes: number;
  rateLimitPerMinute: number;
  shutdownTimeoutMs: number;
  providerName: string;
  /** Seed the fictional demo data (src/services/demo.ts) into the provider tenant on start; idempotent. */
  demo: boolean;
  /** How often the scheduler runs its jobs (webhook deliveries, measure sweeps, re-verification); 0: never. */
  schedulerIntervalMs: number;
  /** Development only: webhook URLs may be http and private addresses. */
  webhooksAllowInsecure: boolean;
  /** Enables the fake identity vendor (tests, demo, development) with this webhook secret. */
  fakeVendorSecret: string | undefined;
  /** Operator range lists (VPN, Tor, proxy, hosting) whose addresses weigh almost nothing in determinations. */
  networkLists: NetworkListFile[];
  /** Download addresses per list for `lists update`, replacing the official ones. */
  listUrls: Record<string, string[]>;
  /** Scale-out mode: the access log is ingested through this NATS JetStream cluster (docs/operations/scale-out.md). */
  nats: { servers: string[]; replicas: number } | undefined;
  /**
   * The ledger's checkpoint signing key and commitment key. Either unset: read from (or created in)
   * `file`, mode 0600 in the data folder (docs/adr/0006-ledger.md).
   */
  ledgerKeys: { signingKey: string | undefined; commitmentKey: Buffer | undefined; file: string };
  /**
   * The keyring of personal-data encryption (key-encryption keys and the blind-index key): a JSON file,
   * created on first start in the data folder unless GATEHOUSE_KEYRING_FILE names one (docs/security/records.md).
   */
  keyringFile: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(pickGatehouseVariables(env));
  if (!parsed.success) {
    const problems = problemsFromIssues(parsed.error.issues, 'env');
    const list = problems.map((p) => `  ${p.field}: ${p.message}`).join('\n');
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n${list}`, { problems });
  }
  const e = parsed.data;
  const store: StoreConfig = e.GATEHOUSE_DATABASE_URL
    ? {
        kind: 'postgres',
        url: e.GATEHOUSE_DATABASE_URL,
        poolSize: e.GATEHOUSE_DB_POOL_SIZE,
        connectTimeoutMs: e.GATEHOUSE_DB_CONNECT_TIMEOUT_MS,
        queryTimeoutMs: e.GATEHOUSE_DB_QUERY_TIMEOUT_MS,
      }
    : { kind: 'pglite', dataDir: path.resolve(e.GATEHOUSE_DATA_DIR) };
  return {
    port: e.GATEHOUSE_PORT,
    host: e.GATEHOUSE_HOST,
    store,
    migrateOnStart: store.kind === 'pglite' || (e.GATEHOUSE_MIGRATE_ON_START ?? false),
    logLevel: e.GATEHOUSE_LOG_LEVEL,
    bodyLimitBytes: e.GATEHOUSE_BODY_LIMIT_BYTES,
    ingestBodyLimitBytes: e.GATEHOUSE_INGEST_BODY_LIMIT_BYTES,
    rateLimitPerMinute: e.GATEHOUSE_RATE_LIMIT_PER_MINUTE,
    shutdownTimeoutMs: e.GATEHOUSE_SHUTDOWN_TIMEOUT_MS,
    providerName: e.GATEHOUSE_PROVIDER_NAME,
    demo: e.GATEHOUSE_DEMO ?? false,
    schedulerIntervalMs: e.GATEHOUSE_SCHEDULER_INTERVAL_MS,
    webhooksAllowInsecure: e.GATEHOUSE_WEBHOOKS_ALLOW_INSECURE ?? false,
    fakeVendorSecret: e.GATEHOUSE_FAKE_VENDOR_SECRET,
    networkLists: e.GATEHOUSE_NETWORK_LISTS ?? [],
    listUrls: e.GATEHOUSE_LIST_URLS ?? {},
    nats:
      e.GATEHOUSE_NATS_URL === undefined
        ? undefined
        : { servers: e.GATEHOUSE_NATS_URL, replicas: e.GATEHOUSE_NATS_REPLICAS },
    ledgerKeys: {
      signingKey: e.GATEHOUSE_LEDGER_SIGNING_KEY,
      commitmentKey: e.GATEHOUSE_LEDGER_COMMITMENT_KEY,
      file: path.resolve(e.GATEHOUSE_DATA_DIR, 'ledger-keys.json'),
    },
    keyringFile: path.resolve(e.GATEHOUSE_KEYRING_FILE ?? path.join(e.GATEHOUSE_DATA_DIR, 'keyring.json')),
  };
}

/**
 * Empty strings count as unset, as a shell `export GATEHOUSE_PORT=` intends. GATEHOUSE_TEST_* and
 * GATEHOUSE_BENCH_* belong to the test suite and the benchmarks, not to the server.
 */
const NOT_SERVER_SETTINGS = /^GATEHOUSE_(TEST|BENCH)_/;

function pickGatehouseVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const isSetting = name.startsWith('GATEHOUSE_') && !NOT_SERVER_SETTINGS.test(name);
    if (isSetting && value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}
