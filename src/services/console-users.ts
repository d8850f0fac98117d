/**
 * Console users: people who sign in to the reviewer console with an email and a password. Their role
 * comes from the same table as API keys' (domain/access/roles.ts). Passwords are generated here and
 * shown once; only a scrypt hash is stored.
 */
import { generatePassword, hashPassword } from '../domain/access/password.ts';
import type { Role } from '../domain/access/roles.ts';
import { AppError } from '../errors.ts';
import type { ConsoleUserRecord } from '../storage/port.ts';
import { recordAudit } from './audit.ts';
import { requirePermission, type Actor, type ServiceDeps } from './context.ts';

export interface CreateConsoleUserInput {
  email: string;
  name: string;
  role: Role;
  /** Omitted: a password is generated and returned once. */
  password?: string | undefined;
}

export interface CreatedConsoleUser {
  user: ConsoleUserRecord;
  /** The password: returned once, never stored or logged. */
  password: string;
}

export class ConsoleUserService {
  constructor(private readonly deps: ServiceDeps) {}

  async createUser(actor: Actor, input: CreateConsoleUserInput): Promise<CreatedConsoleUser> {
    requirePermission(actor, 'console-users:manage');
    const { store } = this.deps;
    return store.transaction(async () => {
      // Emails are unique across the store (sign-in finds the tenant by the email): serialise creators.
      await store.lockForTransaction(`gatehouse:console-user:${input.email.toLowerCase()}`);
      if ((await store.consoleUsers.findByEmailUnscoped(input.email)) !== undefined) {
        throw new AppError('CONSOLE_USER_EXISTS', 'A console user with this email already exists.', {
          field: 'email',
        });
      }
      const password = input.password ?? generatePassword(this.deps.randomBytes);
      const user: ConsoleUserRecord = {
        id: this.deps.newId(),
        tenantId: actor.tenantId,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash: hashPassword(password, this.deps.randomBytes),
        failedAttempts: 0,
        lockedUntil: null,
        createdAt: this.deps.now(),
        createdBy: `${actor.type}:${actor.id}`,
        disabledAt: null,
      };
      await store.consoleUsers.insert(user);
      await recordAudit(
        this.deps,
        actor,
        'console_user.created',
        { type: 'console_user', id: user.id },
        {
          role: user.role,
        },
      );
      return { user, password };
    });
  }

  listUsers(actor: Actor): Promise<ConsoleUserRecord[]> {
    requirePermission(actor, 'console-users:manage');
    return this.deps.store.consoleUsers.list(actor.tenantId);
  }
}
