import { sql, type Selectable } from 'kysely';
import type { Role } from '../../domain/access/roles.ts';
import type { ConsoleSessionRecord, ConsoleUserRecord, ConsoleUserStore } from '../port.ts';
import type { ConsoleSessionsTable, ConsoleUsersTable } from '../database.ts';
import type { DbHandle } from '../kysely-store.ts';

export class KyselyConsoleUserStore implements ConsoleUserStore {
  constructor(private readonly db: DbHandle) {}

  async insert(user: ConsoleUserRecord): Promise<void> {
    await this.db()
      .insertInto('console_users')
      .values({
        id: user.id,
        tenant_id: user.tenantId,
        email: user.email,
        name: user.name,
        role: user.role,
        password_hash: user.passwordHash,
        failed_attempts: user.failedAttempts,
        locked_until: user.lockedUntil,
        created_at: user.createdAt,
        created_by: user.createdBy,
        disabled_at: user.disabledAt,
      })
      .execute();
  }

  async get(tenantId: string, id: string): Promise<ConsoleUserRecord | undefined> {
    const row = await this.db()
      .selectFrom('console_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async list(tenantId: string): Promise<ConsoleUserRecord[]> {
    const rows = await this.db()
      .selectFrom('console_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toUser);
  }

  async findByEmailUnscoped(email: string): Promise<ConsoleUserRecord | undefined> {
    const row = await this.db()
      .selectFrom('console_users')
      .selectAll()
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toUser(row);
  }

  async setAttempts(
    tenantId: string,
    id: string,
    failedAttempts: number,
    lockedUntil: Date | null,
  ): Promise<void> {
    await this.db()
      .updateTable('console_users')
      .set({ failed_attempts: failedAttempts, locked_until: lockedUntil })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute();
  }

  async insertSession(session: ConsoleSessionRecord): Promise<void> {
    await this.db()
      .insertInto('console_sessions')
      .values({
        id_hash: session.idHash,
        tenant_id: session.tenantId,
        user_id: session.userId,
        csrf_hash: session.csrfHash,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  async findSessionUnscoped(idHash: string): Promise<ConsoleSessionRecord | undefined> {
    const row = await this.db()
      .selectFrom('console_sessions')
      .selectAll()
      .where('id_hash', '=', idHash)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async touchSession(tenantId: string, idHash: string, at: Date): Promise<void> {
    await this.db()
      .updateTable('console_sessions')
      .set({ last_seen_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id_hash', '=', idHash)
      .execute();
  }

  async deleteSession(tenantId: string, idHash: string): Promise<void> {
    await this.db()
      .deleteFrom('console_sessions')
      .where('tenant_id', '=', tenantId)
      .where('id_hash', '=', idHash)
      .execute();
  }
}

function toUser(row: Selectable<ConsoleUsersTable>): ConsoleUserRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    passwordHash: row.password_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    createdBy: row.created_by,
    disabledAt: row.disabled_at,
  };
}

function toSession(row: Selectable<ConsoleSessionsTable>): ConsoleSessionRecord {
  return {
    idHash: row.id_hash,
    tenantId: row.tenant_id,
    userId: row.user_id,
    csrfHash: row.csrf_hash,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}
