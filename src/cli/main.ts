/**
 * `gatehouse`: thin commands over the services. Each parses its options, calls one service and
 * prints; failures print `error[CODE]` (or JSON with --json) and exit with the code from exit-codes.ts.
 */
import { Command, CommanderError } from 'commander';
import { AppError } from '../errors.ts';
import { accessCommand } from './commands/access.ts';
import { workerCommand } from './commands/worker.ts';
import { applyCommand } from './commands/apply.ts';
import { demoCommand } from './commands/demo.ts';
import { keysCommand } from './commands/keys.ts';
import { measuresCommand } from './commands/measures.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { tenantsCommand } from './commands/tenants.ts';
import { listsCommand } from './commands/lists.ts';
import { screenCommand } from './commands/screen.ts';
import { ledgerCommand } from './commands/ledger.ts';
import { encryptionCommand } from './commands/encryption.ts';
import { usersCommand } from './commands/users.ts';
import { holdsCommand } from './commands/holds.ts';
import { retentionCommand } from './commands/retention.ts';
import { EXIT_USAGE, EXIT_OK } from './exit-codes.ts';
import { reportFailure } from './output.ts';

export function buildProgram(json = false): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: Customer Identification Program for cloud providers.')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(serveCommand())
    .addCommand(migrateCommand())
    .addCommand(keysCommand())
    .addCommand(usersCommand())
    .addCommand(tenantsCommand())
    .addCommand(applyCommand())
    .addCommand(measuresCommand())
    .addCommand(demoCommand())
    .addCommand(listsCommand())
    .addCommand(screenCommand())
    .addCommand(ledgerCommand())
    .addCommand(encryptionCommand())
    .addCommand(accessCommand())
    .addCommand(holdsCommand())
    .addCommand(retentionCommand())
    .addCommand(workerCommand())
    .addHelpText(
      'after',
      '\nConfiguration is read from GATEHOUSE_* environment variables (see .env.example).\n' +
        'Exit codes follow sysexits(3): 64 usage, 65 data, 66 not found, 69 unavailable, 70 internal, ' +
        '75 retry later, 77 not allowed, 78 configuration (docs/errors.md).',
    );
  // With --json, usage mistakes are reported as a JSON error (by runCli) instead of commander's text.
  const output = json ? { writeErr: () => undefined, outputError: () => undefined } : {};
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride().configureOutput(output);
  }
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    await buildProgram(json).parseAsync(argv, { from: 'user' });
    // A command that finished its output but must still report a failure sets process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exitCode 0; without --json, usage mistakes are already printed.
      if (error.exitCode === 0) return EXIT_OK;
      if (json)
        reportFailure(
          new AppError('VALIDATION_FAILED', error.message.replace(/^error: /, ''), { field: 'argv' }),
          true,
        );
      return EXIT_USAGE;
    }
    return reportFailure(error, json);
  }
}

// `gatehouse screen … | head` closes stdout early: that ends the run quietly, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  throw error;
});

const exitCode = await runCli(process.argv.slice(2));
process.exitCode = exitCode;
