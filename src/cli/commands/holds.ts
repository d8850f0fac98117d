import { Command } from 'commander';
import { z } from 'zod';
import { decodeCursor } from '../../domain/pagination/cursor.ts';
import { LegalHoldReasonSchema } from '../../domain/retention/legal-hold.ts';
import { AppError } from '../../errors.ts';
import type { LegalHoldRecord } from '../../storage/port.ts';
import { createOutput, parseOptions, TenantOption } from '../output.ts';
import { withOperator } from '../runtime.ts';

const TENANT_HELP = 'tenant id (default: the only provider tenant)';
const SubjectIdOption = z.string().min(1).max(200).optional();

const SET_HELP = `
A hold on a party also holds each of its accounts; a hold on an account also holds its party. While a
hold is active, retention (\`gatehouse retention run\`, and the server's daily pass) deletes none of
their records. Holds are never deleted, only released (\`gatehouse holds release\`).

Exit codes: 0 set; 64 a missing or bad option (VALIDATION_FAILED); 66 no such party or account in the
tenant (PARTY_NOT_FOUND, ACCOUNT_NOT_FOUND).`;

/** The fields of `GET /v1/legal-holds/{id}`, for --json. */
function presentHold(hold: LegalHoldRecord) {
  return {
    id: hold.id,
    subject: hold.subject,
    reason: hold.reason,
    active: hold.releasedAt === null,
    setBy: hold.setBy,
    setAt: hold.setAt.toISOString(),
    release:
      hold.releasedAt === null
        ? null
        : { by: hold.releasedBy, at: hold.releasedAt.toISOString(), reason: hold.releaseReason },
  };
}

function describeHold(hold: LegalHoldRecord): string[] {
  const state =
    hold.releasedAt === null
      ? 'active'
      : `released ${hold.releasedAt.toISOString()} by ${hold.releasedBy ?? '?'}: ${hold.releaseReason ?? ''}`;
  return [
    `${hold.id}  ${hold.subject.type} ${hold.subject.id}  ${state}`,
    `  set ${hold.setAt.toISOString()} by ${hold.setBy}: ${hold.reason}`,
  ];
}

/** `--party ID` or `--account ID`, exactly one (for `set`), or at most one (for `list`). */
function subjectOf(
  options: { party?: string | undefined; account?: string | undefined },
  required: boolean,
): { type: 'party' | 'account'; id: string } | undefined {
  if (options.party !== undefined && options.account !== undefined) {
    throw new AppError('VALIDATION_FAILED', 'Give --party or --account, not both.', {
      field: 'option.party',
    });
  }
  if (options.party !== undefined) return { type: 'party', id: options.party };
  if (options.account !== undefined) return { type: 'account', id: options.account };
  if (required) {
    throw new AppError('VALIDATION_FAILED', 'Give --party ID or --account ID.', { field: 'option.party' });
  }
  return undefined;
}

export function holdsCommand(): Command {
  const holds = new Command('holds').description(
    'Legal holds: keep a party’s or an account’s records past their retention period until released.',
  );
  holds
    .command('set')
    .description('Put a party or an account under legal hold.')
    .option('--party <id>', 'the party id')
    .option('--account <id>', 'the account id or its external id')
    .requiredOption('--reason <text>', 'why (the preservation letter, subpoena or case); 3–1000 characters')
    .option('--tenant <id>', TENANT_HELP)
    .option('--json', 'print the hold as JSON')
    .addHelpText('after', SET_HELP)
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({
          party: SubjectIdOption,
          account: SubjectIdOption,
          reason: LegalHoldReasonSchema,
          tenant: TenantOption,
          json: z.boolean().optional(),
        }),
        raw,
      );
      const subject = subjectOf(options, true);
      const hold = await withOperator(options.tenant, (services, actor) =>
        services.legalHolds.setHold(actor, { subject, reason: options.reason }),
      );
      createOutput(options.json === true).result(presentHold(hold), () => [
        `Set legal hold ${hold.id} on ${hold.subject.type} ${hold.subject.id}.`,
      ]);
    });
  holds
    .command('release')
    .description('Release a legal hold; the next retention pass may delete what it kept.')
    .argument('<id>', 'the hold id (from `holds list`)')
    .requiredOption('--reason <text>', 'why the hold ends; 3–1000 characters')
    .option('--tenant <id>', TENANT_HELP)
    .option('--json', 'print the released hold as JSON')
    .addHelpText(
      'after',
      '\nExit codes: 0 released; 65 released already (LEGAL_HOLD_RELEASED); 66 no such hold.',
    )
    .action(async (id: string, raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({
          id: z.uuid(),
          reason: LegalHoldReasonSchema,
          tenant: TenantOption,
          json: z.boolean().optional(),
        }),
        { ...raw, id },
      );
      const hold = await withOperator(options.tenant, (services, actor) =>
        services.legalHolds.releaseHold(actor, options.id, { reason: options.reason }),
      );
      createOutput(options.json === true).result(presentHold(hold), () => [
        `Released legal hold ${hold.id} on ${hold.subject.type} ${hold.subject.id}.`,
      ]);
    });
  holds
    .command('list')
    .description('List legal holds, newest first: every one, the active ones, or those covering a subject.')
    .option('--active', 'only holds not released')
    .option('--party <id>', 'only holds covering this party (on it or on one of its accounts)')
    .option('--account <id>', 'only holds covering this account (on it or on its party)')
    .option('--tenant <id>', TENANT_HELP)
    .option('--json', 'print a JSON array')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(
        z.object({
          active: z.boolean().optional(),
          party: SubjectIdOption,
          account: SubjectIdOption,
          tenant: TenantOption,
          json: z.boolean().optional(),
        }),
        raw,
      );
      const subject = subjectOf(options, false);
      const all = await withOperator(options.tenant, async (services, actor) => {
        const found: LegalHoldRecord[] = [];
        let after: string | undefined;
        do {
          const page = await services.legalHolds.listHolds(
            actor,
            {
              subject: subject === undefined ? undefined : `${subject.type}:${subject.id}`,
              active: options.active === true ? true : undefined,
            },
            { limit: 200, after },
          );
          found.push(...page.items);
          after = page.nextCursor === null ? undefined : decodeCursor(page.nextCursor);
        } while (after !== undefined);
        return found;
      });
      createOutput(options.json === true).result(all.map(presentHold), () =>
        all.length === 0 ? ['No legal holds.'] : all.flatMap(describeHold),
      );
    });
  return holds;
}
