import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { Type, type Static } from 'typebox';
import type { RowFilter } from '../../core/access/policy';
import type { DB, NoticeTargetsTable } from '../../core/db/schema';
import { whereVisible } from '../../core/db/query';
import { fieldError } from '../../core/errors';
import { Id, Nullable, StringEnum } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { targetKinds, type Place, type Target } from './visibility';

/**
 * The places notices and rectification campaigns go to (notice_targets), in SQL: storing and naming
 * them, who may write to them, which households they reach, and where a resident lives.
 */

export type SubjectType = 'notice' | 'campaign';
type Db = Kysely<DB>;

export const TargetInput = Type.Object(
  {
    kind: StringEnum(targetKinds),
    id: Type.Optional(Id),
  },
  {
    additionalProperties: false,
    description: 'id names the compound, building or entrance; none for community',
  },
);
export type TargetInput = Static<typeof TargetInput>;

export const TargetView = Type.Object({
  kind: StringEnum(targetKinds),
  id: Type.String(),
  name: Type.String({ description: 'e.g. 甲一小区 1栋 1单元' }),
  compoundId: Nullable(Type.String()),
  buildingId: Nullable(Type.String()),
  entranceId: Nullable(Type.String()),
});

export const asTarget = (t: NoticeTargetsTable): Target => ({
  kind: t.kind as Target['kind'],
  communityId: t.community_id,
  compoundId: t.compound_id,
  buildingId: t.building_id,
  entranceId: t.entrance_id,
});

/**
 * Checks the places exist in the community (live, not archived) and fills each down to its level.
 * A place named twice is kept once. 400 bad_reference naming the target otherwise.
 */
export async function resolveTargets(
  db: Db,
  communityId: string,
  inputs: readonly TargetInput[],
): Promise<Target[]> {
  const out = new Map<string, Target>();
  for (const [i, input] of inputs.entries()) {
    const missing = () => fieldError(400, 'bad_reference', `targets/${i}`, { what: input.kind });
    let target: Target | undefined;
    if (input.kind === 'community') {
      if (input.id && input.id !== communityId) throw missing();
      target = { kind: 'community', communityId, compoundId: null, buildingId: null, entranceId: null };
    } else if (!input.id) throw missing();
    else if (input.kind === 'compound') {
      const c = await db
        .selectFrom('compounds')
        .select('id')
        .where('community_id', '=', communityId)
        .where('id', '=', input.id)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (c) target = { kind: 'compound', communityId, compoundId: c.id, buildingId: null, entranceId: null };
    } else if (input.kind === 'building') {
      const b = await db
        .selectFrom('buildings')
        .select(['id', 'compound_id'])
        .where('community_id', '=', communityId)
        .where('id', '=', input.id)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (b)
        target = {
          kind: 'building',
          communityId,
          compoundId: b.compound_id,
          buildingId: b.id,
          entranceId: null,
        };
    } else {
      const e = await db
        .selectFrom('entrances as e')
        .innerJoin('buildings as b', (j) =>
          j.onRef('b.community_id', '=', 'e.community_id').onRef('b.id', '=', 'e.building_id'),
        )
        .select(['e.id', 'e.building_id', 'b.compound_id'])
        .where('e.community_id', '=', communityId)
        .where('e.id', '=', input.id)
        .where('e.archived_at', 'is', null)
        .executeTakeFirst();
      if (e)
        target = {
          kind: 'entrance',
          communityId,
          compoundId: e.compound_id,
          buildingId: e.building_id,
          entranceId: e.id,
        };
    }
    if (!target) throw missing();
    out.set(`${target.kind}:${target.entranceId ?? target.buildingId ?? target.compoundId ?? ''}`, target);
  }
  return [...out.values()];
}

export async function insertTargets(
  db: Db,
  subject: { type: SubjectType; id: string },
  targets: readonly Target[],
): Promise<void> {
  if (!targets.length) return;
  await db
    .insertInto('notice_targets')
    .values(
      targets.map((t) => ({
        community_id: t.communityId,
        id: newId(),
        subject_type: subject.type,
        subject_id: subject.id,
        kind: t.kind,
        compound_id: t.compoundId,
        building_id: t.buildingId,
        entrance_id: t.entranceId,
      })),
    )
    .execute();
}

