/** Accounts for access-log tests: a party and an account row, straight into the store. */
import { randomUUID } from 'node:crypto';
import type { AccountRecord, Store } from '../../src/storage/port.ts';

export async function anAccountIn(
  store: Store,
  tenantId: string,
  overrides: Partial<AccountRecord> = {},
): Promise<AccountRecord> {
  const at = new Date('2026-01-01T00:00:00Z');
  const partyId = randomUUID();
  await store.parties.insert(
    { id: partyId, tenantId, type: 'individual', currentVersion: 1, createdAt: at },
    { partyId, tenantId, version: 1, data: {}, createdAt: at, createdBy: 'test' },
  );
  const account: AccountRecord = {
    id: randomUUID(),
    tenantId,
    externalId: null,
    partyId,
    resellerTenantId: null,
    status: 'approved',
    profileId: 'us-iaas-2024',
    profileVersion: 1,
    openedAt: at,
    closedAt: null,
    lastAccessAt: null,
    updatedAt: at,
    ...overrides,
  };
  await store.accounts.insert(account);
  return account;
}

/** How many events the account has stored in [from, to): the sum of its per-address counts. */
export async function countStoredEvents(
  store: Store,
  tenantId: string,
  accountId: string,
  from: Date,
  to: Date,
): Promise<number> {
  const rows = await store.accessEvents.summariseIps(tenantId, accountId, from, to, 1_000_000);
  return rows.reduce((sum, r) => sum + r.count, 0);
}
