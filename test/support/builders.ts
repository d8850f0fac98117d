/** Builders for records, so tests state only what matters to them. */
import { randomBytes, randomUUID } from 'node:crypto';
import { hashApiKeySecret, mintApiKeyToken } from '../../src/domain/access/api-key-token.ts';
import type { ApiKeyRecord, AuditEventInput, TenantRecord } from '../../src/storage/port.ts';

let clock = Date.UTC(2026, 0, 1);
/** Strictly increasing timestamps, so ordering in tests never depends on the wall clock. */
export function nextInstant(): Date {
  clock += 1000;
  return new Date(clock);
}

export function aTenant(overrides: Partial<TenantRecord> = {}): TenantRecord {
  return {
    id: randomUUID(),
    parentId: null,
    name: 'Acme Cloud',
    kind: 'provider',
    createdAt: nextInstant(),
    ...overrides,
  };
}

export function aResellerOf(parent: TenantRecord, overrides: Partial<TenantRecord> = {}): TenantRecord {
  return aTenant({ parentId: parent.id, kind: 'reseller', name: 'Reseller', ...overrides });
}

export function anApiKey(
  tenant: TenantRecord,
  overrides: Partial<ApiKeyRecord> = {},
): ApiKeyRecord & { token: string } {
  const minted = mintApiKeyToken(randomBytes);
  return {
    id: randomUUID(),
    tenantId: tenant.id,
    lookupId: minted.lookupId,
    secretHash: hashApiKeySecret(minted.secret),
    role: 'admin',
    name: 'test key',
    createdAt: nextInstant(),
    createdBy: 'test',
    revokedAt: null,
    lastUsedAt: null,
    token: minted.token,
    ...overrides,
  };
}

export function anAuditEvent(
  tenant: TenantRecord,
  overrides: Partial<AuditEventInput> = {},
): AuditEventInput {
  return {
    id: randomUUID(),
    tenantId: tenant.id,
    actorType: 'system',
    actorId: 'test',
    action: 'thing.happened',
    targetType: 'thing',
    targetId: randomUUID(),
    requestId: null,
    occurredAt: nextInstant(),
    details: {},
    ...overrides,
  };
}
