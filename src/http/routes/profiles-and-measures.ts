import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RuleProfileSchema } from '../../domain/profiles/profile.ts';
import {
  MeasureExtensionInputSchema,
  SpecialMeasureInputSchema,
  SpecialMeasureSchema,
} from '../../domain/special-measures/schema.ts';
import type { Services } from '../../services/index.ts';
import type { MeasureActionRecord } from '../../storage/port.ts';
import { actorOf } from '../auth.ts';
import { replyCreated } from '../idempotency.ts';
import { IdempotencyHeadersSchema, IdParamsSchema, PurposeHeadersSchema } from '../schemas.ts';

const MeasureActionSchema = z.object({
  accountId: z.uuid(),
  action: z.enum(['close', 'apply_conditions']),
  dueBy: z.iso.date().describe('The account must comply by the start of this day (the effective date).'),
  matchedOn: z.array(
    z.object({
      attribute: z.string(),
      value: z.string(),
      beneficialOwner: z
        .uuid()
        .optional()
        .describe(
          'Set when the match is on a beneficial owner of the entity (its party id), not the customer.',
        ),
      signatory: z
        .uuid()
        .optional()
        .describe('Set when the match is on a signatory of the entity (its party id), not the customer.'),
    }),
  ),
  status: z.enum(['open', 'done']),
  foundAt: z.iso.datetime(),
});

function presentAction(a: MeasureActionRecord): z.infer<typeof MeasureActionSchema> {
  return {
    accountId: a.accountId,
    action: a.action,
    dueBy: a.dueBy,
    matchedOn: a.matchedOn as Array<{
      attribute: string;
      value: string;
      beneficialOwner?: string;
      signatory?: string;
    }>,
    status: a.status,
    foundAt: a.createdAt.toISOString(),
  };
}

const ProfileViewSchema = z.object({
  profile: RuleProfileSchema,
  builtIn: z.boolean(),
  isDefault: z.boolean(),
});

export function registerProfileAndMeasureRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearerAuth: [] }];
  r.get(
    '/v1/profiles',
    {
      schema: {
        tags: ['profiles'],
        summary:
          'Rule profiles: the built-in ones and the tenant’s own (newest version), with the default marked.',
        security,
        response: { 200: z.object({ items: z.array(ProfileViewSchema) }) },
      },
    },
    async (request) => ({ items: await services.profiles.listProfiles(actorOf(request)) }),
  );
  r.post(
    '/v1/profiles',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Save a tenant-defined profile as the next version of its id (admin).',
        security,
        headers: IdempotencyHeadersSchema,
        body: z.record(z.string(), z.unknown()),
        response: { 201: RuleProfileSchema },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, () =>
        services.profiles.saveProfile(actorOf(request), request.body),
      ),
  );
  r.put(
    '/v1/profiles/default',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Set the profile new applications use when they name none (admin).',
        security,
        body: z.strictObject({ profileId: z.string().min(1).max(100) }),
        response: { 200: ProfileViewSchema },
      },
    },
    async (request) => services.profiles.setDefaultProfile(actorOf(request), request.body.profileId),
  );
  r.post(
    '/v1/special-measures',
    {
      schema: {
        tags: ['special-measures'],
        summary:
          'Record a special measure (jurisdiction or named person; prohibit or condition) and sweep existing accounts (admin).',
        description:
          'Effective date defaults to determination + 180 days, expiry to effective + 365 days. New applications are ' +
          'checked against measures in force; existing accounts the measure touches are recorded at once as actions ' +
          'due by the effective date (`GET /v1/special-measures/{id}/actions`).',
        security,
        headers: IdempotencyHeadersSchema,
        body: SpecialMeasureInputSchema,
        response: { 201: SpecialMeasureSchema.extend({ sweep: z.object({ found: z.number().int() }) }) },
      },
    },
    (request, reply) =>
      replyCreated(services, request, reply, async () => {
        const { measure, sweep } = await services.measures.createMeasureAndSweep(
          actorOf(request),
          request.body,
        );
        return { ...measure, sweep };
      }),
  );
  r.post(
    '/v1/special-measures/:id/sweep',
    {
      schema: {
        tags: ['special-measures'],
        summary:
          'Sweep existing accounts again; adds only new findings (admin). The scheduler also sweeps each measure on its effective date.',
        security,
        params: IdParamsSchema,
        response: { 200: z.object({ found: z.number().int(), actions: z.array(MeasureActionSchema) }) },
      },
    },
    async (request) => {
      const { found, actions } = await services.measures.sweep(actorOf(request), request.params.id);
      return { found, actions: actions.map(presentAction) };
    },
  );
  r.get(
    '/v1/special-measures/:id/sweeps',
    {
      schema: {
        tags: ['special-measures'],
        summary:
          'Every sweep of the measure: at creation, on its effective date (scheduler), and on request.',
        security,
        params: IdParamsSchema,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                trigger: z.enum(['created', 'effective', 'manual']),
                found: z.number().int(),
                ranAt: z.iso.datetime(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: (await services.measures.listSweeps(actorOf(request), request.params.id)).map((s) => ({
        ...s,
        ranAt: s.ranAt.toISOString(),
      })),
    }),
  );
  r.post(
    '/v1/special-measures/:id/extensions',
    {
      schema: {
        tags: ['special-measures'],
        summary: 'Extend a measure (admin): a later expiry, by default the current expiry + 365 days.',
        security,
        params: IdParamsSchema,
        body: MeasureExtensionInputSchema,
        response: { 200: SpecialMeasureSchema },
      },
    },
    async (request) => services.measures.extendMeasure(actorOf(request), request.params.id, request.body),
  );
  r.get(
    '/v1/special-measures/:id/actions',
    {
      schema: {
        tags: ['special-measures'],
        summary: 'The existing accounts a measure touches, with the action due and its deadline.',
        description:
          'What each action matched (a name, a number) is the customer’s: masked for roles without ' +
          'personal-data rights. The read is audited (`measure_actions.listed`) with the purpose stated in ' +
          '`X-Gatehouse-Purpose`.',
        security,
        params: IdParamsSchema,
        headers: PurposeHeadersSchema,
        response: { 200: z.object({ items: z.array(MeasureActionSchema) }) },
      },
    },
    async (request) => ({
      items: (
        await services.measures.listActions(
          actorOf(request),
          request.params.id,
          request.headers['x-gatehouse-purpose'],
        )
      ).map(presentAction),
    }),
  );
  r.get(
    '/v1/special-measures',
    {
      schema: {
        tags: ['special-measures'],
        summary: 'The tenant’s special measures.',
        security,
        response: { 200: z.object({ items: z.array(SpecialMeasureSchema) }) },
      },
    },
    async (request) => ({ items: await services.measures.listMeasures(actorOf(request)) }),
  );
  r.get(
    '/v1/special-measures/:id',
    {
      schema: {
        tags: ['special-measures'],
        summary: 'One special measure.',
        security,
        params: IdParamsSchema,
        response: { 200: SpecialMeasureSchema },
      },
    },
    async (request) => services.measures.getMeasure(actorOf(request), request.params.id),
  );
}
