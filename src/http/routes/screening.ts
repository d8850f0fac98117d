import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ScreeningMatch } from '../../domain/screening/matcher.ts';
import type { Services } from '../../services/index.ts';
import type { ListVersionRecord, ScreeningHitRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import {
  IdParamsSchema,
  isoDate,
  pageRequestFrom,
  PageQuerySchema,
  pageSchema,
  PurposeHeadersSchema,
} from '../schemas.ts';

const ExplanationSchema = z
  .record(z.string(), z.unknown())
  .describe('Which words aligned and which features moved the score.');

const MatchSchema = z.object({
  source: z.string(),
  entryId: z.string(),
  matchedName: z.string(),
  score: z.number(),
  band: z.enum(['block', 'review']),
  explanation: ExplanationSchema,
  entry: z.object({
    type: z.string(),
    names: z.array(z.object({ full: z.string(), primary: z.boolean(), quality: z.string() })),
    datesOfBirth: z.array(z.unknown()),
    countries: z.array(z.string()),
    programs: z.array(z.string()),
  }),
});

const ListVersionSchema = z.object({
  id: z.uuid(),
  source: z.string(),
  status: z.enum(['active', 'superseded']),
  entryCount: z.number().int(),
  sha256: z.string(),
  publishedAt: z.iso.datetime().nullable(),
  importedAt: z.iso.datetime(),
  ageDays: z.number().describe('Days since the publisher’s date (or the import, when the list has none).'),
  delta: z.object({
    previousVersionId: z.uuid().nullable(),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
  }),
});

const HIT_READ_NOTE =
  'A hit’s explanation and its reviewer’s reason are about the customer: masked for roles without ' +
  'personal-data rights, and every read is audited with the ids read and the purpose stated in ' +
  '`X-Gatehouse-Purpose`. Once the party’s retention has ended they read `[deleted at the end of retention]`.';

const HitSchema = z.object({
  id: z.uuid(),
  partyId: z.uuid(),
  partyVersion: z.number().int(),
  source: z.string(),
  entryId: z.string(),
  listVersionId: z.uuid(),
  matchedName: z.string(),
  score: z.number(),
  band: z.enum(['block', 'review']),
  explanation: ExplanationSchema,
  status: z.enum(['open', 'true_match', 'false_positive']),
  createdAt: z.iso.datetime(),
  reviewedAt: z.iso.datetime().nullable(),
  reviewedBy: z.string().nullable(),
  reviewReason: z.string().nullable(),
});

const presentMatch = (m: ScreeningMatch): z.infer<typeof MatchSchema> => ({
  source: m.source,
  entryId: m.entryId,
  matchedName: m.matchedName,
  score: Math.round(m.score * 1000) / 1000,
  band: m.band,
  explanation: m.explanation as unknown as Record<string, unknown>,
  entry: {
    type: m.entry.type,
    names: m.entry.names.slice(0, 20).map((n) => ({ full: n.full, primary: n.primary, quality: n.quality })),
    datesOfBirth: [...m.entry.datesOfBirth],
    countries: [...m.entry.countries],
    programs: [...m.entry.programs],
  },
});

export function presentListVersion(v: ListVersionRecord, now: Date): z.infer<typeof ListVersionSchema> {
  const since = (v.publishedAt ?? v.importedAt).getTime();
  return {
    id: v.id,
    source: v.source,
    status: v.status,
    entryCount: v.entryCount,
    sha256: v.sha256,
    publishedAt: isoDate(v.publishedAt),
    importedAt: v.importedAt.toISOString(),
    ageDays: Math.round(((now.getTime() - since) / 86_400_000) * 10) / 10,
    delta: {
      previousVersionId: v.delta.previousVersionId,
      added: v.delta.added.length,
      changed: v.delta.changed.length,
      removed: v.delta.removed.length,
    },
  };
}

const presentHit = (h: ScreeningHitRecord): z.infer<typeof HitSchema> => ({
  id: h.id,
  partyId: h.partyId,
  partyVersion: h.partyVersion,
  source: h.source,
  entryId: h.entryId,
  listVersionId: h.listVersionId,
  matchedName: h.matchedName,
  score: h.score,
  band: h.band,
  explanation: h.explanation as Record<string, unknown>,
  status: h.status,
  createdAt: h.createdAt.toISOString(),
  reviewedAt: isoDate(h.reviewedAt),
  reviewedBy: h.reviewedBy,
  reviewReason: h.reviewReason,
});

export function registerScreeningRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.post(
    '/v1/screenings',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Screen a name (with optional date of birth, countries, type, identifiers) against the active lists.',
        description:
          'Ad hoc: nothing is stored but an audit record (without the name). Every match explains which words aligned and which features raised or lowered its score.',
        security,
        body: z.strictObject({
          name: z.string().max(1000),
          type: z.enum(['person', 'entity', 'vessel', 'aircraft', 'unknown']).optional(),
          dateOfBirth: z.string().max(10).optional().describe('YYYY, YYYY-MM or YYYY-MM-DD.'),
          countries: z.array(z.string().max(2)).max(20).optional(),
          identifiers: z
            .array(z.strictObject({ type: z.string().max(40).optional(), number: z.string().max(100) }))
            .max(20)
            .optional(),
          threshold: z.number().min(0.5).max(1).optional().describe('Lowest score returned (default 0.75).'),
          limit: z.number().int().min(1).max(100).optional(),
        }),
        response: {
          200: z.object({
            matches: z.array(MatchSchema),
            lists: z.array(
              z.object({
                source: z.string(),
                versionId: z.uuid(),
                entryCount: z.number().int(),
                publishedAt: z.iso.datetime().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const result = await services.screening.screenAdHoc(actorOf(request), request.body);
      return {
        matches: result.matches.map(presentMatch),
        lists: result.lists.map((v) => ({
          source: v.source,
          versionId: v.id,
          entryCount: v.entryCount,
          publishedAt: isoDate(v.publishedAt),
        })),
      };
    },
  );
  r.get(
    '/v1/screening-hits',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Screening hits of the tenant’s parties, oldest first (`status=open` is the review queue). The read is audited.',
        description: HIT_READ_NOTE,
        security,
        querystring: PageQuerySchema.extend({
          status: z.enum(['open', 'true_match', 'false_positive']).optional(),
        }),
        headers: PurposeHeadersSchema,
        response: { 200: pageSchema(HitSchema) },
      },
    },
    async (request) => {
      const page = await services.screening.listHits(
        actorOf(request),
        request.query.status,
        pageRequestFrom(request.query),
        request.headers['x-gatehouse-purpose'],
      );
      return { items: page.items.map(presentHit), nextCursor: page.nextCursor };
    },
  );
  r.get(
    '/v1/screening-hits/:id',
    {
      schema: {
        tags: ['screening'],
        summary: 'One screening hit with its explanation. The read is audited.',
        description: HIT_READ_NOTE,
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        response: { 200: HitSchema },
      },
    },
    async (request) =>
      presentHit(
        await services.screening.getHit(
          actorOf(request),
          request.params.id,
          request.headers['x-gatehouse-purpose'],
        ),
      ),
  );
  r.post(
    '/v1/screening-hits/:id/review',
    {
      schema: {
        tags: ['screening'],
        summary:
          'A reviewer’s verdict on a hit; remembered for this party × list entry. The accounts of the party are decided again.',
        security,
        params: IdParamsSchema,
        body: z.strictObject({
          outcome: z.enum(['true_match', 'false_positive']),
          reason: z.string().trim().min(1).max(2000),
        }),
        response: { 200: HitSchema },
      },
    },
    async (request) =>
      presentHit(await services.screening.reviewHit(actorOf(request), request.params.id, request.body)),
  );
  r.get(
    '/v1/lists',
    {
      schema: {
        tags: ['screening'],
        summary: 'The active version of each sanctions list, with its freshness.',
        security,
        response: { 200: z.object({ items: z.array(ListVersionSchema) }) },
      },
    },
    async (request) => {
      const now = services.deps.now();
      return {
        items: (await services.lists.activeVersions(actorOf(request))).map((v) => presentListVersion(v, now)),
      };
    },
  );
  r.get(
    '/v1/lists/:source/versions',
    {
      schema: {
        tags: ['screening'],
        summary: 'The versions of one list, newest first (the last 100).',
        security,
        params: z.strictObject({ source: z.string().max(40) }),
        response: { 200: z.object({ items: z.array(ListVersionSchema) }) },
      },
    },
    async (request) => {
      const now = services.deps.now();
      return {
        items: (await services.lists.versions(actorOf(request), request.params.source)).map((v) =>
          presentListVersion(v, now),
        ),
      };
    },
  );
  r.get(
    '/v1/list-versions/:id/delta',
    {
      schema: {
        tags: ['screening'],
        summary: 'The entry ids a version added, changed and removed against the version it replaced.',
        security,
        params: IdParamsSchema,
        response: {
          200: z.object({
            versionId: z.uuid(),
            previousVersionId: z.uuid().nullable(),
            added: z.array(z.string()),
            changed: z.array(z.string()),
            removed: z.array(z.string()),
          }),
        },
      },
    },
    async (request) => {
      const v = await services.lists.version(actorOf(request), request.params.id);
      return { versionId: v.id, ...v.delta };
    },
  );
}
