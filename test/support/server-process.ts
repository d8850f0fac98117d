/**
 * Runs `gatehouse serve --json` as a real child process, for tests that need what `app.inject()`
 * cannot give: a TCP port, signals (kill -9), a restart on the same data.
 *
 *   const server = await startServer({ GATEHOUSE_DATA_DIR: dir });
 *   server.url       // http://127.0.0.1:PORT
 *   server.adminKey  // the first admin key, only on the first start of an empty store
 *   await server.kill('SIGKILL');  // signals and waits for the exit; stop() is SIGTERM
 *
 * The child's environment is this process's minus every GATEHOUSE_* variable (an unknown one fails
 * startup with CONFIG_INVALID), plus a port of 0, host 127.0.0.1, log level warn, and `settings`.
 * Children still running when the test process exits are killed, so a failed test leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GATEHOUSE_BIN = path.join(REPO_ROOT, 'bin/gatehouse.js');

/** First starts of an embedded store run initdb: over a minute on a loaded 2-core machine. */
const DEFAULT_START_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 15_000;
const OUTPUT_LIMIT = 64 * 1024;

export interface ServerProcess {
  /** Base URL without a trailing slash, from the `listening` line. */
  url: string;
  /** The admin key the first start of an empty store prints; undefined on later starts. */
  adminKey: string | undefined;
  /** The provider tenant created with the admin key; undefined on later starts. */
  providerTenantId: string | undefined;
  pid: number;
  child: ChildProcess;
  /** Resolves once the process has exited, with how it exited. */
  exited: Promise<ServerExit>;
  /** True until the process has exited. */
  isRunning(): boolean;
  /** Sends `signal` (SIGTERM by default) and waits for the exit. A no-op once exited. */
  kill(signal?: NodeJS.Signals): Promise<ServerExit>;
  /** SIGTERM, then SIGKILL if the graceful shutdown takes longer than 15 s. */
  stop(): Promise<ServerExit>;
  /** The last 64 KiB of stdout and stderr, for assertion messages. */
  output(): string;
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartServerOptions {
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** This process's environment without GATEHOUSE_* variables, plus test defaults and `settings`. */
export function serverEnv(settings: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GATEHOUSE_')) env[name] = value;
  }
  return {
    ...env,
    GATEHOUSE_PORT: '0',
    GATEHOUSE_HOST: '127.0.0.1',
    GATEHOUSE_LOG_LEVEL: 'warn',
    ...settings,
  };
}

/** Starts the server and resolves once it listens; rejects (with its output) if it exits or times out. */
export async function startServer(
  settings: Record<string, string>,
  options: StartServerOptions = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [GATEHOUSE_BIN, 'serve', '--json'], {
    cwd: REPO_ROOT,
    env: serverEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const record = (text: string) => {
    output = (output + text).slice(-OUTPUT_LIMIT);
  };
  child.stderr?.setEncoding('utf8').on('data', record);
  // 'close' rather than 'exit': it comes once stdout and stderr are drained, so output() is complete.
  const exited = new Promise<ServerExit>((resolve) => {
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (isRunning()) child.kill(signal);
    return exited;
  };

  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let adminKey: string | undefined;
  let providerTenantId: string | undefined;
  const listening = new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      record(`${line}\n`);
      const event = parseEvent(line);
      if (event?.type === 'admin-key') {
        adminKey = event.key;
        providerTenantId = event.tenantId;
      } else if (event?.type === 'listening') {
        resolve(event.url);
      }
    });
    void exited.then((exit) =>
      reject(new Error(`gatehouse serve exited before listening (${describeExit(exit)}):\n${output}`)),
    );
    const timer = setTimeout(
      () => reject(new Error(`gatehouse serve did not listen within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    timer.unref();
  });

  let url: string;
  try {
    url = await listening;
  } catch (error) {
    await kill('SIGKILL');
    throw error;
  }
  return {
    url,
    adminKey,
    providerTenantId,
    pid: child.pid!,
    child,
    exited,
    isRunning,
    kill,
    stop: async () => {
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      try {
        return await kill('SIGTERM');
      } finally {
        clearTimeout(force);
      }
    },
    output: () => output,
  };
}

type ServeEvent =
  { type: 'admin-key'; key: string; tenantId: string } | { type: 'listening'; url: string; store: string };

/** Stdout mixes the announcement lines with pino's JSON log lines (which carry a `level`). */
function parseEvent(line: string): ServeEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as Record<string, unknown>;
  if (event.type === 'admin-key' && typeof event.key === 'string' && typeof event.tenantId === 'string') {
    return { type: 'admin-key', key: event.key, tenantId: event.tenantId };
  }
  if (event.type === 'listening' && typeof event.url === 'string') {
    return { type: 'listening', url: event.url, store: String(event.store) };
  }
  return undefined;
}

function describeExit(exit: ServerExit): string {
  return exit.signal === null ? `exit code ${String(exit.code)}` : `signal ${exit.signal}`;
}
