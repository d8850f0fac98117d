import cluster from 'node:cluster';
import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { runServer, type ServeIo } from '../../main.ts';
import { parseOptions } from '../output.ts';
import {
  MAX_PROCESSES,
  processCount,
  refuseEmbeddedStore,
  runAsServerProcess,
  runServerProcesses,
} from '../serve-processes.ts';

/**
 * Starts the API server. SIGINT/SIGTERM drain in-flight requests and close the store; a second signal,
 * or the drain outlasting GATEHOUSE_SHUTDOWN_TIMEOUT_MS, exits at once.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'Run the HTTP API. With no configuration: embedded PostgreSQL (PGlite) in ./data, http://localhost:8080. ' +
        'Settings come from GATEHOUSE_* environment variables (see .env.example).',
    )
    .option('--json', 'announce the address (and a first admin key) as JSON lines')
    .option(
      '--demo',
      'seed fictional demo applications and a DEMO measure on start (idempotent; or GATEHOUSE_DEMO=true)',
    )
    .option(
      '--processes <n>',
      `server processes sharing the port, 1-${MAX_PROCESSES} or "auto" (one per core); above 1 needs PostgreSQL`,
    )
    .action(async (raw: Record<string, unknown>) => {
      const { json, demo, processes } = parseOptions(
        z.object({
          json: z.boolean().optional(),
          demo: z.boolean().optional(),
          processes: z
            .union([z.literal('auto'), z.coerce.number().int().min(1).max(MAX_PROCESSES)])
            .optional(),
        }),
        raw,
      );
      const loaded = loadConfig();
      const config = { ...loaded, demo: loaded.demo || demo === true };
      const count = processCount(processes);
      refuseEmbeddedStore(config, count);
      if (cluster.isWorker) return runAsServerProcess(config, json === true);
      // Listen for signals before starting: a supervisor may signal as soon as it reads "listening",
      // or during start-up; either way the server then stops cleanly once it is up.
      let signalled = false;
      const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          if (signalled) process.exit(130);
          signalled = true;
          resolve(signal);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      const io = announcer(json === true);
      if (count > 1) {
        process.exitCode = await runServerProcesses(count, config, io, stopRequested);
        return;
      }
      const server = await runServer(config, io);
      const signal = await stopRequested;
      process.stderr.write(`${signal}: draining requests, then closing the store…\n`);
      const force = setTimeout(() => {
        process.stderr.write('Shutdown timed out; exiting.\n');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      force.unref();
      await server.stop();
    });
}

/** The operator's lines: JSON events with --json, else sentences. */
function announcer(json: boolean): ServeIo {
  return {
    announce: (event) => {
      if (json) {
        process.stdout.write(`${JSON.stringify(event)}\n`);
      } else if (event.type === 'admin-key') {
        process.stdout.write(
          `First start: created the provider tenant ${event.tenantId}.\nAdmin API key: ${event.key}\n` +
            'Store this key now; it is shown only once. More keys: `gatehouse keys create --role <role>`.\n',
        );
      } else if (event.type === 'console-admin') {
        process.stdout.write(
          `Console admin: ${event.email} / ${event.password}\n` +
            'Sign in at the address below; the password is shown only once.\n',
        );
      } else if (event.type === 'demo-seeded') {
        process.stdout.write(
          `Demo data: added ${event.added} application(s) (see gatehouse demo seed --help).\n`,
        );
      } else {
        const processes = event.processes === undefined ? '' : `, ${event.processes} processes`;
        process.stdout.write(`Gatehouse listening on ${event.url} (store: ${event.store}${processes})\n`);
      }
    },
  };
}
