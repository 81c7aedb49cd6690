import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { todayInShanghai } from '../../core/time';
import type { DB, OrdersTable } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { access, communityOf, principalOf } from '../../core/http/access';
import { CommunityParams, DateOnly, Id, Nullable, StringEnum } from '../../core/http/schemas';
import { dayStart, whereOverdue } from './query';
import { orderFigures, type FigureRow, type OrderFigures } from './figures';
import { finalStates, orderStates, overdueNow, type OrderState } from './rules';
import { staffScope, whereStaffSees, type StaffScope } from './visibility';

/**
 * The figures per scope and period (服务居民, 平均接单时长, 满意率…), computed by orderFigures over
 * the order rows the caller may see; and the street's overview across its communities.
 */

const Durations = Type.Object({
  count: Type.Integer(),
  medianMinutes: Nullable(Type.Number()),
  p90Minutes: Nullable(Type.Number()),
});

const Figures = Type.Object({
  total: Type.Integer(),
  byCategory: Type.Array(
    Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), count: Type.Integer() }),
  ),
  byState: Type.Array(Type.Object({ state: StringEnum(orderStates), count: Type.Integer() })),
  timeToAccept: Durations,
  timeToResolve: Durations,
  overdue: Type.Object({ count: Type.Integer(), share: Type.Number({ description: '0–1' }) }),
  satisfaction: Type.Object({
    count: Type.Integer(),
    average: Nullable(Type.Number()),
    satisfiedShare: Nullable(Type.Number({ description: 'ratings of 4 or 5, 0–1 (满意率)' })),
    distribution: Type.Array(Type.Object({ rating: Type.Integer(), count: Type.Integer() })),
  }),
  servedHouseholds: Type.Integer(),
  volunteerHours: Type.Number(),
});

const Period = {
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
};

/** The period asked for, in Shanghai days: the last 30 days unless said otherwise; `to` included. */
function periodOf(q: { from?: string; to?: string }) {
  const to = q.to ?? todayInShanghai();
  const from = q.from ?? todayInShanghai(dayStart(to) - 29 * 86_400_000);
  if (to < from) throw fieldError(400, 'date_order', 'to');
  return { from, to, range: { from: dayStart(from), to: dayStart(to) + 86_400_000 } };
}

/** What the figures read of an order: a quarter of its columns (reading whole rows cost most of the time). */
const figureColumns = [
  'o.community_id',
  'o.state',
  'o.created_at',
  'o.accepted_at',
  'o.resolved_at',
  'o.accept_overdue',
  'o.resolve_overdue',
  'o.accept_due_at',
  'o.resolve_due_at',
  'o.rating',
  'o.household_id',
  'o.minutes_spent',
] as const;

type FigureColumns = Pick<
  OrdersTable,
  (typeof figureColumns)[number] extends `o.${infer C}` ? C & keyof OrdersTable : never
>;

const figureRow = (o: FigureColumns & { category_code: string }, now: number): FigureRow => ({
  categoryCode: o.category_code,
  state: o.state as OrderState,
  createdAt: o.created_at,
  acceptedAt: o.accepted_at,
  resolvedAt: o.resolved_at,
  overdue: overdueNow(
    {
      state: o.state as OrderState,
      acceptOverdue: o.accept_overdue === 1,
      resolveOverdue: o.resolve_overdue === 1,
      acceptDueAt: o.accept_due_at,
      resolveDueAt: o.resolve_due_at,
    },
    now,
  ),
  rating: o.rating,
  householdId: o.household_id,
  minutesSpent: o.minutes_spent,
});

function ordersIn(db: Kysely<DB>, range: { from: number; to: number }) {
  return db
    .selectFrom('orders as o')
    .innerJoin('order_categories as c', (j) =>
      j.onRef('c.community_id', '=', 'o.community_id').onRef('c.id', '=', 'o.category_id'),
    )
    .select([...figureColumns, 'c.code as category_code'])
    .where('o.created_at', '>=', range.from)
    .where('o.created_at', '<', range.to);
}

/** The figures with each category's names (a category's code is the same across its community). */
async function named(
  db: Kysely<DB>,
  communityIds: string[],
  figures: OrderFigures,
): Promise<Static<typeof Figures>> {
  const categories = communityIds.length
    ? await db
        .selectFrom('order_categories')
        .select(['code', 'name_zh', 'name_en'])
        .where('community_id', 'in', communityIds)
        .execute()
    : [];
  return {
    ...figures,
    byCategory: figures.byCategory.map((c) => {
      const names = categories.find((n) => n.code === c.code);
      return { ...c, nameZh: names?.name_zh ?? c.code, nameEn: names?.name_en ?? c.code };
    }),
  };
}

/** A community's figures over the orders made in `range` that `scope` sees (the bench times this too). */
export async function communityFigures(
  db: Kysely<DB>,
  communityId: string,
  scope: StaffScope,
  range: { from: number; to: number },
  filter: { compoundId?: string; gridId?: string } = {},
  now = Date.now(),
) {
  let query = ordersIn(db, range)
    .where('o.community_id', '=', communityId)
    .where((eb) => whereStaffSees(eb, scope));
  if (filter.compoundId) query = query.where('o.compound_id', '=', filter.compoundId);
  if (filter.gridId) query = query.where('o.grid_id', '=', filter.gridId);
  const rows = (await query.execute()).map((o) => figureRow(o, now));
  return named(db, [communityId], orderFigures(rows, range));
}

const Tally = {
  open: Type.Integer(),
  overdue: Type.Integer({ description: 'of the open ones, overdue now' }),
  escalated: Type.Integer({
    description: 'of the open ones, escalated to the property company or the community',
  }),
};

