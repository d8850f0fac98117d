/** The part of autocannon 8's programmatic API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** What `setupRequest` receives and returns: the request about to be serialised. */
  interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  /**
   * One step of the sequence each connection loops over. With a `setupRequest` function the request
   * is rebuilt (and the function called) every time it is sent.
   */
  interface RequestStep extends RawRequest {
    setupRequest?: (request: RawRequest, context: Record<string, unknown>) => RawRequest;
  }

  interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    requests?: RequestStep[];
    /** Seconds before a request counts as timed out. */
    timeout?: number;
  }

  interface Histogram {
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Result {
    /** Per-second samples of completed requests; `total` is the count over the run. */
    requests: Histogram & { total: number; sent: number };
    /** Milliseconds, integer resolution, 2xx responses only. */
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }

  interface Instance extends EventEmitter, PromiseLike<Result> {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
    ): this;
  }

  function autocannon(options: Options): Instance;
  namespace autocannon {
    export type { RawRequest, RequestStep };
  }
  export = autocannon;
}
