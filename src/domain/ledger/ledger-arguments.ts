/**
 * Bad arguments to proof generation, appending, signing or formatting are a caller's mistake (a leaf
 * index past the tree, a proof from a larger tree to a smaller one, a key name with a space), so they
 * throw the one error type with VALIDATION_FAILED and a problem code from this closed list, which tests
 * assert. Verifying a proof or opening a note never throws: those outcomes are values.
 */
import { AppError } from '../../errors.ts';
import { isTreeSize } from './tree-math.ts';

export type LedgerArgumentProblem =
  | 'size_out_of_range'
  | 'empty_tree'
  | 'index_out_of_range'
  | 'sizes_out_of_order'
  | 'invalid_subtree'
  | 'malformed_hash'
  | 'invalid_key_name'
  | 'invalid_seed'
  | 'invalid_note_text'
  | 'invalid_checkpoint';

export function invalidArgument(field: string, code: LedgerArgumentProblem, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { problems: [{ field, code, message }] });
}

/** Sizes and indexes past 2^53 − 1 cannot be represented exactly in a JavaScript number. */
export function requireTreeSize(value: number, field: string): void {
  if (!isTreeSize(value)) {
    throw invalidArgument(field, 'size_out_of_range', `${field} must be a whole number from 0 to 2^53 - 1`);
  }
}
