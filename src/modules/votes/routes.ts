import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerFileAccess } from '../../core/files';
import { assemblyRoutes } from './assemblies';
import { ballotRoutes } from './ballots';
import { candidateRoutes } from './candidates';
import { canvassRoutes } from './canvass';
import { myAssemblyRoutes } from './me';
import { resultRoutes } from './results';
import { canOnAssembly, ownerSees } from './scope';
import { mustAssembly } from './store';

/** 业主大会 (issue 5): assemblies, ballots, results, elections, canvassing, and the owner's side. */
export const voteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;
  // A matter's attachments (the plan, the budget, the draft) are for whoever may see its assembly.
  registerFileAccess(app, 'assembly_matter', async (req, matterId) => {
    const m = await db
      .selectFrom('assembly_matters')
      .select('assembly_id')
      .where('community_id', '=', req.community!.id)
      .where('id', '=', matterId)
      .executeTakeFirst();
    if (!m) return false;
    const a = await mustAssembly(db, req.community!.id, m.assembly_id);
    return (
      (await canOnAssembly(req, 'assemblies.read', a)) || ownerSees(db, req.account!.id, a.community_id, a.id)
    );
  });
  for (const routes of [
    assemblyRoutes,
    ballotRoutes,
    resultRoutes,
    candidateRoutes,
    canvassRoutes,
    myAssemblyRoutes,
  ])
    await app.register(routes);
};
