import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/index.ts';
import { fingerprintRequest } from '../services/idempotency.ts';
import { actorOf } from './auth.ts';

/**
 * Answers a creating POST. With an `Idempotency-Key` header the work runs at most once per key: the
 * same key with the same body replays the first response (header `idempotent-replayed: true`), the
 * same key with another body is a 409. Without the header the work simply runs.
 */
export async function replyCreated(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  work: () => Promise<unknown>,
): Promise<void> {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string') {
    await reply.status(201).send(await work());
    return;
  }
  const route = request.routeOptions.url ?? request.url;
  const fingerprint = fingerprintRequest(request.method, route, request.body);
  const result = await services.idempotency.execute(actorOf(request), key, fingerprint, async () => ({
    statusCode: 201,
    body: await work(),
  }));
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  await reply.status(result.statusCode).send(result.body);
}
