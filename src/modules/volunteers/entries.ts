import { sql } from 'kysely';
import { Type, type Static } from 'typebox';
import type { Locale } from '../../core/config';
import { Nullable, StringEnum } from '../../core/http/schemas';
import { sourceKinds, type SourceKind } from './rules';
import type { Db } from './store';

/**
 * Service entries as the pages show them: each with its source named (the order's category, the
 * activity's title, the room visited…) and where the resident app opens it, so every hour on a
 * volunteer's page leads back to the record behind it.
 */

export const EntrySource = Type.Object({
  kind: StringEnum(sourceKinds),
  id: Type.String(),
  title: Type.String({ description: 'what was done, in the reader’s language where it has one' }),
  link: Nullable(Type.String({ description: 'the resident app’s page for the source, if it has one' })),
});

export const ServiceEntry = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  personId: Type.String(),
  personName: Type.String(),
  squadId: Nullable(Type.String()),
  squadName: Nullable(Type.String()),
  compoundId: Nullable(Type.String()),
  compoundName: Nullable(Type.String()),
  sourceKind: StringEnum(sourceKinds),
  sourceId: Type.String(),
  source: EntrySource,
  minutes: Type.Integer(),
  served: Nullable(Type.Integer({ description: 'people served, where known' })),
  at: Type.Integer(),
  note: Nullable(Type.String()),
  createdAt: Type.Integer(),
  voidedAt: Nullable(Type.Integer({ description: 'voided entries count for nothing' })),
  voidReason: Nullable(Type.String()),
});
export type ServiceEntry = Static<typeof ServiceEntry>;

/** Entries with their person's, squad's and compound's names; filter on `e.*`. */
export function entryRows(db: Db) {
  return db
    .selectFrom('service_entries as e')
    .innerJoin('people as p', (j) =>
      j.onRef('p.community_id', '=', 'e.community_id').onRef('p.id', '=', 'e.person_id'),
    )
    .leftJoin('squads as s', (j) =>
      j.onRef('s.community_id', '=', 'e.community_id').onRef('s.id', '=', 'e.squad_id'),
    )
    .leftJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'e.community_id').onRef('c.id', '=', 'e.compound_id'),
    )
    .selectAll('e')
    .select(['p.name as person_name', 's.name as squad_name', 'c.name as compound_name']);
}
type EntryRow = Awaited<ReturnType<ReturnType<typeof entryRows>['execute']>>[number];

const links: Record<SourceKind, ((id: string) => string) | null> = {
  order: (id) => `/tasks/${id}`,
  activity: (id) => `/activities/${id}`,
  patrol: (id) => `/patrol/runs/${id}`,
  visit: () => '/my-households',
  manual: null,
};

/** The titles of the entries' sources, looked up in one query per kind. */
async function sourceTitles(db: Db, rows: readonly EntryRow[], locale: Locale) {
  const titles = new Map<string, string>();
  const idsOf = (kind: SourceKind) => [
    ...new Set(rows.filter((r) => r.source_kind === kind).map((r) => r.source_id)),
  ];
  if (!rows.length) return titles;
  const communities = [...new Set(rows.map((r) => r.community_id))];
  const orders = idsOf('order');
  if (orders.length)
    for (const o of await db
      .selectFrom('orders as o')
      .innerJoin('order_categories as k', (j) =>
        j.onRef('k.community_id', '=', 'o.community_id').onRef('k.id', '=', 'o.category_id'),
      )
      .select(['o.id', 'k.name_zh', 'k.name_en'])
      .where('o.community_id', 'in', communities)
      .where('o.id', 'in', orders)
      .execute())
      titles.set(`order:${o.id}`, locale === 'en' ? o.name_en : o.name_zh);
  const activities = idsOf('activity');
  if (activities.length)
    for (const a of await db
      .selectFrom('activities')
      .select(['id', 'title'])
      .where('community_id', 'in', communities)
      .where('id', 'in', activities)
      .execute())
      titles.set(`activity:${a.id}`, a.title);
  const visits = idsOf('visit');
  if (visits.length)
    for (const v of await db
      .selectFrom('visits as v')
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.community_id', '=', 'v.community_id').onRef('b.id', '=', 'v.building_id'),
      )
      .innerJoin('rooms as r', (j) =>
        j.onRef('r.community_id', '=', 'v.community_id').onRef('r.id', '=', 'v.room_id'),
      )
      .select(['v.id', 'b.name as building', 'r.number as room'])
      .where('v.community_id', 'in', communities)
      .where('v.id', 'in', visits)
      .execute())
      titles.set(`visit:${v.id}`, `${v.building} ${v.room}`);
  return titles;
}

/** The page's entries as the API shows them. */
export async function entryViews(db: Db, rows: readonly EntryRow[], locale: Locale): Promise<ServiceEntry[]> {
  const titles = await sourceTitles(db, rows, locale);
  return rows.map((r) => {
    const kind = r.source_kind as SourceKind;
    return {
      id: r.id,
      communityId: r.community_id,
      personId: r.person_id,
      personName: r.person_name,
      squadId: r.squad_id,
      squadName: r.squad_name,
      compoundId: r.compound_id,
      compoundName: r.compound_name,
      sourceKind: kind,
      sourceId: r.source_id,
      source: {
        kind,
        id: r.source_id,
        // A patrol's route and a hand-made entry's reason are in the note.
        title: titles.get(`${kind}:${r.source_id}`) ?? r.note ?? '',
        link: links[kind]?.(r.source_id) ?? null,
      },
      minutes: r.minutes,
      served: r.served,
      at: r.at,
      note: r.note,
      createdAt: r.created_at,
      voidedAt: r.voided_at,
      voidReason: r.void_reason,
    };
  });
}

/** Minutes of the entries that count (not voided) in a query over `service_entries as e`. */
export const countedMinutes = sql<number>`coalesce(sum(case when e.voided_at is null then e.minutes else 0 end), 0)`;

/** Minutes a person has served since each instant, in one query. */
export async function minutesSince<K extends string>(
  db: Db,
  communityId: string,
  personId: string,
  since: Record<K, number>,
): Promise<Record<K, number>> {
  const names = Object.keys(since) as K[];
  const row = await db
    .selectFrom('service_entries as e')
    .select(
      names.map((name) =>
        sql<number>`coalesce(sum(case when e.at >= ${since[name]} then e.minutes else 0 end), 0)`.as(name),
      ),
    )
    .where('e.community_id', '=', communityId)
    .where('e.person_id', '=', personId)
    .where('e.voided_at', 'is', null)
    .executeTakeFirst();
  const values = (row ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((k) => [k, Number(values[k] ?? 0)])) as Record<K, number>;
}
