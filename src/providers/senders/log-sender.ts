/**
 * The default one-time-code sender: writes the code to the server log instead of sending an email or
 * SMS, so a laptop install works with no provider account. For development and demos only: anyone who
 * reads the log can confirm possession. A production install plugs in its email/SMS provider here.
 */
import type { Logger } from 'pino';
import { maskDestination } from '../../domain/decisions/one-time-code.ts';
import type { CodeSender } from '../../services/verifications.ts';

export function createLogCodeSender(logger: Logger): CodeSender {
  return {
    send: async ({ channel, destination, code }) => {
      // The destination is personal data: only its masked form is logged.
      logger.info(
        { channel, to: maskDestination(channel, destination), code },
        'one-time code (log sender: development only)',
      );
    },
  };
}
