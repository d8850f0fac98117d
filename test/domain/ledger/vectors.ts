/**
 * The transparency-dev/merkle proof vectors (Apache-2.0, ../shared/data/merkle), read as they are:
 * hashes in base64, a null proof meaning an empty one. JSON numbers past 2^53 lose precision when
 * parsed (one vector has end = 2^63 + 2); `exact` says whether every size survived, and a vector whose
 * sizes did not can only be rejected, whatever the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VECTOR_ROOT = fileURLToPath(
  new URL('../../../../shared/data/merkle/testdata/', import.meta.url),
);

export type VectorKind = 'inclusion' | 'consistency' | 'subtreeinclusion' | 'subtreeconsistency';

export interface Vector {
  /** The file, relative to its kind's folder, e.g. `1/happy-path.json`. */
  file: string;
  desc: string;
  wantErr: boolean;
  exact: boolean;
  numbers: Record<string, number>;
  hashes: Record<string, Buffer>;
  proof: Buffer[];
}

export function loadVectors(kind: VectorKind): Vector[] {
  const folder = path.join(VECTOR_ROOT, kind);
  return listJson(folder).map((file) => parseVector(path.relative(folder, file), readFileSync(file, 'utf8')));
}

function listJson(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return listJson(full);
      return entry.name.endsWith('.json') ? [full] : [];
    })
    .sort();
}

function parseVector(file: string, text: string): Vector {
  const raw = JSON.parse(text) as Record<string, unknown>;
  const numbers: Record<string, number> = {};
  const hashes: Record<string, Buffer> = {};
  let exact = true;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'number') {
      numbers[key] = value;
      exact &&= Number.isSafeInteger(value);
    } else if (typeof value === 'string' && key !== 'desc') {
      hashes[key] = Buffer.from(value, 'base64');
    }
  }
  const proof = Array.isArray(raw.proof) ? raw.proof.map((item) => Buffer.from(String(item), 'base64')) : [];
  return { file, desc: String(raw.desc), wantErr: raw.wantErr === true, exact, numbers, hashes, proof };
}

export function numberOf(vector: Vector, key: string): number {
  const value = vector.numbers[key];
  if (value === undefined) throw new Error(`${vector.file} has no number ${key}`);
  return value;
}

export function hashOf(vector: Vector, key: string): Buffer {
  const value = vector.hashes[key];
  if (value === undefined) throw new Error(`${vector.file} has no hash ${key}`);
  return value;
}
