import { BUILT_IN_PROFILES, DEFAULT_PROFILE_ID, findBuiltInProfile } from '../domain/profiles/built-in.ts';
import { parseTenantProfile } from '../domain/profiles/parse.ts';
import type { RuleProfile } from '../domain/profiles/profile.ts';
import { AppError } from '../errors.ts';
import type { TenantSettingsRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export interface ProfileView {
  profile: RuleProfile;
  builtIn: boolean;
  isDefault: boolean;
}

export class ProfileService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The tenant's settings, created on first use (default profile, card fingerprint key). */
  async settingsFor(tenantId: string): Promise<TenantSettingsRecord> {
    const { store } = this.deps;
    const existing = await store.settings.get(tenantId);
    if (existing !== undefined) return existing;
    return store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:settings:${tenantId}`);
      const again = await store.settings.get(tenantId);
      if (again !== undefined) return again;
      const created = {
        tenantId,
        defaultProfileId: DEFAULT_PROFILE_ID,
        cardFingerprintKey: this.deps.randomBytes(32),
        requireReadPurpose: false,
        updatedAt: this.deps.now(),
      };
      await store.settings.upsert(created);
      return created;
    });
  }

  /** A built-in profile, or the tenant's own (newest version unless `version` is given). */
  async resolveProfile(tenantId: string, id: string, version?: number): Promise<RuleProfile> {
    const builtIn = findBuiltInProfile(id);
    if (builtIn !== undefined && (version === undefined || version === builtIn.version)) return builtIn;
    const stored = await this.deps.store.settings.getProfile(tenantId, id, version);
    if (stored === undefined)
      throw new AppError('PROFILE_NOT_FOUND', `No rule profile '${id}'.`, { field: 'body.profileId' });
    const parsed = parseTenantProfile(stored.definition);
    if (!parsed.ok) throw new AppError('INTERNAL', `Stored profile '${id}' no longer parses.`);
    return parsed.profile;
  }

  async listProfiles(actor: Actor): Promise<ProfileView[]> {
    requirePermission(actor, 'profiles:read');
    const settings = await this.settingsFor(actor.tenantId);
    const own = await this.deps.store.settings.listLatestProfiles(actor.tenantId);
    const tenantProfiles = own.flatMap((p) => {
      const parsed = parseTenantProfile(p.definition);
      return parsed.ok ? [parsed.profile] : [];
    });
    return [
      ...BUILT_IN_PROFILES.map((profile) => ({ profile, builtIn: true })),
      ...tenantProfiles.map((profile) => ({ profile, builtIn: false })),
    ].map((v) => ({ ...v, isDefault: v.profile.id === settings.defaultProfileId }));
  }

  /** Stores a tenant-defined profile as the next version of its id (built-in ids are reserved). */
  async saveProfile(actor: Actor, definition: unknown): Promise<RuleProfile> {
    requirePermission(actor, 'profiles:write');
    const parsed = parseTenantProfile(definition, 'body', { isNew: true });
    if (!parsed.ok)
      throw new AppError('VALIDATION_FAILED', 'The profile is invalid.', { problems: parsed.problems });
    const { store } = this.deps;
    if (findBuiltInProfile(parsed.profile.id) !== undefined) {
      throw new AppError('VALIDATION_FAILED', 'Built-in profile ids are reserved; choose another id.', {
        field: 'body.id',
      });
    }
    return store.transaction(async () => {
      await store.lockForTransaction(`gatehouse:profile:${actor.tenantId}:${parsed.profile.id}`);
      const latest = await store.settings.getProfile(actor.tenantId, parsed.profile.id);
      const profile = { ...parsed.profile, version: (latest?.version ?? 0) + 1 };
      await store.settings.insertProfile({
        tenantId: actor.tenantId,
        id: profile.id,
        version: profile.version,
        definition: profile,
        createdAt: this.deps.now(),
      });
      await recordAudit(
        this.deps,
        actor,
        'profile.saved',
        { type: 'profile', id: profile.id },
        { version: profile.version },
      );
      return profile;
    });
  }

  async setDefaultProfile(actor: Actor, profileId: string): Promise<ProfileView> {
    requirePermission(actor, 'profiles:write');
    const profile = await this.resolveProfile(actor.tenantId, profileId);
    const settings = await this.settingsFor(actor.tenantId);
    await this.deps.store.transaction(async () => {
      await this.deps.store.settings.upsert({
        ...settings,
        defaultProfileId: profile.id,
        updatedAt: this.deps.now(),
      });
      await recordAudit(
        this.deps,
        actor,
        'profile.default_set',
        { type: 'profile', id: profile.id },
        { version: profile.version },
      );
    });
    return { profile, builtIn: findBuiltInProfile(profile.id) !== undefined, isDefault: true };
  }
}
