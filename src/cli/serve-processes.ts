/**
 * `gatehouse serve --processes N`: N API server processes behind one port (node:cluster), for a machine
 * with more cores than one Node.js event loop can use. Each process is a whole, stateless API node; the
 * primary only prepares the database once (migrations, first-start keys, demo data), starts the
 * processes, restarts one that dies, and stops them all on SIGINT/SIGTERM, each draining its requests.
 * The scheduler runs in the first process only. PostgreSQL only: the embedded store belongs to one
 * process (docs/operations/scale-out.md).
 */
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { AppError } from '../errors.ts';
import type { Config } from '../config.ts';
import { prepareServer, runServer, type ServeIo } from '../main.ts';
import { reportFailure } from './output.ts';

/** Most server processes one `serve` starts. */
export const MAX_PROCESSES = 64;
/** A process that dies more often than this within RESTART_WINDOW_MS means a broken node: stop. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

type FromServer = { type: 'listening'; url: string };
type ToServer = { type: 'stop' };

/** `auto`: one process per core this machine offers. */
export function processCount(option: number | 'auto' | undefined): number {
  if (option === 'auto') return Math.min(MAX_PROCESSES, os.availableParallelism());
  return option ?? 1;
}

export function refuseEmbeddedStore(config: Config, count: number): void {
  if (count > 1 && config.store.kind !== 'postgres') {
    throw new AppError(
      'CONFIG_INVALID',
      'Several server processes need PostgreSQL (GATEHOUSE_DATABASE_URL): the embedded store belongs to one process.',
      { field: 'option.processes' },
    );
  }
}

/**
 * In a server process started by the primary: serve until the primary says stop (or goes away), then
 * drain. SIGINT is left to the primary (a terminal's Ctrl-C reaches the whole process group), so one
 * Ctrl-C drains once instead of counting as a second signal here.
 */
export async function runAsServerProcess(config: Config, json: boolean): Promise<void> {
  process.on('SIGINT', () => undefined);
  // Listened for from the start: a stop may come while this process is still starting.
  const stopRequested = new Promise<void>((resolve) => {
    process.on('message', (message: ToServer) => {
      if (message.type === 'stop') resolve();
    });
    process.on('SIGTERM', () => resolve());
    process.on('disconnect', () => resolve());
  });
  const server = await runServer(
    { ...config, demo: false },
    {
      announce: (event) => {
        if (event.type === 'listening')
          process.send?.({ type: 'listening', url: event.url } satisfies FromServer);
      },
    },
  ).catch((error: unknown) => {
    // Reported and ended here: the channel to the primary would keep this process alive after the CLI's
    // own report, and closing the channel ends a cluster process with exit code 0.
    process.exit(reportFailure(error, json));
  });
  await stopRequested;
  await server.stop();
  process.exit(0);
}

/**
 * The primary: prepares the database, starts `count` server processes and announces the address once
 * all of them listen. Resolves with the exit code once they have all stopped after `stopRequested`, or
 * when one fails to start (its error is on stderr) or keeps dying.
 */
export async function runServerProcesses(
  count: number,
  config: Config,
  io: ServeIo,
  stopRequested: Promise<NodeJS.Signals>,
): Promise<number> {
  await prepareServer(config, io);
  const servers = new Map<Worker, number>(); // process → slot
  const listening = new Set<number>(); // slots that have listened
  const ready = new Set<Worker>(); // processes listening, so listening for the primary's messages too
  const restarts: number[] = [];
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  let exitCode = 0;

  const stopAll = (code: number) => {
    if (phase === 'stopping') return;
    phase = 'stopping';
    exitCode = code;
    if (servers.size === 0) finish(exitCode);
    // A process still starting may not listen for messages yet (one sent then is lost): it gets SIGTERM,
    // which it handles once it can and which ends it before that, with nothing to drain.
    for (const server of servers.keys()) {
      if (ready.has(server) && server.isConnected()) server.send({ type: 'stop' } satisfies ToServer);
      else server.process.kill('SIGTERM');
    }
    const force = setTimeout(() => {
      process.stderr.write('Shutdown timed out; killing the server processes.\n');
      for (const server of servers.keys()) server.process.kill('SIGKILL');
      exitCode = 1;
    }, config.shutdownTimeoutMs);
    force.unref();
  };

  const start = (slot: number) => {
    // The scheduler's jobs run in one process: the first.
    const server = cluster.fork(slot === 0 ? {} : { GATEHOUSE_SCHEDULER_INTERVAL_MS: '0' });
    servers.set(server, slot);
    server.on('message', (message: FromServer) => {
      if (message.type !== 'listening') return;
      ready.add(server);
      if (phase === 'stopping') {
        server.send({ type: 'stop' } satisfies ToServer);
        return;
      }
      listening.add(slot);
      if (phase === 'starting' && listening.size === count) {
        phase = 'running';
        io.announce({ type: 'listening', url: message.url, store: 'postgres', processes: count });
      }
    });
    server.on('exit', (code, signal) => {
      servers.delete(server);
      ready.delete(server);
      if (phase === 'stopping') {
        if (servers.size === 0) finish(exitCode);
        return;
      }
      if (phase === 'starting') {
        process.stderr.write(`A server process failed to start (exit ${code ?? signal}); stopping.\n`);
        stopAll(code !== null && code !== 0 ? code : 1);
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && now - (restarts[0] ?? now) > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        process.stderr.write(
          `Server processes exited ${restarts.length} times within a minute; stopping. See the errors above.\n`,
        );
        stopAll(1);
        return;
      }
      process.stderr.write(
        `Server process ${server.process.pid ?? '?'} exited (${code ?? signal}); starting another.\n`,
      );
      start(slot);
    });
  };

  for (let slot = 0; slot < count; slot += 1) start(slot);
  void stopRequested.then((signal) => {
    process.stderr.write(`${signal}: draining requests in ${servers.size} server processes…\n`);
    stopAll(0);
  });
  return finished;
}
