import { Command, Option } from 'commander';
import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { decodeCursor } from '../../domain/pagination/cursor.ts';
import type { ApiKeyRecord } from '../../storage/port.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

function describeKey(k: ApiKeyRecord): string {
  const state = k.revokedAt === null ? 'active' : `revoked ${k.revokedAt.toISOString()}`;
  return `${k.id}  ${k.role.padEnd(8)}  gth_${k.lookupId}  ${state}  ${k.name}`;
}

export function keysCommand(): Command {
  const keys = new Command('keys').description(
    'Create, list and revoke API keys (operator access to the store).',
  );
  keys
    .command('create')
    .description('Create an API key and print it once. Only a hash is stored: copy it now.')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'what the key is for', 'cli key')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print {"key": ...} and the key metadata as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({
          role: z.enum(ROLES),
          name: z.string().trim().min(1).max(100),
          tenant: TenantOption,
          json: z.boolean().optional(),
        }),
        raw,
      );
      const created = await withOperator(options.tenant, (services, actor) =>
        services.apiKeys.createKey(actor, { role: options.role, name: options.name }),
      );
      createOutput(options.json === true).result(
        {
          key: created.token,
          id: created.record.id,
          tenantId: created.record.tenantId,
          role: created.record.role,
          name: created.record.name,
        },
        () => [
          `API key (${created.record.role}, id ${created.record.id}): ${created.token}`,
          'Store it now: it cannot be shown again.',
        ],
      );
    });
  keys
    .command('list')
    .description('List the API keys of a tenant (ids, roles, state; never the keys themselves).')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print a JSON array')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const all = await withOperator(options.tenant, async (services, actor) => {
        const items: ApiKeyRecord[] = [];
        let after: string | undefined;
        do {
          const page = await services.apiKeys.listKeys(actor, { limit: 200, after });
          items.push(...page.items);
          after = page.nextCursor === null ? undefined : decodeCursor(page.nextCursor);
        } while (after !== undefined);
        return items;
      });
      createOutput(options.json === true).result(
        all.map((k) => ({
          id: k.id,
          tenantId: k.tenantId,
          role: k.role,
          name: k.name,
          prefix: `gth_${k.lookupId}`,
          createdAt: k.createdAt,
          revokedAt: k.revokedAt,
          lastUsedAt: k.lastUsedAt,
        })),
        () => (all.length === 0 ? ['No API keys.'] : all.map(describeKey)),
      );
    });
  keys
    .command('revoke')
    .description('Revoke an API key by id; it stops working on the next request.')
    .argument('<id>', 'the key id (from `keys list`)')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print the revoked key as JSON')
    .action(async (id: string, raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({ id: z.uuid(), tenant: TenantOption, json: z.boolean().optional() }),
        { ...raw, id },
      );
      const revoked = await withOperator(options.tenant, (services, actor) =>
        services.apiKeys.revokeKey(actor, options.id),
      );
      createOutput(options.json === true).result(
        { id: revoked.id, role: revoked.role, revokedAt: revoked.revokedAt },
        () => [`Revoked ${revoked.id} (${revoked.role}) at ${revoked.revokedAt?.toISOString() ?? ''}.`],
      );
    });
  return keys;
}