export async function replaceTargets(
  db: Db,
  communityId: string,
  subject: { type: SubjectType; id: string },
  targets: readonly Target[],
): Promise<void> {
  await db
    .deleteFrom('notice_targets')
    .where('community_id', '=', communityId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
  await insertTargets(db, subject, targets);
}

/** The targets of several subjects at once, by subject id, each with a readable name. */
export async function targetsOf(
  db: Db,
  communityId: string,
  type: SubjectType,
  ids: readonly string[],
): Promise<Map<string, (Target & Static<typeof TargetView>)[]>> {
  const rows = ids.length
    ? await db
        .selectFrom('notice_targets as t')
        .innerJoin('communities as cm', 'cm.id', 't.community_id')
        .leftJoin('compounds as c', (j) =>
          j.onRef('c.community_id', '=', 't.community_id').onRef('c.id', '=', 't.compound_id'),
        )
        .leftJoin('buildings as b', (j) =>
          j.onRef('b.community_id', '=', 't.community_id').onRef('b.id', '=', 't.building_id'),
        )
        .leftJoin('entrances as e', (j) =>
          j.onRef('e.community_id', '=', 't.community_id').onRef('e.id', '=', 't.entrance_id'),
        )
        .selectAll('t')
        .select([
          'cm.name as community_name',
          'c.name as compound_name',
          'b.name as building_name',
          'e.name as entrance_name',
        ])
        .where('t.community_id', '=', communityId)
        .where('t.subject_type', '=', type)
        .where('t.subject_id', 'in', [...ids])
        .orderBy('t.kind')
        .orderBy('t.id')
        .execute()
    : [];
  const out = new Map<string, (Target & Static<typeof TargetView>)[]>(ids.map((id) => [id, []]));
  for (const r of rows) {
    const target = asTarget(r);
    out.get(r.subject_id)?.push({
      ...target,
      id: r.entrance_id ?? r.building_id ?? r.compound_id ?? r.community_id,
      name:
        r.kind === 'community'
          ? r.community_name
          : [r.compound_name, r.building_name, r.entrance_name].filter(Boolean).join(' '),
    });
  }
  return out;
}

/**
 * A notice or campaign is the caller's to see and manage when every one of its places lies in their
 * scope: a compound A1 branch manages what goes to A1's buildings, never what also goes to A2.
 * `alias` is the subject table's alias in the query.
 */
export function whereAllTargetsVisible<D extends DB, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  filter: RowFilter,
  type: SubjectType,
  alias: string,
): Expression<SqlBool> {
  if (filter.all) return sql<SqlBool>`1 = 1`;
  // The subquery only reads notice_targets; the outer query's own tables do not matter to it.
  const own = eb as unknown as ExpressionBuilder<DB, never>;
  return eb.not(
    own.exists(
      own
        .selectFrom('notice_targets as t')
        .select('t.id')
        .where('t.community_id', '=', sql.ref<string>(`${alias}.community_id`))
        .where('t.subject_id', '=', sql.ref<string>(`${alias}.id`))
        .where('t.subject_type', '=', type)
        // coalesce: a target's empty scope column (a compound target has no building) is not "visible".
        .where(
          (inner) =>
            sql<SqlBool>`not coalesce(${whereVisible(inner, filter, { compound: 't.compound_id', building: 't.building_id' })}, 1 = 0)`,
        ),
    ),
  );
}

/** The SQL of visibility.ts `reaches`: target alias `t`, household alias `h`, room alias `r`. */
export const targetReachesHousehold = <D extends DB, T extends keyof D>(eb: ExpressionBuilder<D, T>) =>
  eb.or([
    eb(sql.ref('t.kind'), '=', 'community'),
    eb.and([
      eb(sql.ref('t.kind'), '=', 'compound'),
      eb(sql.ref('t.compound_id'), '=', sql.ref('h.compound_id')),
    ]),
    eb.and([
      eb(sql.ref('t.kind'), '=', 'building'),
      eb(sql.ref('t.building_id'), '=', sql.ref('h.building_id')),
    ]),
    eb.and([
      eb(sql.ref('t.kind'), '=', 'entrance'),
      eb(sql.ref('t.entrance_id'), '=', sql.ref('r.entrance_id')),
    ]),
  ]);

