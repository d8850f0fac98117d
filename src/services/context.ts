/** What every service needs: the store and the sources of time, ids and randomness (swappable in tests). */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role, Permission } from '../domain/access/roles.ts';
import { roleAllows } from '../domain/access/roles.ts';
import { AppError } from '../errors.ts';
import type { ActorType, Store } from '../storage/port.ts';

export interface ServiceDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  randomBytes: (size: number) => Buffer;
  /** The secret of the ledger's keyed commitments (domain/ledger/entries.ts). */
  ledgerCommitmentKey: Buffer;
}

export function defaultDeps(store: Store): ServiceDeps {
  // A throwaway key for tests; the composition root passes the configured one (src/main.ts).
  return {
    store,
    now: () => new Date(),
    newId: randomUUID,
    randomBytes,
    ledgerCommitmentKey: randomBytes(32),
  };
}

/** Who is acting, for which tenant, under which request. Built by the HTTP layer or the CLI. */
export interface Actor {
  tenantId: string;
  type: ActorType;
  id: string;
  role: Role;
  requestId: string | null;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!roleAllows(actor.role, permission)) {
    throw new AppError('FORBIDDEN', `The role '${actor.role}' may not do this (needs ${permission}).`);
  }
}
