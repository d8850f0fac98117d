/**
 * The messages between the orchestrator (run.ts) and its two kinds of child process: the server under
 * test (server-child.ts) and the load generator (load-child.ts). Each lives in its own process so the
 * load generator never shares the server's event loop and the server's RSS is the server's alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { OpenStoreConfig } from '../src/storage/open.ts';

export type ServerRequest =
  | { type: 'start'; store: OpenStoreConfig }
  | { type: 'memory' }
  /** Starts a CPU profile of the server (BENCH_CPU_PROF_DIR); `profile-stop` writes it to `file`. */
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };

export type ServerReply =
  /** `geo` says which IP geolocation the server uses, e.g. the mmdb's build date and load time. */
  | { type: 'ready'; url: string; adminKey: string; geo: string }
  /**
   * Memory, the CPU time (user + system) the process has used since it started, and how many HTTP
   * requests it has finished; sent once no request is in flight, so CPU and count cover the same work.
   */
  | { type: 'memory'; rssBytes: number; heapUsedBytes: number; cpuMicros: number; handledRequests: number }
  | { type: 'profiling' }
  | { type: 'profile-saved'; file: string }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

export interface LoadRequest {
  type: 'load';
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /**
   * JSON bodies to rotate through, one per request in this order (POST only). The load generator adds
   * `account: { externalId }` with an id of its own to each, so no two requests name the same account.
   */
  bodies?: Array<Record<string, unknown>>;
  connections: number;
  warmupS: number;
  durationS: number;
}

export interface LoadResult {
  requestsPerSec: number;
  requests: number;
  /** Milliseconds, from a microsecond histogram of 2xx responses (autocannon's own rounds to 1 ms). */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx answers in the measured run, and how long it lasted: 2xx per second is work done. */
  responses2xx: number;
  elapsedS: number;
}

export type LoadReply = { type: 'result'; result: LoadResult } | { type: 'error'; message: string };

/** Forks a TypeScript child; it inherits `--import tsx` from this process's execArgv. */
export function forkChild(file: 'server-child.ts' | 'load-child.ts'): ChildProcess {
  const child = fork(new URL(file, import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A send to a child that has just died emits 'error'; `ask` reports it through its callback instead.
  child.on('error', () => undefined);
  return child;
}

/**
 * Sends one request and resolves with the child's next message, which must be of the expected type;
 * an `error` reply rejects with the child's message.
 */
export function ask<Type extends (ServerReply | LoadReply)['type']>(
  child: ChildProcess,
  request: ServerRequest | LoadRequest,
  expected: Type,
  timeoutMs: number,
): Promise<Extract<ServerReply | LoadReply, { type: Type }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => settle(new Error(`no answer to '${request.type}' in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      const reply = message as ServerReply | LoadReply;
      if (reply.type === 'error') settle(new Error(reply.message));
      else if (reply.type !== expected) settle(new Error(`expected '${expected}', got '${reply.type}'`));
      else settle(undefined, reply);
    };
    const onExit = (code: number | null) =>
      settle(new Error(`child exited (code ${String(code)}) before answering`));
    function settle(error: Error | undefined, reply?: unknown): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error === undefined) resolve(reply as Extract<ServerReply | LoadReply, { type: Type }>);
      else reject(error);
    }
    if (!child.connected) {
      settle(new Error(`child exited before '${request.type}' could be sent`));
      return;
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(request, (error: Error | null) => {
      if (error !== null) settle(error);
    });
  });
}

/** Waits for a child to exit by itself; one that lingers past the timeout is killed. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** What a child sends back; `process.send` exists only in a forked process. */
export function reply(message: ServerReply | LoadReply): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('run this file through bench/run.ts (it expects an IPC channel)'));
      return;
    }
    process.send(message, undefined, {}, (error: Error | null) =>
      error === null ? resolve() : reject(error),
    );
  });
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