/** The same, for a resident's known places (no join): target alias `t`. */
export function targetReachesPlaces<D extends DB, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  places: readonly Place[],
): Expression<SqlBool> {
  if (!places.length) return sql<SqlBool>`1 = 0`;
  const col = (name: string) => sql.ref(`t.${name}`);
  return eb.or(
    places.map((p) =>
      eb.and([
        eb(col('community_id'), '=', p.communityId),
        eb.or([
          eb(col('kind'), '=', 'community'),
          eb.and([eb(col('kind'), '=', 'compound'), eb(col('compound_id'), '=', p.compoundId)]),
          eb.and([eb(col('kind'), '=', 'building'), eb(col('building_id'), '=', p.buildingId)]),
          eb.and([eb(col('kind'), '=', 'entrance'), eb(col('entrance_id'), '=', p.entranceId)]),
        ]),
      ]),
    ),
  );
}

/** The live households a notice or campaign reaches, with where they are (for receipts and lists). */
export function reachedHouseholds(db: Db, communityId: string, type: SubjectType, subjectId: string) {
  return db
    .selectFrom('households as h')
    .innerJoin('rooms as r', (j) =>
      j.onRef('r.community_id', '=', 'h.community_id').onRef('r.id', '=', 'h.room_id'),
    )
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'h.community_id').onRef('c.id', '=', 'h.compound_id'),
    )
    .innerJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 'h.community_id').onRef('b.id', '=', 'h.building_id'),
    )
    .innerJoin('entrances as e', (j) =>
      j.onRef('e.community_id', '=', 'r.community_id').onRef('e.id', '=', 'r.entrance_id'),
    )
    .where('h.community_id', '=', communityId)
    .where('h.closed_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('notice_targets as t')
          .select('t.id')
          .where('t.community_id', '=', communityId)
          .where('t.subject_type', '=', type)
          .where('t.subject_id', '=', subjectId)
          .where((inner) => targetReachesHousehold(inner)),
      ),
    );
}

/** The accounts confirmed in the given households (入户绑定): who is told about a notice. */
export async function accountsOfHouseholds(
  db: Db,
  communityId: string,
  householdIds: readonly string[],
): Promise<string[]> {
  const out = new Set<string>();
  // In slices: a community-wide notice names thousands of households.
  for (let i = 0; i < householdIds.length; i += 500) {
    const rows = await db
      .selectFrom('household_bindings')
      .select('account_id')
      .where('community_id', '=', communityId)
      .where('household_id', 'in', householdIds.slice(i, i + 500))
      .where('status', '=', 'confirmed')
      .execute();
    for (const r of rows) out.add(r.account_id);
  }
  return [...out];
}

export interface MyPlace extends Place {
  householdId: string;
}

/** Where the account lives: its confirmed households, with their entrance. */
export async function placesOf(db: Db, accountId: string, communityId?: string): Promise<MyPlace[]> {
  let query = db
    .selectFrom('household_bindings as hb')
    .innerJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'hb.community_id').onRef('h.id', '=', 'hb.household_id'),
    )
    .innerJoin('rooms as r', (j) =>
      j.onRef('r.community_id', '=', 'h.community_id').onRef('r.id', '=', 'h.room_id'),
    )
    .select([
      'h.community_id as communityId',
      'h.id as householdId',
      'h.compound_id as compoundId',
      'h.building_id as buildingId',
      'r.entrance_id as entranceId',
    ])
    .where('hb.account_id', '=', accountId)
    .where('hb.status', '=', 'confirmed')
    .where('h.closed_at', 'is', null);
  if (communityId) query = query.where('hb.community_id', '=', communityId);
  const rows = await query.execute();
  return [...new Map(rows.map((r) => [r.householdId, r])).values()];
}
