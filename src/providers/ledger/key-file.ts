/**
 * The ledger keys when the configuration gives none: a JSON file in the data folder, created on the
 * first start with mode 0600 (ADR 0006). It sits beside the embedded database on purpose for the
 * laptop-sized default, and is exactly what a production deployment replaces with
 * GATEHOUSE_LEDGER_SIGNING_KEY and GATEHOUSE_LEDGER_COMMITMENT_KEY from its secret store: whoever reads
 * this file can sign checkpoints, so it must not travel with database backups.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import { COMMITMENT_KEY_BYTES } from '../../domain/ledger/entries.ts';
import { generateSignerKey, parseSignerKey } from '../../domain/ledger/note-keys.ts';
import { decodeBase64Strict } from '../../domain/ledger/strict-base64.ts';
import { AppError } from '../../errors.ts';

export interface LedgerKeys {
  signingKey: string;
  commitmentKey: Buffer;
}

export interface LoadedLedgerKeys {
  keys: LedgerKeys;
  /** The file this call created (first start), if any. */
  createdFile: string | undefined;
}

export async function loadLedgerKeys(
  config: Config['ledgerKeys'],
  origin: string,
): Promise<LoadedLedgerKeys> {
  const { signingKey, commitmentKey } = config;
  if (signingKey !== undefined && commitmentKey !== undefined) {
    return { keys: { signingKey, commitmentKey }, createdFile: undefined };
  }
  const { keys, created } = await readOrCreate(config.file, origin);
  return {
    keys: { signingKey: signingKey ?? keys.signingKey, commitmentKey: commitmentKey ?? keys.commitmentKey },
    createdFile: created ? config.file : undefined,
  };
}

async function readOrCreate(file: string, origin: string): Promise<{ keys: LedgerKeys; created: boolean }> {
  const existing = await readKeys(file);
  if (existing !== undefined) return { keys: existing, created: false };
  const keys = {
    signingKey: generateSignerKey(origin, randomBytes),
    commitmentKey: randomBytes(COMMITMENT_KEY_BYTES),
  };
  const text = `${JSON.stringify({ signingKey: keys.signingKey, commitmentKey: keys.commitmentKey.toString('base64') }, null, 2)}\n`;
  await mkdir(path.dirname(file), { recursive: true });
  try {
    // 'wx': if two processes start at once, one creates the file and the other reads it.
    await writeFile(file, text, { mode: 0o600, flag: 'wx' });
    return { keys, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = await readKeys(file);
    if (raced === undefined) throw invalidFile(file);
    return { keys: raced, created: false };
  }
}

async function readKeys(file: string): Promise<LedgerKeys | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: { signingKey?: unknown; commitmentKey?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw invalidFile(file);
  }
  const { signingKey, commitmentKey } = parsed;
  const key = typeof commitmentKey === 'string' ? decodeBase64Strict(commitmentKey) : undefined;
  if (
    typeof signingKey !== 'string' ||
    !parseSignerKey(signingKey).ok ||
    key?.length !== COMMITMENT_KEY_BYTES
  ) {
    throw invalidFile(file);
  }
  return { signingKey, commitmentKey: key };
}

/** Names the file, never its content. */
function invalidFile(file: string): AppError {
  return new AppError(
    'CONFIG_INVALID',
    `The ledger key file ${file} is not valid: it needs "signingKey" (a C2SP signer key) and "commitmentKey" (32 bytes, base64).`,
  );
}
