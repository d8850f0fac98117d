/**
 * The local-file implementation of the keyring (domain/records/keyring.ts): a JSON file, mode 0600,
 * created on the first start in the data folder (or wherever GATEHOUSE_KEYRING_FILE points, e.g. a
 * mounted secret). It must never travel with database backups: whoever holds it and a backup can read
 * the backup's personal data. Rotation adds a KEK and makes it active; retirement removes one that no
 * data key depends on any more.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BLIND_INDEX_KEY_BYTES, DATA_KEY_BYTES } from '../../domain/records/envelope.ts';
import { LocalKeyring, newKekId } from '../../domain/records/keyring.ts';
import { decodeBase64Strict } from '../../domain/ledger/strict-base64.ts';
import { AppError } from '../../errors.ts';

interface KeyFileJson {
  keks: Array<{ id: string; key: string; createdAt: string }>;
  active: string;
  blindIndexKey: string;
}

export interface LoadedKeyring {
  keyring: LocalKeyring;
  file: string;
  /** True when this call created the file (first start). */
  created: boolean;
  keks: Array<{ id: string; createdAt: string; active: boolean }>;
}

export async function loadKeyringFile(file: string, now: Date = new Date()): Promise<LoadedKeyring> {
  const existing = await readKeyFile(file);
  if (existing !== undefined) return loaded(file, existing, false);
  const json: KeyFileJson = {
    keks: [
      {
        id: newKekId(now),
        key: randomBytes(DATA_KEY_BYTES).toString('base64'),
        createdAt: now.toISOString(),
      },
    ],
    active: '',
    blindIndexKey: randomBytes(BLIND_INDEX_KEY_BYTES).toString('base64'),
  };
  json.active = json.keks[0]?.id ?? '';
  await mkdir(path.dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting at once, one creates the file and the other reads it.
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return loaded(file, json, true);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readKeyFile(file);
    if (raced === undefined) throw invalidFile(file, 'it is empty');
    return loaded(file, raced, false);
  }
}

/** Adds a new KEK and makes it active; data keys are re-wrapped by the caller (`encryption rotate`). */
export async function addKek(file: string, now: Date = new Date()): Promise<string> {
  const json = await readKeyFile(file);
  if (json === undefined) throw invalidFile(file, 'it does not exist');
  const id = newKekId(now);
  json.keks.push({ id, key: randomBytes(DATA_KEY_BYTES).toString('base64'), createdAt: now.toISOString() });
  json.active = id;
  await replaceFile(file, json);
  return id;
}

/** Removes a KEK that is not active (the caller has checked no data key is wrapped by it any more). */
export async function removeKek(file: string, id: string): Promise<void> {
  const json = await readKeyFile(file);
  if (json === undefined) throw invalidFile(file, 'it does not exist');
  if (json.active === id)
    throw new AppError('KEY_IN_USE', `Key-encryption key ${id} is the active one; rotate first.`);
  if (!json.keks.some((k) => k.id === id))
    throw new AppError('VALIDATION_FAILED', `No key-encryption key ${id} in ${file}.`, { field: 'argv.kek' });
  json.keks = json.keks.filter((k) => k.id !== id);
  await replaceFile(file, json);
}

async function replaceFile(file: string, json: KeyFileJson): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  await rename(temporary, file);
}

function loaded(file: string, json: KeyFileJson, created: boolean): LoadedKeyring {
  const keyring = new LocalKeyring(
    json.keks.map((k) => ({ id: k.id, key: decodeBase64Strict(k.key) ?? Buffer.alloc(0) })),
    json.active,
    decodeBase64Strict(json.blindIndexKey) ?? Buffer.alloc(0),
  );
  return {
    keyring,
    file,
    created,
    keks: json.keks.map((k) => ({ id: k.id, createdAt: k.createdAt, active: k.id === json.active })),
  };
}

async function readKeyFile(file: string): Promise<KeyFileJson | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: Partial<KeyFileJson>;
  try {
    parsed = JSON.parse(text) as Partial<KeyFileJson>;
  } catch {
    throw invalidFile(file, 'it is not JSON');
  }
  const keks = Array.isArray(parsed.keks) ? parsed.keks : [];
  const valid =
    keks.length > 0 &&
    keks.every(
      (k) =>
        typeof k?.id === 'string' &&
        typeof k.key === 'string' &&
        decodeBase64Strict(k.key)?.length === DATA_KEY_BYTES,
    ) &&
    typeof parsed.active === 'string' &&
    keks.some((k) => k.id === parsed.active) &&
    typeof parsed.blindIndexKey === 'string' &&
    decodeBase64Strict(parsed.blindIndexKey)?.length === BLIND_INDEX_KEY_BYTES;
  if (!valid)
    throw invalidFile(file, 'it needs "keks" (id, 32-byte base64 key), "active" and "blindIndexKey"');
  return parsed as KeyFileJson;
}

/** Names the file, never its content. */
function invalidFile(file: string, why: string): AppError {
  return new AppError('CONFIG_INVALID', `The keyring file ${file} is not valid: ${why}.`);
}
