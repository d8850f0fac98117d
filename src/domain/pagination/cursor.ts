/**
 * Opaque cursors for keyset pagination. A cursor is attacker-controlled input: it is decoded
 * defensively and anything that is not exactly what `encodeCursor` produced is rejected.
 */
export interface PageRequest {
  limit: number;
  /** Decoded position: the items after this one are returned. */
  after: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const VERSION = 'v1';
const POSITION_PATTERN = /^[A-Za-z0-9:._-]{1,200}$/;

export function encodeCursor(position: string): string {
  return Buffer.from(`${VERSION}|${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [version, position, ...rest] = text.split('|');
  if (version !== VERSION || rest.length > 0 || position === undefined) return undefined;
  return POSITION_PATTERN.test(position) ? position : undefined;
}

/** Callers fetch `limit + 1` rows; the extra row only tells whether another page exists. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null;
  return { items, nextCursor };
}
