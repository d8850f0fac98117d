import { Command } from 'commander';
import { z } from 'zod';
import { createProviderTenant, listAllTenants } from '../../services/operator.ts';
import type { TenantRecord } from '../../storage/port.ts';
import { createOutput, parseOptions } from '../output.ts';
import { withOperator, withStore } from '../runtime.ts';

function presentTenant(t: TenantRecord) {
  return { id: t.id, parentId: t.parentId, name: t.name, kind: t.kind, createdAt: t.createdAt.toISOString() };
}

export function tenantsCommand(): Command {
  const tenants = new Command('tenants').description(
    'Operator commands for tenants: providers and their resellers.',
  );
  tenants
    .command('create')
    .description(
      'Create a provider tenant (to host several providers in one store), or a reseller with --parent.',
    )
    .requiredOption('--name <name>', 'display name')
    .option('--parent <id>', 'create a reseller under this provider tenant')
    .option('--json', 'print the tenant as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({
          name: z.string().trim().min(1).max(200),
          parent: z.uuid().optional(),
          json: z.boolean().optional(),
        }),
        raw,
      );
      const tenant =
        options.parent === undefined
          ? await withStore((services, operator) =>
              createProviderTenant(services.deps, operator, options.name),
            )
          : await withOperator(options.parent, (services, actor) =>
              services.tenants.createReseller(actor, { name: options.name }),
            );
      createOutput(options.json === true).result(presentTenant(tenant), () => [
        `Created ${tenant.kind} tenant ${tenant.id} (${tenant.name}).`,
      ]);
    });
  tenants
    .command('list')
    .description('List every tenant in the store: id, kind, parent, name.')
    .option('--json', 'print a JSON array')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ json: z.boolean().optional() }), raw);
      const all = await withStore((services) => listAllTenants(services.deps));
      createOutput(options.json === true).result(all.map(presentTenant), () =>
        all.length === 0
          ? ['No tenants.']
          : all.map((t) => `${t.id}  ${t.kind.padEnd(8)}  ${t.parentId ?? '-'.padEnd(36)}  ${t.name}`),
      );
    });
  return tenants;
}
