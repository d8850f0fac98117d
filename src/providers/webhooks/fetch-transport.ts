/**
 * Sends webhook deliveries with Node's fetch. Redirects are not followed (a receiver that moved must
 * be re-registered; following them would let a URL that passed the SSRF check bounce elsewhere), and
 * a slow receiver is cut off so one endpoint cannot stall the delivery worker.
 */
import type { WebhookTransport } from '../../services/events.ts';

export function createFetchTransport(timeoutMs = 10_000): WebhookTransport {
  return {
    async post(url, headers, body) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'user-agent': 'Gatehouse-Webhooks/1', ...headers },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection can be reused; its content is not needed.
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    },
  };
}
