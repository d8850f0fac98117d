import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { runServer } from '../../main.ts';
import { parseOptions } from '../output.ts';

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
    .action(async (raw: Record<string, unknown>) => {
      const { json, demo } = parseOptions(
        z.object({ json: z.boolean().optional(), demo: z.boolean().optional() }),
        raw,
      );
      const loaded = loadConfig();
      const config = { ...loaded, demo: loaded.demo || demo === true };
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
      const server = await runServer(config, {
        announce: (event) => {
          if (json === true) {
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
            process.stdout.write(`Gatehouse listening on ${event.url} (store: ${event.store})\n`);
          }
        },
      });
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
