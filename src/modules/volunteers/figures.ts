import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { rowVisible } from '../../core/access/policy';
import { whereVisible } from '../../core/db/query';
import { access, communityOf, visibleRows } from '../../core/http/access';
import { DateOnly, Id, Nullable } from '../../core/http/schemas';
import { patrolFiguresSource } from './hooks';
import { dayRange, hoursOf, sourceKinds, type SourceKind } from './rules';

/**
 * Volunteer figures for a period, a compound or a squad: volunteers active (people with service
 * counted in the period), hours, activities held, residents served at them, and the breakdown by
 * kind of service, squad and compound. Each figure is counted from rows a list returns, and says
 * which list and filter reproduce it, so the console links every number to its records.
 */

const Tally = Type.Object({ entries: Type.Integer(), minutes: Type.Integer(), hours: Type.Number() });
const Source = Type.Object({
  path: Type.String({ description: 'the console list below /communities/:communityId/' }),
  query: Type.Record(Type.String(), Type.String()),
});

const Figures = Type.Object({
  volunteersActive: Type.Integer({ description: 'distinct people with service counted in the period' }),
  minutes: Type.Integer(),
  hours: Type.Number(),
  activitiesHeld: Type.Integer(),
  residentsServed: Type.Integer({
    description: 'the people served at the activities held (their summaries)',
  }),
  byKind: Type.Object(
    Object.fromEntries(sourceKinds.map((k) => [k, Tally])) as Record<SourceKind, typeof Tally>,
  ),
  bySquad: Type.Array(Type.Object({ squadId: Type.String(), squadName: Type.String(), ...Tally.properties })),
  byCompound: Type.Array(
    Type.Object({ compoundId: Type.String(), compoundName: Type.String(), ...Tally.properties }),
  ),
  patrols: Nullable(
    Type.Object({
      runsDone: Type.Integer(),
      runsMissed: Type.Integer(),
      runsFlagged: Type.Integer(),
      findings: Type.Integer(),
      findingOrders: Type.Integer(),
    }),
  ),
  sources: Type.Object({
    volunteersActive: Source,
    hours: Source,
    activitiesHeld: Source,
    residentsServed: Source,
  }),
});

const tally = (entries: number, minutes: number) => ({ entries, minutes, hours: hoursOf(minutes) });

