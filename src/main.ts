/**
 * Composition root: config → storage → services → HTTP server. The CLI (src/cli) calls in here;
 * nothing else wires the layers together.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { AppError } from './errors.ts';
import { bootstrapProvider } from './services/bootstrap.ts';
import { createServices, type Services } from './services/index.ts';
import { openStore } from './storage/open.ts';
import { MmdbGeoLookup } from './providers/geoip/mmdb-geo-lookup.ts';
import { createLogCodeSender } from './providers/senders/log-sender.ts';
import { FakeVendor } from './providers/vendors/fake-vendor.ts';
import { createFetchTransport } from './providers/webhooks/fetch-transport.ts';
import { startScheduler } from './workers/scheduler.ts';
import { ledgerOrigin } from './domain/ledger/entries.ts';
import { loadLedgerKeys } from './providers/ledger/key-file.ts';
import { loadKeyringFile } from './providers/kms/key-file.ts';
import type { AccessEventSink } from './services/access-log.ts';
import { DEFAULT_OUTAGE_GRACE_MS } from './services/outage-memory.ts';
import {
  loadRangeListFile,
  refreshRangeLists,
  type LoadedRangeList,
} from './providers/geoip/range-list-files.ts';

export function createLogger(config: Pick<Config, 'logLevel'>, to: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
      level: config.logLevel,
      // Credentials never reach the logs, whatever a future log line includes.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
        censor: '[redacted]',
      },
    },
    // CLI commands print their results on stdout; their log lines go to stderr.
    pino.destination({ fd: to === 'stdout' ? 1 : 2, sync: to === 'stderr' }),
  );
}

/** Opens the store, brings its schema up to date (or checks it is), and assembles the services. */
export async function openRuntime(
  config: Config,
  logger: Logger,
  options: {
    preloadGeo?: boolean;
    watchNetworkLists?: (refresh: () => Promise<void>) => void;
    /** Demo data is being seeded: enable the fake vendor even without a configured secret. */
    demo?: boolean;
    /** Scale-out mode: accepted access events go to JetStream instead of the store. */
    accessEventSink?: AccessEventSink;
  } = {},
): Promise<Services> {
  const store = await openStore(config.store, {
    onBackgroundError: (error) =>
      logger.warn({ code: (error as { code?: string }).code }, 'database connection lost'),
  });
  try {
    if (config.migrateOnStart) {
      await store.migrate();
    } else {
      const { pending } = await store.migrationStatus();
      if (pending.length > 0) {
        throw new AppError(
          'MIGRATIONS_PENDING',
          `The database schema is behind (${pending.length} pending: ${pending.join(', ')}). Run \`gatehouse migrate\` first.`,
        );
      }
    }
    // IP geolocation from the offline mmdb data; it loads on first use (the server preloads it).
    const geo = new MmdbGeoLookup();
    let networkLists = await Promise.all(config.networkLists.map(loadRangeListFile));
    geo.setRangeLists(networkLists.map((loaded) => loaded.list));
    for (const loaded of networkLists) logRangeList(logger, loaded, 'loaded');
    options.watchNetworkLists?.(async () => {
      const { lists, reloaded } = await refreshRangeLists(networkLists);
      networkLists = lists;
      if (reloaded.length === 0) return;
      geo.setRangeLists(lists.map((loaded) => loaded.list));
      for (const loaded of reloaded) logRangeList(logger, loaded, 'reloaded');
    });
    if (options.preloadGeo === true) {
      geo
        .load()
        .catch((error: unknown) => logger.warn({ err: error }, 'IP geolocation data could not be loaded'));
    }
    const ledger = await loadLedgerKeys(config.ledgerKeys, ledgerOrigin(config.providerName));
    if (ledger.createdFile !== undefined) {
      logger.info(
        { file: ledger.createdFile },
        'ledger keys created (keep this file out of database backups)',
      );
    }
    const keyring = await loadKeyringFile(config.keyringFile);
    if (keyring.created) {
      logger.info(
        { file: keyring.file },
        'personal-data keyring created (keep this file out of database backups)',
      );
    }
    store.usePersonalDataKeys(keyring.keyring);
    return createServices(store, {
      ledgerSigningKey: ledger.keys.signingKey,
      ledgerCommitmentKey: ledger.keys.commitmentKey,
      geo,
      sender: createLogCodeSender(logger),
      vendors: fakeVendorFor(config, options.demo === true),
      webhookTransport: createFetchTransport(undefined, {
        allowPrivateAddresses: config.webhooksAllowInsecure,
      }),
      allowInsecureWebhookUrls: config.webhooksAllowInsecure,
      ...(options.accessEventSink === undefined
        ? {}
        : { accessEventSink: options.accessEventSink, outageGraceMs: DEFAULT_OUTAGE_GRACE_MS }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * The fake vendor runs when a secret is configured, and in demo mode with a throwaway secret (its
 * webhooks are then only produced in-process by the demo seed).
 */
function fakeVendorFor(config: Config, demo: boolean): FakeVendor[] {
  const secret =
    config.fakeVendorSecret ?? (demo || config.demo ? randomBytes(24).toString('hex') : undefined);
  return secret === undefined ? [] : [new FakeVendor(secret)];
}

function logRangeList(logger: Logger, loaded: LoadedRangeList, what: 'loaded' | 'reloaded'): void {
  const { list, problems, file } = loaded;
  const firstBadLines = problems.slice(0, 5).map((p) => p.line);
  logger.info(
    { list: list.name, kind: list.kind, ranges: list.size, file: file.path },
    `network list ${what}`,
  );
  if (problems.length > 0)
    logger.warn({ list: list.name, skipped: problems.length, firstBadLines }, 'network list lines skipped');
}

export interface ServerHandle {
  url: string;
  /** Drains in-flight requests, then closes the store. */
  stop(): Promise<void>;
}

export interface ServeIo {
  /** A line for the operator: the listening address and, on the first start, the admin key. */
  announce(
    event:
      | { type: 'admin-key'; key: string; tenantId: string }
      | { type: 'console-admin'; email: string; password: string }
      | { type: 'listening'; url: string; store: string; processes?: number }
      | { type: 'demo-seeded'; added: number },
  ): void;
}

/** The provider tenant and its first keys on an empty database (announced once), and demo data if asked. */
async function bootstrapAndSeed(services: Services, config: Config, io: ServeIo): Promise<void> {
  const boot = await bootstrapProvider(services.deps, config.providerName, { consoleAdmin: true });
  if (boot.adminKey !== undefined)
    io.announce({ type: 'admin-key', key: boot.adminKey, tenantId: boot.tenant.id });
  if (boot.consoleAdmin !== undefined) io.announce({ type: 'console-admin', ...boot.consoleAdmin });
  if (config.demo) {
    const { seedDemo } = await import('./services/demo.ts');
    const actor = {
      tenantId: boot.tenant.id,
      type: 'system',
      id: 'demo',
      role: 'admin',
      requestId: null,
    } as const;
    const seeded = await seedDemo(services, actor);
    io.announce({ type: 'demo-seeded', added: seeded.applications.filter((a) => a.created).length });
  }
}

/**
 * What `serve --processes N` does once, before it starts its server processes: the schema brought up to
 * date (or checked), the provider bootstrapped, demo data seeded. The processes then find it all done.
 */
export async function prepareServer(config: Config, io: ServeIo): Promise<void> {
  const services = await openRuntime(config, createLogger(config));
  try {
    await bootstrapAndSeed(services, config, io);
  } finally {
    await services.store.close();
  }
}

export async function runServer(config: Config, io: ServeIo): Promise<ServerHandle> {
  const logger = createLogger(config);
  let refreshNetworkLists: (() => Promise<void>) | undefined;
  // Scale-out mode: the NATS client is loaded only when a cluster is configured.
  const jetStream = config.nats === undefined ? undefined : await import('./workers/access-jetstream.ts');
  const accessStream = config.nats === undefined ? undefined : await jetStream?.openAccessStream(config.nats);
  const services = await openRuntime(config, logger, {
    preloadGeo: true,
    watchNetworkLists: (refresh) => (refreshNetworkLists = refresh),
    ...(accessStream === undefined ? {} : { accessEventSink: jetStream?.jetStreamSink(accessStream) }),
  }).catch(async (error: unknown) => {
    await accessStream?.close();
    throw error;
  });
  // Loaded here, not at the top: CLI commands that only touch the store start faster without it.
  const { buildApp } = await import('./http/app.ts');
  const app = await buildApp({
    services,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    ingestBodyLimitBytes: config.ingestBodyLimitBytes,
    rateLimitPerMinute: config.rateLimitPerMinute,
    // The reviewer console, built by `npm run build` (and by `npm start` when it is missing or stale).
    consoleDir: fileURLToPath(new URL('../web/dist/', import.meta.url)),
  }).catch(async (error: unknown) => {
    await services.store.close();
    throw error;
  });
  try {
    await bootstrapAndSeed(services, config, io);
    await app.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
      throw listenError(error, config);
    });
  } catch (error) {
    await app.close();
    await services.store.close();
    throw error;
  }
  const purge = setInterval(
    () => {
      services.idempotency
        .purgeExpired()
        .catch((error: unknown) => logger.warn({ err: error }, 'idempotency purge failed'));
    },
    60 * 60 * 1000,
  );
  purge.unref();
  // A feed replaced in place (a daily Tor exit list) is picked up within a minute, without a restart.
  const listWatch = setInterval(() => {
    refreshNetworkLists?.().catch((error: unknown) =>
      logger.warn({ err: error }, 'network list reload failed'),
    );
  }, 60_000);
  listWatch.unref();
  const scheduler = startScheduler(services, config.schedulerIntervalMs, logger);
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  io.announce({
    type: 'listening',
    url,
    store: config.store.kind === 'pglite' ? `pglite ${config.store.dataDir}` : 'postgres',
  });
  let stopping: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(purge);
        clearInterval(listWatch);
        await scheduler.stop();
        await app.close();
        await accessStream?.close();
        await services.store.close();
      })()),
  };
}

/** The usual reasons a listen fails are configuration: say which setting, not "internal error". */
function listenError(error: unknown, config: Config): unknown {
  const code = (error as { code?: unknown }).code;
  const where = `${config.host}:${config.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new AppError(
        'CONFIG_INVALID',
        `Port ${config.port} is already in use on ${config.host}: set GATEHOUSE_PORT.`,
        { field: 'env.GATEHOUSE_PORT', cause: error },
      );
    case 'EACCES':
      return new AppError('CONFIG_INVALID', `Not allowed to listen on ${where}: choose a port above 1023.`, {
        field: 'env.GATEHOUSE_PORT',
        cause: error,
      });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new AppError(
        'CONFIG_INVALID',
        `Cannot listen on host ${config.host}: set GATEHOUSE_HOST to an address of this machine.`,
        { field: 'env.GATEHOUSE_HOST', cause: error },
      );
    default:
      return error;
  }
}
