import { Command, Option } from 'commander';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

/** Console users: people who sign in to the reviewer console. Passwords are generated and shown once. */
export function usersCommand(): Command {
  const users = new Command('users').description(
    'Create and list console users (operator access to the store).',
  );
  users
    .command('create')
    .description('Create a console user and print a generated password once. Only a scrypt hash is stored.')
    .requiredOption('--email <email>', 'the sign-in email (unique in the store)')
    .option('--name <name>', 'display name (default: the email)')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).conflicts('admin'))
    .option('--admin', 'shorthand for --role admin')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print {"email", "password", ...} as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({
          // Loose on purpose: `admin@localhost` (the first admin) has no top-level domain.
          email: z
            .string()
            .trim()
            .max(320)
            .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
          name: z.string().trim().min(1).max(200).optional(),
          role: z.enum(ROLES).optional(),
          admin: z.boolean().optional(),
          tenant: TenantOption,
          json: z.boolean().optional(),
        }),
        raw,
      );
      const role = options.admin === true ? 'admin' : (options.role ?? 'analyst');
      const created = await withOperator(options.tenant, (services, actor) =>
        services.consoleUsers.createUser(actor, {
          email: options.email,
          name: options.name ?? options.email,
          role,
        }),
      );
      createOutput(options.json === true).result(
        {
          id: created.user.id,
          tenantId: created.user.tenantId,
          email: created.user.email,
          role: created.user.role,
          password: created.password,
        },
        () => [
          `Console user ${created.user.email} (${created.user.role}, id ${created.user.id})`,
          `Password: ${created.password}`,
          'Store it now: it cannot be shown again.',
        ],
      );
    });
  users
    .command('list')
    .description('List the console users of a tenant (never their passwords).')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print a JSON array')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const all = await withOperator(options.tenant, (services, actor) =>
        services.consoleUsers.listUsers(actor),
      );
      createOutput(options.json === true).result(
        all.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          role: u.role,
          lockedUntil: u.lockedUntil,
        })),
        () =>
          all.length === 0
            ? ['No console users.']
            : all.map((u) => `${u.id}  ${u.role.padEnd(8)}  ${u.email}`),
      );
    });
  return users;
}
