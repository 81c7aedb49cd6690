import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { ConventionsTable, ConventionVersionsTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { Nullable, StringEnum, Text } from '../../core/http/schemas';
import {
  adoptionKinds,
  channels,
  conventionAllows,
  conventionStates,
  stances,
  type ConventionState,
  type ConventionStep,
} from './rules';
import { articlesOf } from './store';

/** Conventions as the API shows them, and the rows they come from. */

type Db = Kysely<DB>;

export const ArticleInput = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 99 }),
    title: Type.Optional(Nullable(Text(60))),
    text: Text(2000),
  },
  { additionalProperties: false },
);

export const Article = Type.Object({
  number: Type.Integer(),
  title: Nullable(Type.String()),
  text: Type.String(),
});

export const Version = Type.Object({
  id: Type.String(),
  number: Type.Integer({ description: '1, 2, 3…: the drafts in order' }),
  articles: Type.Array(Article),
  note: Nullable(Type.String()),
  createdAt: Type.Integer(),
});

export const Convention = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Nullable(Type.String({ description: 'null: community-wide' })),
  compoundName: Nullable(Type.String()),
  title: Type.String(),
  state: StringEnum(conventionStates),
  currentVersionNumber: Nullable(Type.Integer()),
  articleCount: Type.Integer(),
  adoptedVersionId: Nullable(Type.String()),
  adoptedByKind: Nullable(StringEnum(adoptionKinds)),
  adoptedRef: Nullable(Type.String({ description: 'the meeting decision’s or the assembly’s id' })),
  adoptedAt: Nullable(Type.Integer()),
  consultingAt: Nullable(Type.Integer()),
  publishedAt: Nullable(Type.Integer()),
  supersededAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

export const Opinion = Type.Object({
  id: Type.String(),
  conventionId: Type.String(),
  versionNumber: Type.Integer(),
  articleNumber: Nullable(Type.Integer({ description: 'null: on the convention as a whole' })),
  householdId: Type.String(),
  householdName: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  roomNumber: Type.String(),
  channel: StringEnum(channels),
  stance: StringEnum(stances),
  text: Type.String(),
  createdAt: Type.Integer(),
  reply: Nullable(Type.String()),
  replyPublic: Type.Boolean({
    description: 'the reply and the opinion (without names) are shown to neighbours',
  }),
  repliedAt: Nullable(Type.Integer()),
});

export const StanceCounts = Type.Object({
  articleNumber: Nullable(Type.Integer()),
  agree: Type.Integer(),
  disagree: Type.Integer(),
  suggest: Type.Integer(),
});

export const versionView = (v: ConventionVersionsTable) => ({
  id: v.id,
  number: v.number,
  articles: articlesOf(v.articles).map((a) => ({ number: a.number, title: a.title ?? null, text: a.text })),
  note: v.note,
  createdAt: v.created_at,
});

export type ConventionRow = ConventionsTable & {
  compound_name: string | null;
  version_number: number | null;
  version_articles: string | null;
};

/** Conventions with their compound's name and current version (the adopted one once adopted). */
export function conventionRows(db: Db) {
  return db
    .selectFrom('conventions as c')
    .leftJoin('compounds as co', (j) =>
      j.onRef('co.community_id', '=', 'c.community_id').onRef('co.id', '=', 'c.compound_id'),
    )
    .leftJoin('convention_versions as v', (j) =>
      j.onRef('v.community_id', '=', 'c.community_id').onRef('v.id', '=', 'c.current_version_id'),
    )
    .selectAll('c')
    .select(['co.name as compound_name', 'v.number as version_number', 'v.articles as version_articles']);
}

export const conventionView = (c: ConventionRow) => ({
  id: c.id,
  communityId: c.community_id,
  compoundId: c.compound_id,
  compoundName: c.compound_name,
  title: c.title,
  state: c.state as ConventionState,
  currentVersionNumber: c.version_number,
  articleCount: c.version_articles ? articlesOf(c.version_articles).length : 0,
  adoptedVersionId: c.adopted_version_id,
  adoptedByKind: c.adopted_by_kind as (typeof adoptionKinds)[number] | null,
  adoptedRef: c.adopted_ref,
  adoptedAt: c.adopted_at,
  consultingAt: c.consulting_at,
  publishedAt: c.published_at,
  supersededAt: c.superseded_at,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

export async function conventionRow(db: Db, communityId: string, id: string) {
  const row = await conventionRows(db)
    .where('c.community_id', '=', communityId)
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** 409 convention_state unless the convention allows the step now. */
export function requireStep(c: ConventionsTable, step: ConventionStep) {
  const ok = conventionAllows(
    {
      state: c.state as ConventionState,
      hasVersion: !!c.current_version_id,
      published: c.published_at !== null,
    },
    step,
  );
  if (!ok) throw new AppError(409, 'convention_state');
}

export async function versionRow(db: Db, communityId: string, versionId: string) {
  return db
    .selectFrom('convention_versions')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
}

/** Opinions counted per article and stance (null: on the whole convention). */
export async function stanceCounts(db: Db, communityId: string, conventionId: string) {
  const rows = await db
    .selectFrom('convention_opinions')
    .select((eb) => ['article_number', 'stance', eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', communityId)
    .where('convention_id', '=', conventionId)
    .groupBy(['article_number', 'stance'])
    .execute();
  const out = new Map<
    number | null,
    { articleNumber: number | null; agree: number; disagree: number; suggest: number }
  >();
  for (const r of rows) {
    const key = r.article_number === null ? null : Number(r.article_number);
    const counts = out.get(key) ?? { articleNumber: key, agree: 0, disagree: 0, suggest: 0 };
    counts[r.stance as (typeof stances)[number]] += Number(r.n);
    out.set(key, counts);
  }
  return [...out.values()].sort((a, b) => (a.articleNumber ?? 0) - (b.articleNumber ?? 0));
}

/** The households a convention is for: those of its compound, or of the whole community. */
export function householdsInScope(db: Db, c: Pick<ConventionsTable, 'community_id' | 'compound_id'>) {
  let query = db
    .selectFrom('households as h')
    .where('h.community_id', '=', c.community_id)
    .where('h.closed_at', 'is', null);
  if (c.compound_id) query = query.where('h.compound_id', '=', c.compound_id);
  return query;
}