export const figureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/volunteer-figures',
    {
      config: { access: access.community('volunteers.read') },
      schema: {
        tags: ['volunteers'],
        summary: 'Volunteer figures in my scope for a period, compound or squad, with the list behind each',
        params: Type.Object({ communityId: Id }),
        querystring: Type.Object({
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
          compoundId: Type.Optional(Id),
          squadId: Type.Optional(Id),
        }),
        response: { 200: Figures },
      },
    },
    async (req) => {
      const communityId = communityOf(req).id;
      const f = req.query;
      const filter = visibleRows(req, 'volunteers.read');
      const fromMs = f.from ? dayRange(f.from, f.from).fromMs : undefined;
      const toMs = f.to ? dayRange(f.to, f.to).toMs : undefined;

      // The same rows GET service-entries returns for these filters (voided=false).
      let entries = db
        .selectFrom('service_entries as e')
        .leftJoin('squads as s', (j) =>
          j.onRef('s.community_id', '=', 'e.community_id').onRef('s.id', '=', 'e.squad_id'),
        )
        .leftJoin('compounds as c', (j) =>
          j.onRef('c.community_id', '=', 'e.community_id').onRef('c.id', '=', 'e.compound_id'),
        )
        .where('e.community_id', '=', communityId)
        .where('e.voided_at', 'is', null)
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'e.compound_id', squad: 'e.squad_id', grid: 's.grid_id' }),
        );
      if (fromMs !== undefined) entries = entries.where('e.at', '>=', fromMs);
      if (toMs !== undefined) entries = entries.where('e.at', '<', toMs);
      if (f.compoundId) entries = entries.where('e.compound_id', '=', f.compoundId);
      if (f.squadId) entries = entries.where('e.squad_id', '=', f.squadId);

      // The same rows GET activities returns with state=held.
      let held = db
        .selectFrom('activities as a')
        .leftJoin('squads as s', (j) =>
          j.onRef('s.community_id', '=', 'a.community_id').onRef('s.id', '=', 'a.squad_id'),
        )
        .where('a.community_id', '=', communityId)
        .where('a.state', '=', 'held')
        .where((eb) =>
          whereVisible(eb, filter, { compound: 'a.compound_id', squad: 'a.squad_id', grid: 's.grid_id' }),
        );
      if (fromMs !== undefined) held = held.where('a.starts_at', '>=', fromMs);
      if (toMs !== undefined) held = held.where('a.starts_at', '<', toMs);
      if (f.compoundId) held = held.where('a.compound_id', '=', f.compoundId);
      if (f.squadId) held = held.where('a.squad_id', '=', f.squadId);

      const n = sql<number>`count(*)`;
      const minutes = sql<number>`coalesce(sum(e.minutes), 0)`;
      const [totals, kinds, squads, compounds, activities, patrols] = await Promise.all([
        entries
          .select([sql<number>`count(distinct e.person_id)`.as('people'), minutes.as('minutes')])
          .executeTakeFirst(),
        entries
          .select(['e.source_kind', n.as('n'), minutes.as('minutes')])
          .groupBy('e.source_kind')
          .execute(),
        entries
          .select(['e.squad_id', 's.name', n.as('n'), minutes.as('minutes')])
          .where('e.squad_id', 'is not', null)
          .groupBy(['e.squad_id', 's.name'])
          .orderBy('s.name')
          .execute(),
        entries
          .select(['e.compound_id', 'c.name', n.as('n'), minutes.as('minutes')])
          .where('e.compound_id', 'is not', null)
          .groupBy(['e.compound_id', 'c.name'])
          .orderBy('c.name')
          .execute(),
        held
          .select([n.as('n'), sql<number>`coalesce(sum(a.served_count), 0)`.as('served')])
          .executeTakeFirst(),
        // Patrol counts are not limited by scope: shown for the whole community, or for a compound or
        // squad the caller reads.
        filter.all ||
        ((f.compoundId || f.squadId) && rowVisible(filter, { compoundId: f.compoundId, squadId: f.squadId }))
          ? patrolFiguresSource(db, communityId, f)
          : Promise.resolve(null),
      ]);
      const total = Number(totals?.minutes ?? 0);
      const period = { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
      const place = {
        ...(f.compoundId ? { compoundId: f.compoundId } : {}),
        ...(f.squadId ? { squadId: f.squadId } : {}),
      };
      const entryList = { path: 'service-entries', query: { ...period, ...place, voided: 'false' } };
      return {
        volunteersActive: Number(totals?.people ?? 0),
        minutes: total,
        hours: hoursOf(total),
        activitiesHeld: Number(activities?.n ?? 0),
        residentsServed: Number(activities?.served ?? 0),
        byKind: Object.fromEntries(
          sourceKinds.map((k) => {
            const row = kinds.find((r) => r.source_kind === k);
            return [k, tally(Number(row?.n ?? 0), Number(row?.minutes ?? 0))];
          }),
        ) as Record<SourceKind, ReturnType<typeof tally>>,
        bySquad: squads.map((r) => ({
          squadId: r.squad_id!,
          squadName: r.name ?? '',
          ...tally(Number(r.n), Number(r.minutes)),
        })),
        byCompound: compounds.map((r) => ({
          compoundId: r.compound_id!,
          compoundName: r.name ?? '',
          ...tally(Number(r.n), Number(r.minutes)),
        })),
        patrols,
        sources: {
          volunteersActive: entryList,
          hours: entryList,
          activitiesHeld: { path: 'activities', query: { ...period, ...place, state: 'held' } },
          residentsServed: { path: 'activities', query: { ...period, ...place, state: 'held' } },
        },
      };
    },
  );
};
