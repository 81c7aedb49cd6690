import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../core/http/access';
import { Nullable } from '../../core/http/schemas';
import { squadMembersOf } from './people';
import { orderSettings } from './settings';

/**
 * 我的分队: the squads a member serves in, with what the volunteer pages need of them: the community's
 * cap of open orders and how many the member holds, and the squad's current members with their
 * skills and load, to hand an order on (转单) to a named colleague. Names are not masked here: the
 * members of a squad know each other (DESIGN §7 masks residents to volunteers, not volunteers among
 * themselves); no phone or other personal data is given.
 */

const Colleague = Type.Object({
  personId: Type.String(),
  name: Type.String(),
  role: Type.String({ description: 'leader 分队长 | member 队员' }),
  skills: Type.Array(Type.String(), { description: '一技之长' }),
  openOrders: Type.Integer({ description: 'orders they hold open now (assigned, accepted, in progress)' }),
  atCap: Type.Boolean({ description: 'they hold as many open orders as the community allows' }),
  hasAccount: Type.Boolean({ description: 'reachable in the app: only they can accept a transfer' }),
  me: Type.Boolean(),
});

const MySquad = Type.Object({
  communityId: Type.String(),
  communityName: Type.String(),
  squadId: Type.String(),
  squadName: Type.String(),
  squadType: Type.String(),
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  gridId: Nullable(Type.String()),
  gridName: Nullable(Type.String()),
  personId: Type.String({ description: 'my person in the community' }),
  role: Type.String({ description: 'my role in the squad: leader 分队长 | member 队员' }),
  skills: Type.Array(Type.String()),
  openCap: Type.Integer({ description: 'open orders one member may hold in the community (抢单上限)' }),
  openOrders: Type.Integer({ description: 'open orders I hold in the community now' }),
  members: Type.Array(Colleague, { description: 'current members, leaders first, then by name' }),
});

export const squadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/me/squads',
    {
      config: { access: access.session() },
      schema: {
        tags: ['orders'],
        summary: 'The squads I serve in now, with my open orders against the cap and my colleagues',
        response: { 200: Type.Object({ items: Type.Array(MySquad) }) },
      },
    },
    async (req) => {
      const rows = await db
        .selectFrom('squad_members as m')
        .innerJoin('people as p', (j) =>
          j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
        )
        .innerJoin('squads as s', (j) =>
          j.onRef('s.community_id', '=', 'm.community_id').onRef('s.id', '=', 'm.squad_id'),
        )
        .innerJoin('communities as c', 'c.id', 'm.community_id')
        .leftJoin('compounds as cp', (j) =>
          j.onRef('cp.community_id', '=', 's.community_id').onRef('cp.id', '=', 's.compound_id'),
        )
        .leftJoin('grids as g', (j) =>
          j.onRef('g.community_id', '=', 's.community_id').onRef('g.id', '=', 's.grid_id'),
        )
        .select([
          'm.community_id',
          'c.name as community_name',
          'm.squad_id',
          's.name as squad_name',
          's.type as squad_type',
          's.compound_id',
          'cp.name as compound_name',
          's.grid_id',
          'g.name as grid_name',
          'm.person_id',
          'm.role',
          'm.skills',
        ])
        .where('p.account_id', '=', req.account!.id)
        .where('p.archived_at', 'is', null)
        .where('m.left_at', 'is', null)
        .where('s.archived_at', 'is', null)
        .orderBy('c.name')
        .orderBy('s.name')
        .orderBy('m.squad_id')
        .execute();
      const caps = new Map<string, number>();
      for (const communityId of new Set(rows.map((r) => r.community_id)))
        caps.set(communityId, (await orderSettings(db, communityId)).openCap);
      const items = await Promise.all(
        rows.map(async (r) => {
          const openCap = caps.get(r.community_id)!;
          const members = (await squadMembersOf(db, r.community_id, r.squad_id))
            .map((m) => ({ ...m, atCap: m.openOrders >= openCap, me: m.personId === r.person_id }))
            .sort(
              (a, b) =>
                Number(b.role === 'leader') - Number(a.role === 'leader') ||
                a.name.localeCompare(b.name, 'zh-CN') ||
                a.personId.localeCompare(b.personId),
            );
          return {
            communityId: r.community_id,
            communityName: r.community_name,
            squadId: r.squad_id,
            squadName: r.squad_name,
            squadType: r.squad_type,
            compoundId: r.compound_id,
            compoundName: r.compound_name,
            gridId: r.grid_id,
            gridName: r.grid_name,
            personId: r.person_id,
            role: r.role,
            skills: JSON.parse(r.skills ?? '[]') as string[],
            openCap,
            openOrders: members.find((m) => m.me)?.openOrders ?? 0,
            members,
          };
        }),
      );
      return { items };
    },
  );
};
