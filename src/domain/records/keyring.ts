/**
 * The key-encryption side of envelope encryption, behind one interface so a cloud KMS can replace the
 * local key file: wrap a party's data key under the active key-encryption key, unwrap it under whichever
 * KEK wrapped it (kept until every data key it wraps has been re-wrapped), and the separate key of the
 * blind indexes.
 */
import { randomBytes } from 'node:crypto';
import { BLIND_INDEX_KEY_BYTES, DATA_KEY_BYTES, openBytes, sealBytes, SealError } from './envelope.ts';

export interface WrappedDataKey {
  kekId: string;
  wrapped: Buffer;
}

export interface Keyring {
  readonly activeKekId: string;
  readonly kekIds: readonly string[];
  readonly blindIndexKey: Buffer;
  wrap(dataKey: Buffer, context: string): WrappedDataKey;
  /** Throws SealError when the KEK is not in the ring or the wrapped key was altered or moved. */
  unwrap(key: WrappedDataKey, context: string): Buffer;
}

export interface KekMaterial {
  id: string;
  key: Buffer;
}

export class LocalKeyring implements Keyring {
  readonly kekIds: readonly string[];
  private readonly keks: Map<string, Buffer>;

  constructor(
    keks: readonly KekMaterial[],
    readonly activeKekId: string,
    readonly blindIndexKey: Buffer,
  ) {
    this.keks = new Map(keks.map((k) => [k.id, k.key]));
    this.kekIds = keks.map((k) => k.id);
    if (!this.keks.has(activeKekId))
      throw new SealError(`the active key-encryption key ${activeKekId} is not in the ring`);
    for (const k of keks)
      if (k.key.length !== DATA_KEY_BYTES) throw new SealError(`key-encryption key ${k.id} is not 32 bytes`);
    if (blindIndexKey.length !== BLIND_INDEX_KEY_BYTES)
      throw new SealError('the blind-index key is not 32 bytes');
  }

  wrap(dataKey: Buffer, context: string): WrappedDataKey {
    const kek = this.keks.get(this.activeKekId) as Buffer;
    return { kekId: this.activeKekId, wrapped: sealBytes(kek, context, dataKey) };
  }

  unwrap(key: WrappedDataKey, context: string): Buffer {
    const kek = this.keks.get(key.kekId);
    if (kek === undefined)
      throw new SealError(`key-encryption key ${key.kekId} is not configured (retired or missing)`);
    return openBytes(kek, context, key.wrapped);
  }
}

export function newKekId(now: Date, random: (size: number) => Buffer = randomBytes): string {
  return `kek-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${random(4).toString('hex')}`;
}

/** A ring that lives as long as the process: tests, benchmarks and in-memory stores. */
export function ephemeralKeyring(): LocalKeyring {
  return new LocalKeyring(
    [{ id: 'ephemeral', key: randomBytes(DATA_KEY_BYTES) }],
    'ephemeral',
    randomBytes(BLIND_INDEX_KEY_BYTES),
  );
}
