/**
 * Runs the real `gatehouse` command (bin/gatehouse.js) as a child process, as an operator would.
 *
 *   const result = await runCli(['keys', 'list', '--json'], { GATEHOUSE_DATA_DIR: dir });
 *   result.code            // the exit code
 *   errorOf(result).code   // the error code of a --json failure
 *
 *   const server = startCli(['serve', '--json'], settings);
 *   const url = await server.waitForEvent('listening');
 *   await server.stop('SIGTERM', 10_000);
 *
 * The child's environment is this process's minus every GATEHOUSE_* variable (an unknown one fails
 * every command with CONFIG_INVALID), plus `settings`. Children still running when the test process
 * exits are killed, so a failed test leaves none behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GATEHOUSE_BIN = path.join(REPO_ROOT, 'bin/gatehouse.js');

/**
 * Opening a new PGlite folder runs initdb: 5-15 s on an idle two-core machine, over a minute when
 * other suites load it. A timeout here means a hang, not a slow machine.
 */
const DEFAULT_TIMEOUT_MS = 180_000;
const OUTPUT_LIMIT = 256 * 1024;

export type Settings = Record<string, string>;

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliResult extends CliExit {
  stdout: string;
  stderr: string;
}

/** The `error` member of what a failing command prints on stderr with --json. */
export interface CliError {
  code: string;
  message: string;
  field?: string;
  errors: Array<{ field: string; code: string; message: string }>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** This process's environment without GATEHOUSE_* variables, plus `settings`. */
export function cliEnv(settings: Settings = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GATEHOUSE_')) env[name] = value;
  }
  return { ...env, ...settings };
}

/** A fresh folder under the system temp dir; the caller removes it with removeTempDir. */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs one command to its end; rejects (killing the child) if it outlasts `timeoutMs`. */
export async function runCli(
  args: string[],
  settings: Settings = {},
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<CliResult> {
  const child = startCli(args, settings);
  const timer = setTimeout(() => child.signal('SIGKILL'), timeoutMs);
  try {
    const exit = await child.exited;
    if (exit.signal === 'SIGKILL') {
      throw new Error(
        `gatehouse ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${child.output()}`,
      );
    }
    return { ...exit, stdout: child.stdout(), stderr: child.stderr() };
  } finally {
    clearTimeout(timer);
  }
}

export interface CliProcess {
  pid: number;
  exited: Promise<CliExit>;
  isRunning(): boolean;
  stdout(): string;
  stderr(): string;
  /** Both streams, for assertion messages. */
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the first stdout line matching `test` (including lines already printed). */
  waitForLine(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** The `url` of the `{"type":"listening"}` line that `serve --json` prints. */
  waitForEvent(type: 'listening', timeoutMs?: number): Promise<string>;
  /** Sends `signal` and waits for the exit; SIGKILLs and rejects if that takes longer than `timeoutMs`. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<CliExit>;
}

/** Starts a command (typically `serve`) without waiting for it to end. */
export function startCli(args: string[], settings: Settings = {}): CliProcess {
  const child = spawn(process.execPath, [GATEHOUSE_BIN, ...args], {
    cwd: REPO_ROOT,
    env: cliEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let both = '';
  const listeners = new Set<() => void>();
  const record = (text: string, stream: 'stdout' | 'stderr') => {
    if (stream === 'stdout') stdout = (stdout + text).slice(-OUTPUT_LIMIT);
    else stderr = (stderr + text).slice(-OUTPUT_LIMIT);
    both = (both + text).slice(-OUTPUT_LIMIT);
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding('utf8').on('data', (text: string) => record(text, 'stdout'));
  child.stderr.setEncoding('utf8').on('data', (text: string) => record(text, 'stderr'));
  // 'close' (not 'exit') so that everything the child printed has been read.
  const exited = new Promise<CliExit>((resolve) => {
    child.once('close', (code, signal) => {
      running.delete(child);
      for (const listener of listeners) listener();
      resolve({ code, signal });
    });
  });
  const isRunning = () => running.has(child);
  const signal = (name: NodeJS.Signals) => {
    if (isRunning()) child.kill(name);
  };

  const waitForLine = (test: (line: string) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        // Only complete lines: a chunk may end in the middle of one.
        const found = stdout.split('\n').slice(0, -1).find(test);
        if (found !== undefined) finish(() => resolve(found));
        else if (!isRunning())
          finish(() => reject(new Error(`gatehouse ${args.join(' ')} exited first:\n${both}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`gatehouse ${args.join(' ')}: no such line in time:\n${both}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    pid: child.pid!,
    exited,
    isRunning,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => both,
    signal,
    waitForLine,
    waitForEvent: async (type, timeoutMs) => {
      const line = await waitForLine((l) => parseJsonLine(l)?.type === type, timeoutMs);
      return String(parseJsonLine(line)?.url);
    },
    stop: async (name, timeoutMs) => {
      signal(name);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`gatehouse ${args.join(' ')} did not exit within ${timeoutMs} ms of ${name}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Kills every command still running (for `after` hooks) and waits until they are gone. */
export async function killAllCli(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * One JSON object from a line of output, or undefined. `serve` mixes its announcements with pino's
 * JSON log lines and plain text, so every line is parsed defensively.
 */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON document a successful --json command printed on stdout. */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`expected JSON on stdout (exit ${String(result.code)}):\n${describeResult(result)}`);
  }
}

/** The `error` a failing --json command printed on stderr. */
export function errorOf(result: CliResult): CliError {
  const body = result.stderr
    .split('\n')
    .map(parseJsonLine)
    .find((value) => value !== undefined && 'error' in value);
  if (body === undefined) throw new Error(`expected a JSON error on stderr:\n${describeResult(result)}`);
  return body.error as CliError;
}

/** Both streams and the exit, for assertion messages. */
export function describeResult(result: CliResult): string {
  return `exit ${String(result.code)}${result.signal === null ? '' : ` (${result.signal})`}\nstdout: ${
    result.stdout
  }\nstderr: ${result.stderr}`;
}
