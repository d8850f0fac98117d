/**
 * A client of `POST /v1/access-events` for fault tests: numbered batches of events, each batch on an
 * address of its own (so what the database holds can be counted batch by batch), every answer
 * recorded, and a refused batch kept to be retried with the same event ids.
 *
 *   const batches = new AccessBatches(server.url, key, accountId);
 *   batches.stream(2);                 // two writers post new batches until paused
 *   await batches.pause();             // waits for the batches in flight
 *   await batches.send(n)              // one batch, by number: its status
 *   await storedPerBatch(client)       // Map<batch, { rows, keys }> straight from SQL
 *   await until('what', () => cond, ms) / await within('what', promise, ms)   // deadlines, no sleeps
 */
import assert from 'node:assert/strict';
import type pg from 'pg';

export const EVENTS_PER_BATCH = 200;

/** Each batch's events have their own address: 10.x.y.1 for batch 256·x + y. */
export const ipOf = (batch: number) => `10.${(batch >> 8) & 255}.${batch & 255}.1`;
const batchOf = (ip: string) => {
  const [, x, y] = ip.split('.').map(Number);
  return (x ?? 0) * 256 + (y ?? 0);
};

export interface Answer {
  status: number;
  body: unknown;
  contentType: string;
}

export class AccessBatches {
  /** Batches answered 202 with every event accepted. */
  readonly acked = new Set<number>();
  /** Batches answered 503 STORE_UNAVAILABLE and not (yet) acknowledged. */
  readonly refused = new Set<number>();
  /** Any other answer (a 500, a 202 that did not accept everything, no answer at all). */
  readonly unexpected: string[] = [];
  /** Of the retries that got a 202, the events the store said it already had (null in scale-out mode). */
  duplicatesOnRetry: number | null = 0;
  private next = 0;
  private writers: Array<Promise<void>> = [];
  private streaming = false;
  /** When `watchForAck()` was called, and the first acknowledgement since. */
  watchedFrom = Infinity;
  firstAckAfterWatch: number | undefined;

  constructor(
    private readonly url: string,
    private readonly key: string,
    private readonly accountId: string,
    /** The events' time base: a whole batch shares one second, well inside the accepted window. */
    private readonly base = Date.now() - 3_600_000,
  ) {}

  get sent(): number {
    return this.next;
  }

  /** Starts `writers` loops that post new batches until `pause()`; a refused one backs off 100 ms. */
  stream(writers: number): void {
    this.streaming = true;
    this.writers = Array.from({ length: writers }, async () => {
      while (this.streaming) {
        const status = await this.send(this.next++);
        if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }

  async pause(): Promise<void> {
    this.streaming = false;
    await Promise.all(this.writers);
  }

  /** Records when the next batch is acknowledged from now on (the recovery time). */
  watchForAck(): void {
    this.watchedFrom = Date.now();
    this.firstAckAfterWatch = undefined;
  }

  /** Posts batch `n` (the same event ids every time) and records the answer; returns its status. */
  async send(n: number): Promise<number> {
    const retry = this.refused.has(n);
    const answer = await this.post(n);
    const body = answer.body as { accepted?: number; duplicates?: number | null; code?: string };
    if (answer.status === 202 && body.accepted === EVENTS_PER_BATCH) {
      this.acked.add(n);
      this.refused.delete(n);
      if (retry) this.countDuplicates(body.duplicates ?? null);
      if (Date.now() >= this.watchedFrom && this.firstAckAfterWatch === undefined) {
        this.firstAckAfterWatch = Date.now();
      }
    } else if (
      answer.status === 503 &&
      body.code === 'STORE_UNAVAILABLE' &&
      answer.contentType.startsWith('application/problem+json')
    ) {
      if (!this.acked.has(n)) this.refused.add(n);
    } else {
      this.unexpected.push(`batch ${n}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer.status;
  }

  /** Retries every refused batch until it is acknowledged, or fails after `timeoutMs`. */
  async retryRefused(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const retried = this.refused.size;
    for (const n of [...this.refused]) {
      while ((await this.send(n)) !== 202) {
        assert.ok(
          Date.now() < deadline,
          `batch ${n} still refused ${timeoutMs} ms after the database returned`,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return retried;
  }

  private countDuplicates(duplicates: number | null): void {
    this.duplicatesOnRetry =
      duplicates === null || this.duplicatesOnRetry === null ? null : this.duplicatesOnRetry + duplicates;
  }

  private async post(n: number): Promise<Answer> {
    const events = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
      id: `${n}-${i}`,
      account: this.accountId,
      ip: ipOf(n),
      at: new Date(this.base + i).toISOString(),
      action: 'api',
    }));
    try {
      const response = await fetch(`${this.url}/v1/access-events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
        body: JSON.stringify(events),
      });
      const text = await response.text();
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    } catch (error) {
      return { status: 0, contentType: '', body: `no answer: ${String(error)}` };
    }
  }
}

/** Rows and distinct event keys stored per batch, read with SQL straight from the database. */
export async function storedPerBatch(
  client: pg.Client,
): Promise<Map<number, { rows: number; keys: number }>> {
  const result = await client.query<{ ip: string; rows: string; keys: string }>(
    'SELECT host(ip) AS ip, count(*) AS rows, count(DISTINCT event_key) AS keys FROM access_events GROUP BY ip',
  );
  return new Map(result.rows.map((r) => [batchOf(r.ip), { rows: Number(r.rows), keys: Number(r.keys) }]));
}

/** Asserts that every batch numbered below `sent` is stored exactly once and nothing else is. */
export async function assertEveryBatchStoredOnce(client: pg.Client, sent: number): Promise<void> {
  const stored = await storedPerBatch(client);
  const wrong = [...Array(sent).keys()]
    .map((n) => ({ n, ...(stored.get(n) ?? { rows: 0, keys: 0 }) }))
    .filter((s) => s.rows !== EVENTS_PER_BATCH || s.keys !== EVENTS_PER_BATCH);
  assert.deepEqual(wrong, [], `every batch stored exactly once (${EVENTS_PER_BATCH} events each)`);
  const strays = [...stored.keys()].filter((n) => n >= sent);
  assert.deepEqual(strays, [], 'nothing stored that was not sent');
}

/** Polls `condition` every 100 ms; fails with `what` after `timeoutMs`. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `promise`, or a failure naming `what` after `timeoutMs`. */
export async function within<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
