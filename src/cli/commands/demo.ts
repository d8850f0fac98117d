import { Command } from 'commander';
import { z } from 'zod';
import { seedDemo, type DemoSeedResult } from '../../services/demo.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

const SEED_HELP = `
Seeds a demo special measure (a prohibition on AQ, marked DEMO in its citation) and seven fictional
applications (src/services/demo.ts): a verified foreign individual, a US person approved on status, a
foreign individual pending verification, one verified through the fake identity vendor's signed
webhook, a foreign entity with beneficial owners, one denied by the
demo measure, and one with a disposable email warning. Running it again adds nothing: the measure is
found by its citation and the applications by their account external ids (demo-…).

The sign-up IPs are documentation addresses (198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32), for
which offline geolocation knows no country: the determinations rest on the other signals.

Exit codes: 0 seeded (or already there); 66 the store has no tenant yet (run gatehouse serve once,
or gatehouse tenants create); 64 several provider tenants and no --tenant.`;

function describeSeed(result: DemoSeedResult): string[] {
  const added = result.applications.filter((a) => a.created).length;
  return [
    `${result.measure.created ? 'Created' : 'Found'} the demo measure ${result.measure.id}.`,
    ...result.applications.map(
      (a) =>
        `${a.created ? 'added ' : 'exists'}  ${a.externalId.padEnd(28)}  ${a.status.padEnd(10)}  ${a.title}`,
    ),
    added === 0
      ? 'Nothing added: the demo data was already there.'
      : `Added ${added} application(s). Sign-up IPs are documentation addresses: no IP country is known for them.`,
    'See the applications over the API: GET /v1/applications/{id} (the ids are in the --json output).',
  ];
}

export function demoCommand(): Command {
  const demo = new Command('demo').description(
    'Demo data: clearly fictional applications and a special measure, to see decisions in the API.',
  );
  demo
    .command('seed')
    .description('Seed the demo measure and applications into a tenant (idempotent).')
    .option('--tenant <id>', 'tenant id (default: the only provider tenant)')
    .option('--json', 'print what was seeded (and what already existed) as JSON')
    .addHelpText('after', SEED_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ tenant: TenantOption, json: z.boolean().optional() }), raw);
      const result = await withOperator(options.tenant, (services, actor) => seedDemo(services, actor), {
        demo: true,
      });
      createOutput(options.json === true).result(result, () => describeSeed(result));
    });
  return demo;
}
