import {
  hashApiKeySecret,
  mintApiKeyToken,
  parseApiKeyToken,
  secretMatchesHash,
} from '../domain/access/api-key-token.ts';
import type { Role } from '../domain/access/roles.ts';
import type { Page, PageRequest } from '../domain/pagination/cursor.ts';
import { AppError } from '../errors.ts';
import type { ApiKeyRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { isStoreUnavailable, OutageMemory, tokenKey } from './outage-memory.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export interface CreateApiKeyInput {
  role: Role;
  name: string;
  /** The acting tenant (default) or one of its resellers. */
  tenantId?: string | undefined;
}

export interface CreatedApiKey {
  record: ApiKeyRecord;
  /** The full key: returned once, never stored. */
  token: string;
}

/** The caller of an authenticated request, as found from its key. */
export interface KeyPrincipal {
  tenantId: string;
  keyId: string;
  role: Role;
}

/** Writing last_used_at on every request would turn each read into a write; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class ApiKeyService {
  /** When this process last wrote last_used_at per key: concurrent requests of one key write once. */
  private readonly lastTouched = new Map<string, number>();

  /** Keys verified lately, for a database outage in scale-out mode (outage-memory.ts). */
  private readonly verified: OutageMemory<KeyPrincipal>;

  constructor(
    private readonly deps: ServiceDeps,
    outageGraceMs = 0,
  ) {
    this.verified = new OutageMemory(outageGraceMs, deps.now);
  }

  async createKey(actor: Actor, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    requirePermission(actor, 'api-keys:manage');
    const { store } = this.deps;
    return store.transaction(async () => {
      const tenantId = input.tenantId ?? actor.tenantId;
      if ((await store.tenants.getVisible(actor.tenantId, tenantId)) === undefined) {
        throw new AppError('TENANT_NOT_FOUND', 'No such tenant.', { field: 'body.tenantId' });
      }
      const minted = mintApiKeyToken(this.deps.randomBytes);
      const record: ApiKeyRecord = {
        id: this.deps.newId(),
        tenantId,
        lookupId: minted.lookupId,
        secretHash: hashApiKeySecret(minted.secret),
        role: input.role,
        name: input.name,
        createdAt: this.deps.now(),
        createdBy: `${actor.type}:${actor.id}`,
        revokedAt: null,
        lastUsedAt: null,
      };
      await store.apiKeys.insert(record);
      const target = { type: 'api_key', id: record.id };
      await recordAudit(this.deps, actor, 'api_key.created', target, { role: record.role }, tenantId);
      if (tenantId !== actor.tenantId) {
        await recordAudit(this.deps, actor, 'api_key.created', target, { role: record.role, tenantId });
      }
      return { record, token: minted.token };
    });
  }

  async getKey(actor: Actor, id: string): Promise<ApiKeyRecord> {
    requirePermission(actor, 'api-keys:manage');
    const key = await this.deps.store.apiKeys.get(actor.tenantId, id);
    if (key === undefined) throw new AppError('API_KEY_NOT_FOUND', 'No such API key.', { field: 'path.id' });
    return key;
  }

  listKeys(actor: Actor, page: PageRequest): Promise<Page<ApiKeyRecord>> {
    requirePermission(actor, 'api-keys:manage');
    return this.deps.store.apiKeys.list(actor.tenantId, page);
  }

  /** Revoking twice is not an error: the key stays revoked and keeps its first revocation time. */
  async revokeKey(actor: Actor, id: string): Promise<ApiKeyRecord> {
    requirePermission(actor, 'api-keys:manage');
    const { store } = this.deps;
    return store.transaction(async () => {
      const before = await store.apiKeys.get(actor.tenantId, id);
      if (before === undefined)
        throw new AppError('API_KEY_NOT_FOUND', 'No such API key.', { field: 'path.id' });
      if (before.revokedAt !== null) return before;
      const revoked = await store.apiKeys.revoke(actor.tenantId, id, this.deps.now());
      if (revoked === undefined)
        throw new AppError('API_KEY_NOT_FOUND', 'No such API key.', { field: 'path.id' });
      await recordAudit(this.deps, actor, 'api_key.revoked', { type: 'api_key', id }, { role: revoked.role });
      return revoked;
    });
  }

  /** The token is attacker-controlled; every failure looks the same except a correct-but-revoked key. */
  async authenticate(token: string): Promise<KeyPrincipal> {
    const parsed = parseApiKeyToken(token);
    let record: ApiKeyRecord | undefined;
    try {
      record = parsed && (await this.deps.store.apiKeys.findByLookupIdUnscoped(parsed.lookupId));
    } catch (error) {
      const remembered = isStoreUnavailable(error) ? this.verified.recall(tokenKey(token)) : undefined;
      if (remembered === undefined) throw error;
      return remembered;
    }
    if (
      parsed === undefined ||
      record === undefined ||
      !secretMatchesHash(parsed.secret, record.secretHash)
    ) {
      throw new AppError('UNAUTHENTICATED', 'The API key is not valid.', { field: 'header.authorization' });
    }
    if (record.revokedAt !== null) {
      this.verified.forget(tokenKey(token));
      throw new AppError('API_KEY_REVOKED', 'The API key has been revoked.', {
        field: 'header.authorization',
      });
    }
    await this.touchLastUsed(record);
    const principal = { tenantId: record.tenantId, keyId: record.id, role: record.role };
    this.verified.remember(tokenKey(token), principal);
    return principal;
  }

  private async touchLastUsed(record: ApiKeyRecord): Promise<void> {
    const now = this.deps.now().getTime();
    const cutoff = now - LAST_USED_RESOLUTION_MS;
    const seen = Math.max(record.lastUsedAt?.getTime() ?? 0, this.lastTouched.get(record.id) ?? 0);
    if (seen > cutoff) return;
    this.lastTouched.set(record.id, now);
    if (this.lastTouched.size > 100_000) this.lastTouched.clear();
    await this.deps.store.apiKeys.touchLastUsed(record.tenantId, record.id, new Date(now), new Date(cutoff));
  }
}
