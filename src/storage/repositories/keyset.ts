/**
 * Keyset positions "createdAt(µs since epoch):id" for (created_at, id) ordering. The position
 * arrives through a client cursor, so it is parsed strictly; an unusable one reads as "start".
 * (The HTTP layer has already rejected cursors that do not decode.)
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { AppError } from '../../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function positionOf(createdAt: Date, id: string): string {
  return `${createdAt.getTime()}:${id}`;
}

export function afterPosition(position: string | undefined): { at: Date; id: string } | undefined {
  if (position === undefined) return undefined;
  const [millis, id, ...rest] = position.split(':');
  const at = new Date(Number(millis));
  if (
    rest.length > 0 ||
    id === undefined ||
    !UUID.test(id) ||
    !/^\d{1,15}$/.test(millis ?? '') ||
    Number.isNaN(at.getTime())
  ) {
    throw new AppError('INVALID_CURSOR', 'The cursor does not belong to this list.', {
      field: 'query.cursor',
    });
  }
  return { at, id };
}

/** Rows strictly after a position in (created_at, id) order; a row comparison the index serves directly. */
export function createdAfter(after: { at: Date; id: string }, table?: string): Expression<SqlBool> {
  if (table !== undefined) {
    return sql<SqlBool>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) > (${after.at}, ${after.id}::uuid)`;
  }
  return sql<SqlBool>`(created_at, id) > (${after.at}, ${after.id}::uuid)`;
}
