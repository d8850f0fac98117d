import { sql } from 'kysely';
import { AppError } from '../../errors.ts';
import type { IdempotencyReservation, IdempotencyStore } from '../port.ts';
import type { DbHandle } from '../kysely-store.ts';

export class KyselyIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: DbHandle) {}

  /**
   * Inserts the key inside the caller's transaction. A concurrent request with the same key blocks on
   * the primary key until this transaction ends, then sees the committed response (or, after a
   * rollback, reserves the key itself): one execution per key without a separate "in progress" state.
   */
  async reserve(
    tenantId: string,
    keyHash: string,
    requestHash: string,
    now: Date,
  ): Promise<IdempotencyReservation> {
    const db = this.db();
    await sql`SET LOCAL lock_timeout = '10s'`.execute(db);
    let inserted;
    try {
      inserted = await db
        .insertInto('idempotency_records')
        .values({ tenant_id: tenantId, key_hash: keyHash, request_hash: requestHash, created_at: now })
        .onConflict((oc) => oc.columns(['tenant_id', 'key_hash']).doNothing())
        .returning('key_hash')
        .executeTakeFirst();
    } catch (error) {
      if ((error as { code?: unknown }).code === '55P03') {
        throw new AppError(
          'IDEMPOTENCY_KEY_IN_PROGRESS',
          'A request with this Idempotency-Key is still being processed.',
          {
            field: 'header.idempotency-key',
            cause: error,
          },
        );
      }
      throw error;
    }
    if (inserted !== undefined) return { outcome: 'reserved' };
    const row = await db
      .selectFrom('idempotency_records')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key_hash', '=', keyHash)
      .executeTakeFirstOrThrow();
    return {
      outcome: 'existing',
      record: {
        tenantId: row.tenant_id,
        keyHash: row.key_hash,
        requestHash: row.request_hash,
        statusCode: row.status_code ?? 0,
        sealedResponse: row.sealed_response ?? '',
        createdAt: row.created_at,
      },
    };
  }

  async complete(
    tenantId: string,
    keyHash: string,
    statusCode: number,
    sealedResponse: string,
  ): Promise<void> {
    await this.db()
      .updateTable('idempotency_records')
      .set({ status_code: statusCode, sealed_response: sealedResponse })
      .where('tenant_id', '=', tenantId)
      .where('key_hash', '=', keyHash)
      .execute();
  }

  async remove(tenantId: string, keyHash: string): Promise<void> {
    await this.db()
      .deleteFrom('idempotency_records')
      .where('tenant_id', '=', tenantId)
      .where('key_hash', '=', keyHash)
      .execute();
  }

  async purgeCreatedBefore(cutoff: Date): Promise<number> {
    const result = await this.db()
      .deleteFrom('idempotency_records')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