/** Open, overdue and escalated counts of a group of `orders as o`. */
function tallies<D, TB extends keyof D>(eb: ExpressionBuilder<D, TB>, now: number) {
  const countWhere = (condition: ReturnType<typeof whereOverdue>) =>
    eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
  return [
    eb.fn.countAll<number>().as('open'),
    countWhere(whereOverdue(eb, now)).as('overdue'),
    countWhere(eb(eb.ref('o.escalated_to' as never), 'is not', null)).as('escalated'),
  ] as const;
}

export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  app.get(
    '/communities/:communityId/orders/figures',
    {
      config: { access: access.community('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'Figures of the orders made in a period, in the caller’s scope (default: the last 30 days)',
        params: CommunityParams,
        querystring: Type.Object({ ...Period, compoundId: Type.Optional(Id), gridId: Type.Optional(Id) }),
        response: {
          200: Type.Object({ from: DateOnly, to: DateOnly, ...Figures.properties }),
        },
      },
    },
    async (req) => {
      const community = communityOf(req);
      const period = periodOf(req.query);
      const scope = staffScope(principalOf(req), 'orders.read', community.streetId, community.id);
      return {
        from: period.from,
        to: period.to,
        ...(await communityFigures(db, community.id, scope, period.range, req.query)),
      };
    },
  );

  app.get(
    '/streets/:streetId/orders/figures',
    {
      config: { access: access.street('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'The street’s overview: figures for all its communities together and for each',
        params: Type.Object({ streetId: Id }),
        querystring: Type.Object(Period),
        response: {
          200: Type.Object({
            from: DateOnly,
            to: DateOnly,
            ...Figures.properties,
            communities: Type.Array(
              Type.Object({ communityId: Type.String(), name: Type.String(), figures: Figures }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const period = periodOf(req.query);
      const communities = await db
        .selectFrom('communities')
        .select(['id', 'name'])
        .where('street_id', '=', req.params.streetId)
        .where('archived_at', 'is', null)
        .orderBy('name')
        .orderBy('id')
        .execute();
      const ids = communities.map((c) => c.id);
      const now = Date.now();
      const rows = ids.length
        ? (await ordersIn(db, period.range).where('o.community_id', 'in', ids).execute()).map((o) => ({
            communityId: o.community_id,
            row: figureRow(o, now),
          }))
        : [];
      const total = orderFigures(
        rows.map((r) => r.row),
        period.range,
      );
      return {
        from: period.from,
        to: period.to,
        ...(await named(db, ids, total)),
        communities: await Promise.all(
          communities.map(async (c) => ({
            communityId: c.id,
            name: c.name,
            figures: await named(
              db,
              [c.id],
              orderFigures(
                rows.filter((r) => r.communityId === c.id).map((r) => r.row),
                period.range,
              ),
            ),
          })),
        ),
      };
    },
  );
  app.get(
    '/communities/:communityId/orders/by-building',
    {
      config: { access: access.community('orders.read') },
      schema: {
        tags: ['orders'],
        summary: 'A compound’s open orders counted by building and by grid (小区平面), in the caller’s scope',
        description:
          'Open: not yet closed or cancelled (as the list’s open=true). Overdue: overdue now on either clock. ' +
          'Escalated: escalated by hand to the property company or the community. A building or grid of ' +
          'null counts the orders not tied to one. Only buildings and grids with open orders are listed.',
        params: CommunityParams,
        querystring: Type.Object({ compoundId: Id }),
        response: {
          200: Type.Object({
            compoundId: Type.String(),
            buildings: Type.Array(
              Type.Object({
                buildingId: Nullable(Type.String()),
                buildingName: Nullable(Type.String()),
                ...Tally,
              }),
            ),
            grids: Type.Array(
              Type.Object({ gridId: Nullable(Type.String()), gridName: Nullable(Type.String()), ...Tally }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const community = communityOf(req);
      const compound = await db
        .selectFrom('compounds')
        .select('id')
        .where('community_id', '=', community.id)
        .where('id', '=', req.query.compoundId)
        .executeTakeFirst();
      if (!compound) throw new AppError(404, 'not_found');
      const scope = staffScope(principalOf(req), 'orders.read', community.streetId, community.id);
      const now = Date.now();
      const open = db
        .selectFrom('orders as o')
        .where('o.community_id', '=', community.id)
        .where('o.compound_id', '=', compound.id)
        .where('o.state', 'not in', [...finalStates])
        .where((eb) => whereStaffSees(eb, scope));
      const [buildings, grids] = await Promise.all([
        open
          .leftJoin('buildings as b', (j) =>
            j.onRef('b.community_id', '=', 'o.community_id').onRef('b.id', '=', 'o.building_id'),
          )
          .select((eb) => ['o.building_id', 'b.name', ...tallies(eb, now)])
          .groupBy(['o.building_id', 'b.name'])
          .orderBy('b.name')
          .execute(),
        open
          .leftJoin('grids as g', (j) =>
            j.onRef('g.community_id', '=', 'o.community_id').onRef('g.id', '=', 'o.grid_id'),
          )
          .select((eb) => ['o.grid_id', 'g.name', ...tallies(eb, now)])
          .groupBy(['o.grid_id', 'g.name'])
          .orderBy('g.name')
          .execute(),
      ]);
      const counts = (r: { open: unknown; overdue: unknown; escalated: unknown }) => ({
        open: Number(r.open),
        overdue: Number(r.overdue ?? 0),
        escalated: Number(r.escalated ?? 0),
      });
      return {
        compoundId: compound.id,
        buildings: buildings.map((r) => ({ buildingId: r.building_id, buildingName: r.name, ...counts(r) })),
        grids: grids.map((r) => ({ gridId: r.grid_id, gridName: r.name, ...counts(r) })),
      };
    },
  );
};
