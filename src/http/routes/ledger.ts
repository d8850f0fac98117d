/**
 * The proof API of the tamper-evident ledger (issue #5). Hashes are base64 (RFC 4648 §4), as in the
 * C2SP checkpoint itself. A proof only means something against a root the client trusts: take the
 * size and root from a checkpoint whose signature you verified, never from the proof's own answer.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../auth.ts';

const TreeIndex = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Base64Hash = z.string().describe('A SHA-256 hash in base64.');

const DeletionCertificateSchema = z.object({
  id: z.string(),
  partyId: z.string(),
  retentionEnd: z.string().describe('When the retention period of the party (its latest account) ended.'),
  removed: z
    .record(z.string(), z.unknown())
    .describe(
      '`accounts`, `accessEvents` and `parties` (each with its versions, applications and checks scrubbed).',
    ),
  createdAt: z.string(),
  createdBy: z.string(),
});

const CheckpointSchema = z.object({
  size: z.number().int().describe('Leaves in the tree.'),
  root: Base64Hash.describe('The RFC 9162 root hash, base64.'),
  note: z.string().describe('The C2SP tlog-checkpoint, signed (signed-note text).'),
});

const InclusionQuerySchema = z.strictObject({
  leaf: TreeIndex.optional().describe('The leaf index; or give `record`.'),
  record: z
    .string()
    .min(3)
    .max(200)
    .optional()
    .describe('`<type>:<id>` of one of your records (e.g. `decision:<uuid>`, `party_version:<uuid>@2`).'),
  size: TreeIndex.optional().describe('The tree size of the proof; default: the newest checkpoint’s.'),
});

const InclusionSchema = z.object({
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  leafHash: Base64Hash,
  proof: z.array(Base64Hash).describe('RFC 9162 §2.1.3 inclusion path, leaf side first.'),
});

const ConsistencyQuerySchema = z.strictObject({
  from: TreeIndex.describe('The size of the older tree (e.g. a checkpoint you kept).'),
  to: TreeIndex.describe('The size of the newer tree.'),
});

const ConsistencySchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  proof: z.array(Base64Hash).describe('RFC 9162 §2.1.4 consistency proof.'),
});

const PublicKeySchema = z.object({
  origin: z.string().describe('The checkpoint origin line, also the key name.'),
  key: z.string().describe('The verifier key in signed-note form: `<name>+<key id>+<base64 key>`.'),
});

const b64 = (hash: Buffer): string => hash.toString('base64');

export function registerLedgerRoutes(app: FastifyInstance, services: Services): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const common = { tags: ['ledger'], security: [{ bearerAuth: [] }] };
  routes.get(
    '/v1/deletion-certificates/:id',
    {
      schema: {
        ...common,
        summary:
          'A deletion certificate: what the retention pass removed for one party, and when (auditor, admin).',
        description:
          'Written and ledgered when a party is crypto-shredded at the end of its retention period ' +
          '(`deletion_certificate:<id>` has an inclusion proof). It names ids and counts, never personal data.',
        params: z.strictObject({ id: z.string().min(1).max(100) }),
        response: { 200: DeletionCertificateSchema },
      },
    },
    async (request) => {
      const c = await services.partyRetention.certificate(actorOf(request), request.params.id);
      return {
        id: c.id,
        partyId: c.partyId,
        retentionEnd: c.retentionEnd.toISOString(),
        removed: c.removed,
        createdAt: c.createdAt.toISOString(),
        createdBy: c.createdBy,
      };
    },
  );
  routes.get(
    '/v1/ledger/checkpoint',
    {
      schema: {
        ...common,
        summary: 'The newest signed checkpoint (auditor, admin).',
        response: { 200: CheckpointSchema },
      },
    },
    async (request) => {
      const checkpoint = await services.ledger.checkpoint(actorOf(request));
      return { size: checkpoint.size, root: b64(checkpoint.root), note: checkpoint.note };
    },
  );
  routes.get(
    '/v1/ledger/proofs/inclusion',
    {
      schema: {
        ...common,
        summary: 'An inclusion proof of one leaf, by index or by record (auditor, admin).',
        querystring: InclusionQuerySchema,
        response: { 200: InclusionSchema },
      },
    },
    async (request) => {
      const answer = await services.ledger.inclusionProof(actorOf(request), request.query);
      return { ...answer, leafHash: b64(answer.leafHash), proof: answer.proof.map(b64) };
    },
  );
  routes.get(
    '/v1/ledger/proofs/consistency',
    {
      schema: {
        ...common,
        summary: 'A consistency proof between two tree sizes (auditor, admin).',
        querystring: ConsistencyQuerySchema,
        response: { 200: ConsistencySchema },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const answer = await services.ledger.consistencyProof(actorOf(request), from, to);
      return { ...answer, proof: answer.proof.map(b64) };
    },
  );
  routes.get(
    '/v1/ledger/public-key',
    {
      schema: {
        ...common,
        summary: 'The checkpoint verifier key (auditor, admin).',
        response: { 200: PublicKeySchema },
      },
    },
    async (request) => services.ledger.publicKey(actorOf(request)),
  );
}
