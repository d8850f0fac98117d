import { createHash } from 'node:crypto';
import { idempotencyIndexHash, openResponse, sealResponse } from '../domain/access/idempotency-seal.ts';
import { AppError } from '../errors.ts';
import type { Actor, ServiceDeps } from './context.ts';

export interface IdempotentResponse {
  statusCode: number;
  body: unknown;
}

/** Stored responses are replayed for a day; after that the key may be used afresh. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** What makes two requests "the same": method, route and the body (canonical JSON, key order ignored). */
export function fingerprintRequest(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonicalJson(body)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export class IdempotencyService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Runs `work` at most once per (tenant, Idempotency-Key). The reservation, the change made by `work`
   * and the stored response share one transaction: a crash leaves either all of them or none.
   * If `work` throws, nothing is stored and a retry runs it again.
   */
  async execute(
    actor: Actor,
    idempotencyKey: string,
    fingerprint: string,
    work: () => Promise<IdempotentResponse>,
  ): Promise<IdempotentResponse & { replayed: boolean }> {
    const { store } = this.deps;
    const keyHash = idempotencyIndexHash(actor.tenantId, idempotencyKey);
    return store.transaction(async () => {
      const now = this.deps.now();
      let reservation = await store.idempotency.reserve(actor.tenantId, keyHash, fingerprint, now);
      if (
        reservation.outcome === 'existing' &&
        now.getTime() - reservation.record.createdAt.getTime() > IDEMPOTENCY_TTL_MS
      ) {
        await store.idempotency.remove(actor.tenantId, keyHash);
        reservation = await store.idempotency.reserve(actor.tenantId, keyHash, fingerprint, now);
      }
      if (reservation.outcome === 'existing') {
        const { record } = reservation;
        const opened =
          record.requestHash === fingerprint
            ? openResponse(actor.tenantId, idempotencyKey, record.sealedResponse)
            : undefined;
        if (opened === undefined) {
          throw new AppError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was already used with a different request.',
            {
              field: 'header.idempotency-key',
            },
          );
        }
        return { statusCode: record.statusCode, body: JSON.parse(opened) as unknown, replayed: true };
      }
      const response = await work();
      const sealed = sealResponse(actor.tenantId, idempotencyKey, JSON.stringify(response.body));
      await store.idempotency.complete(actor.tenantId, keyHash, response.statusCode, sealed);
      return { ...response, replayed: false };
    });
  }

  purgeExpired(): Promise<number> {
    return this.deps.store.idempotency.purgeCreatedBefore(
      new Date(this.deps.now().getTime() - IDEMPOTENCY_TTL_MS),
    );
  }
}
