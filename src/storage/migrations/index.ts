/**
 * Every migration, in order. Listed statically (not read from the folder at run time) so the set
 * that runs is the set that was reviewed, and a bundler or tsx loader cannot miss one.
 * Migrations are append-only: never edit one that has shipped; add the next number.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as cipCore from './0002-cip-core.ts';
import * as measureActions from './0003-measure-actions.ts';
import * as decisionProposals from './0004-decision-proposals.ts';
import * as verificationChecks from './0005-verification-checks.ts';
import * as lifecycle from './0006-lifecycle.ts';
import * as screening from './0007-screening.ts';
import * as ledger from './0008-ledger.ts';
import * as accessLog from './0009-access-log.ts';
import * as consoleUsers from './0010-console-users.ts';
import * as personalDataKeys from './0011-personal-data-keys.ts';
import * as legalHolds from './0012-legal-holds.ts';
import * as accessLogDigests from './0013-access-log-digests.ts';
import * as accessLogOneIndex from './0014-access-log-one-index.ts';
import * as scheduledRuns from './0015-scheduled-runs.ts';
import * as sealedWords from './0016-sealed-words.ts';
import * as readPurpose from './0017-read-purpose.ts';
import * as proposalOutcome from './0018-proposal-outcome.ts';
import * as linkEnded from './0019-link-ended.ts';
import * as sealedDecisionWords from './0020-sealed-decision-words.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-cip-core': cipCore,
  '0003-measure-actions': measureActions,
  '0004-decision-proposals': decisionProposals,
  '0005-verification-checks': verificationChecks,
  '0006-lifecycle': lifecycle,
  '0007-screening': screening,
  '0008-ledger': ledger,
  '0009-access-log': accessLog,
  '0010-console-users': consoleUsers,
  '0011-personal-data-keys': personalDataKeys,
  '0012-legal-holds': legalHolds,
  '0013-access-log-digests': accessLogDigests,
  '0014-access-log-one-index': accessLogOneIndex,
  '0015-scheduled-runs': scheduledRuns,
  '0016-sealed-words': sealedWords,
  '0017-read-purpose': readPurpose,
  '0018-proposal-outcome': proposalOutcome,
  '0019-link-ended': linkEnded,
  '0020-sealed-decision-words': sealedDecisionWords,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
