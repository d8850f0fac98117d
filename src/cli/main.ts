/**
 * `gatehouse`: thin commands over the services. Each parses its options, calls one service and
 * prints; failures print `error[CODE]` (or JSON with --json) and exit with the code from exit-codes.ts.
 */
import { Command, CommanderError } from 'commander';
import { keysCommand } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { tenantsCommand } from './commands/tenants.ts';
import { EXIT_USAGE, EXIT_OK } from './exit-codes.ts';
import { reportFailure } from './output.ts';

export function buildProgram(): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: Customer Identification Program for cloud providers.')
    .version('0.1.0')
    .showHelpAfterError()
    .addCommand(serveCommand())
    .addCommand(migrateCommand())
    .addCommand(keysCommand())
    .addCommand(tenantsCommand())
    .addHelpText(
      'after',
      '\nConfiguration is read from GATEHOUSE_* environment variables (see .env.example).\n' +
        'Exit codes follow sysexits(3): 64 usage, 65 data, 66 not found, 69 unavailable, 70 internal, ' +
        '75 retry later, 77 not allowed, 78 configuration (docs/errors.md).',
    );
  program.exitOverride();
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exitCode 0; usage mistakes have already been printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    return reportFailure(error, json);
  }
}

const exitCode = await runCli(process.argv.slice(2));
process.exitCode = exitCode;
