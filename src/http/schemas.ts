/** Schemas shared by several routes: pagination, idempotency header, the problem document. */
import { z } from 'zod';
import { decodeCursor, type PageRequest } from '../domain/pagination/cursor.ts';
import { AppError } from '../errors.ts';

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200).'),
  cursor: z.string().min(1).max(400).optional().describe('The `nextCursor` of the previous page.'),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageRequestFrom(query: PageQuery): PageRequest {
  if (query.cursor === undefined) return { limit: query.limit, after: undefined };
  const after = decodeCursor(query.cursor);
  if (after === undefined) {
    throw new AppError('INVALID_CURSOR', 'The cursor is not one this server issued.', {
      field: 'query.cursor',
    });
  }
  return { limit: query.limit, after };
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Reads of personal data: why the caller reads, kept in the read's audit record. */
export const PurposeHeadersSchema = z.looseObject({
  'x-gatehouse-purpose': z
    .string()
    .max(500)
    .optional()
    .describe('Why you read this (a case or ticket id, a request); kept in the audit record of the read.'),
});

export const IdempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1–255 visible ASCII characters (a UUID is best)')
    .optional()
    .describe('Makes a retry safe: the same key and body replay the first response; another body gets 409.'),
});

export const IdParamsSchema = z.strictObject({ id: z.uuid() });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string(),
    field: z.string().optional(),
    errors: z
      .array(
        z.object({ field: z.string(), code: z.string(), message: z.string(), path: z.string().optional() }),
      )
      .optional(),
  })
  .describe('RFC 9457 problem details with a stable Gatehouse error code (see docs/errors.md).');

export const isoDate = (d: Date | null): string | null => (d === null ? null : d.toISOString());
