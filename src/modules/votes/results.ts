import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { streamEvents } from '../../core/http/sse';
import { Nullable } from '../../core/http/schemas';
import { buildBundle } from './bundle';
import { checkChain } from './casting';
import { hasResults } from './lifecycle';
import { renderNotice, requireNoticeFont } from './notice';
import { assemblyResults, matterResult, MatterResult, Turnout, turnoutOf } from './report';
import { assembliesWithCompound, loadAssembly } from './scope';
import { assemblyTopic } from './steps';
import { chainBody, chainOf, mustMatter, statusOf, tallyMatter, unitsOf } from './store';
import { AssemblyParams, MatterParams } from './views';

/**
 * Turnout while voting runs (live over server-sent events), results once it has closed, the ballot
 * bundle anyone can recount offline, and the printable notice.
 */

const BundleDocument = Type.Object({
  format: Type.String(),
  matter: Type.Object({
    id: Type.String(),
    title: Type.Optional(Type.String()),
    kind: Type.String(),
    seats: Type.Optional(Type.Integer()),
    candidates: Type.Optional(Type.Array(Type.String())),
  }),
  units: Type.Array(Type.Object({ id: Type.String(), area: Type.Number(), voter: Type.String() })),
  ballots: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      voter: Type.String(),
      matter: Type.String({ description: 'the matter’s id: part of what the hash covers' }),
      choice: Type.Optional(Type.String()),
      choices: Type.Optional(Type.Array(Type.String())),
      hash: Type.String(),
    }),
  ),
});

export const resultRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/turnout',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Participation so far per matter and building against the 2/3 quorum and the approval thresholds',
        params: AssemblyParams,
        response: { 200: Turnout },
      },
    },
    async (req) => turnoutOf(db, await loadAssembly(req, 'assemblies.read', req.params.assemblyId)),
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/turnout/stream',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Server-sent events on the assembly: `turnout` {matterId, ballots, participating…, quorum} as ballots arrive, `status` on each step',
        params: AssemblyParams,
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      return streamEvents(req, reply, [assemblyTopic(a.id)]);
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/results',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary:
          'Every matter’s result once voting has closed: the four figures, the thresholds in words, the final hash',
        params: AssemblyParams,
        response: {
          200: Type.Object({ publishedAt: Nullable(Type.Integer()), matters: Type.Array(MatterResult) }),
        },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      return { publishedAt: a.published_at, matters: await assemblyResults(db, a, req.locale) };
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/results',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'One matter’s result once voting has closed',
        params: MatterParams,
        response: { 200: MatterResult },
      },
    },
    async (req) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      if (!hasResults(statusOf(a))) throw new AppError(409, 'assembly_no_results');
      return matterResult(db, a, m, await unitsOf(db, a), req.locale);
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/matters/:matterId/bundle',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary:
          'The ballot bundle (gongzhi-ballot-bundle/1, with hashes) of a closed matter, to recount offline with `gongzhi recount`',
        params: MatterParams,
        response: { 200: BundleDocument },
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      const m = await mustMatter(db, a, req.params.matterId);
      if (!hasResults(statusOf(a))) throw new AppError(409, 'assembly_no_results');
      const chain = await chainOf(db, m);
      // The bundle re-derives every hash; it is only honest if the stored chain agrees with it.
      const check = checkChain(chain, m);
      if (!check.ok) throw new AppError(409, 'chain_broken', { seq: check.seq });
      const units = await unitsOf(db, a);
      // Unit ids are pseudonyms, unless the compound's rules make votes public anyway.
      const bundle = buildBundle(
        await tallyMatter(db, m),
        units.map((u) => ({
          id: a.public_votes === 1 ? u.label : u.id,
          areaCenti: u.areaCenti,
          voter: u.voter,
        })),
        chain.map(chainBody),
      );
      return reply
        .header('content-disposition', `attachment; filename="ballot-bundle-${m.id}.json"`)
        .send(bundle as Static<typeof BundleDocument>);
    },
  );

  app.get(
    '/communities/:communityId/assemblies/:assemblyId/notice.pdf',
    {
      config: { access: access.community('assemblies.read') },
      schema: {
        tags: ['assemblies'],
        summary: 'The printable results notice (表决结果公告, PDF in Chinese) once voting has closed',
        params: AssemblyParams,
      },
    },
    async (req, reply) => {
      const a = await loadAssembly(req, 'assemblies.read', req.params.assemblyId);
      const results = await assemblyResults(db, a, 'zh-CN');
      const font = await requireNoticeFont(app.deps.config, req.log);
      const withName = await assembliesWithCompound(db, a.community_id)
        .where('a.id', '=', a.id)
        .executeTakeFirstOrThrow();
      const pdf = await renderNotice(font, withName, results, Date.now());
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="assembly-notice-${a.id}.pdf"`)
        .send(pdf);
    },
  );
};
