/**
 * The load generator, in a process of its own: an autocannon warm-up run whose figures are discarded,
 * then the measured run. Latency is recorded per response into a microsecond histogram, because
 * autocannon's own histogram has 1 ms resolution and sub-millisecond requests would all read 0 or 1.
 */
import { randomBytes } from 'node:crypto';
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { describeError, reply, type LoadReply, type LoadRequest, type LoadResult } from './ipc.ts';

const REQUEST_TIMEOUT_S = 10;

/**
 * One request step that sends the bodies in turn, each with an `account.externalId` never used before
 * (a random prefix for this process, then a counter shared by every connection, warm-up included), so
 * each request opens a new account instead of adding a version to an existing one.
 */
function rotatingBodies(bodies: ReadonlyArray<Record<string, unknown>>): autocannon.RequestStep[] {
  const prefix = `bench-${randomBytes(4).toString('hex')}-`;
  let sent = 0;
  return [
    {
      setupRequest: (raw) => {
        const body = bodies[sent % bodies.length];
        sent += 1;
        return { ...raw, body: JSON.stringify({ ...body, account: { externalId: `${prefix}${sent}` } }) };
      },
    },
  ];
}

async function measure(request: LoadRequest): Promise<LoadResult> {
  const bodies = request.bodies ?? [];
  if (request.method === 'POST' && bodies.length === 0) throw new Error('a POST scenario needs bodies');
  const base = {
    url: request.url,
    method: request.method,
    headers: bodies.length > 0 ? { ...request.headers, 'content-type': 'application/json' } : request.headers,
    connections: request.connections,
    timeout: REQUEST_TIMEOUT_S,
    ...(bodies.length > 0 ? { requests: rotatingBodies(bodies) } : {}),
  };
  if (request.warmupS > 0) await autocannon({ ...base, duration: request.warmupS });
  const micros = createHistogram();
  const run = autocannon({ ...base, duration: request.durationS });
  run.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) micros.record(Math.max(1, Math.round(responseTimeMs * 1000)));
  });
  const result = await run;
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    requestsPerSec: result.requests.mean,
    requests: result.requests.total,
    latencyMs: {
      mean: ms(micros.count === 0 ? 0 : micros.mean),
      p50: ms(micros.percentile(50)),
      p90: ms(micros.percentile(90)),
      p99: ms(micros.percentile(99)),
      max: ms(micros.count === 0 ? 0 : micros.max),
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    responses2xx: result['2xx'],
    elapsedS: result.duration,
  };
}

process.once('message', (message: unknown) => {
  measure(message as LoadRequest)
    .then((result): LoadReply => ({ type: 'result', result }))
    .catch((error: unknown): LoadReply => ({ type: 'error', message: describeError(error) }))
    .then(reply)
    .then(() => process.disconnect())
    .catch((error: unknown) => {
      process.stderr.write(`bench load generator: ${describeError(error)}\n`);
      process.exit(1);
    });
});
