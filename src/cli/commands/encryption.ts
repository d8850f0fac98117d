import { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { addKek, loadKeyringFile, removeKek } from '../../providers/kms/key-file.ts';
import { EncryptionService, sealedTotal, type KeyringStatus } from '../../services/encryption.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

const ROTATE_HELP = `
Adds a new key-encryption key (KEK) to the keyring file and makes it active, then re-wraps every party's
data key under it. The sealed personal data is not re-encrypted: only the 32-byte data keys are. Restart
the API nodes afterwards so they wrap new parties' keys under the new KEK too (until then they use the
old one; run \`gatehouse encryption rewrap\` after the restart to catch those). Once no data key depends
on the old KEK and every backup that holds keys wrapped by it has expired, \`gatehouse encryption retire\`
removes it: from then on, shredded parties in those old backups cannot be read back either.`;

const JsonOptions = z.object({ tenant: TenantOption, json: z.boolean().optional() });

export function encryptionCommand(): Command {
  const command = new Command('encryption').description(
    'Personal-data encryption keys: status, KEK rotation and retirement, sealing rows from older versions.',
  );
  command
    .command('status')
    .description('Show the keyring: each KEK and how many party data keys it wraps.')
    .option('--tenant <id>', 'tenant id to act as (default: the only provider tenant)')
    .option('--json', 'print the status as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(JsonOptions, raw);
      const status = await withOperator(options.tenant, async (services, actor) => {
        const { keyring } = await loadKeyringFile(loadConfig().keyringFile);
        return new EncryptionService(services.deps).status(actor, keyring);
      });
      createOutput(options.json === true).result(status, () => describeStatus(status));
    });
  command
    .command('rotate')
    .description('Add a new active KEK and re-wrap every data key under it.')
    .option('--tenant <id>', 'tenant id to act as (default: the only provider tenant)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', ROTATE_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(JsonOptions, raw);
      const report = await withOperator(options.tenant, async (services, actor) => {
        const file = loadConfig().keyringFile;
        await addKek(file, services.deps.now());
        return rewrap(services, actor, file);
      });
      createOutput(options.json === true).result(report, () => [
        `Active key-encryption key: ${report.activeKekId}; ${report.rewrapped} data key(s) re-wrapped.`,
      ]);
    });
  command
    .command('rewrap')
    .description('Re-wrap the data keys still under an older KEK (after a rotation, or to resume one).')
    .option('--tenant <id>', 'tenant id to act as (default: the only provider tenant)')
    .option('--json', 'print the report as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(JsonOptions, raw);
      const report = await withOperator(options.tenant, (services, actor) =>
        rewrap(services, actor, loadConfig().keyringFile),
      );
      createOutput(options.json === true).result(report, () => [
        `Active key-encryption key: ${report.activeKekId}; ${report.rewrapped} data key(s) re-wrapped.`,
      ]);
    });
  command
    .command('retire')
    .description('Remove a KEK from the keyring file; refused while it is active or still wraps a data key.')
    .argument('<kek>', 'the KEK id (see `encryption status`)')
    .option('--tenant <id>', 'tenant id to act as (default: the only provider tenant)')
    .option('--json', 'print the result as JSON')
    .action(async (kek: string, raw: Record<string, unknown>) => {
      const options = parseOptions(JsonOptions, raw);
      await withOperator(options.tenant, async (services, actor) => {
        const file = loadConfig().keyringFile;
        const { keyring } = await loadKeyringFile(file);
        await new EncryptionService(services.deps).assertRetirable(actor, keyring, kek);
        await removeKek(file, kek);
      });
      createOutput(options.json === true).result({ retired: kek }, () => [
        `Key-encryption key ${kek} retired.`,
      ]);
    });
  command
    .command('seal-existing')
    .description(
      'Seal party data, hit explanations and reasons, redress words, decision and proposal reasons, and special-measure matches stored in the clear by an older Gatehouse (once, after upgrading).',
    )
    .option(
      '--json',
      'print { sealed, screeningHits, redressRequests, decisions, decisionProposals, applications, measureActions } as JSON',
    )
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(z.object({ json: z.boolean().optional() }), raw);
      const counts = await withOperator(undefined, (services) =>
        new EncryptionService(services.deps).sealExisting((done) =>
          process.stderr.write(`\rsealed ${done} record(s)`),
        ),
      );
      if (sealedTotal(counts) > 0) process.stderr.write('\n');
      const result = {
        sealed: counts.versions,
        screeningHits: counts.screeningHits,
        redressRequests: counts.redressRequests,
        decisions: counts.decisions,
        decisionProposals: counts.decisionProposals,
        applications: counts.applications,
        measureActions: counts.measureActions,
      };
      createOutput(options.json === true).result(result, () => [
        `${counts.versions} party version(s), ${counts.screeningHits} screening hit(s), ${counts.redressRequests} redress request(s), ` +
          `${counts.decisions} decision(s), ${counts.decisionProposals} decision proposal(s), ` +
          `${counts.applications} application(s) and ${counts.measureActions} measure action(s) sealed.`,
      ]);
    });
  return command;
}

async function rewrap(
  services: Parameters<Parameters<typeof withOperator>[1]>[0],
  actor: Parameters<Parameters<typeof withOperator>[1]>[1],
  file: string,
) {
  const { keyring } = await loadKeyringFile(file);
  services.store.usePersonalDataKeys(keyring);
  const report = await new EncryptionService(services.deps).rewrapAll(actor, keyring, (done) => {
    if (process.stderr.isTTY) process.stderr.write(`\rre-wrapped ${done} data key(s)`);
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  return report;
}

function describeStatus(status: KeyringStatus): string[] {
  return [
    `Active key-encryption key: ${status.activeKekId}`,
    ...status.keks.map(
      (k) =>
        `  ${k.id}${k.active ? ' (active)' : ''}: ${k.liveDataKeys} live data key(s), ${k.destroyedDataKeys} destroyed`,
    ),
    ...status.orphaned.map(
      (o) =>
        `  MISSING ${o.kekId}: wraps ${o.liveDataKeys} data key(s) but is not in the keyring (their data cannot be read)`,
    ),
  ];
}
