import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, RedBlackEntriesTable } from '../../core/db/schema';
import type { Deps } from '../../core/deps';
import { AppError } from '../../core/errors';
import { Nullable, StringEnum } from '../../core/http/schemas';
import {
  effectiveState,
  entryStates,
  lists,
  publicName,
  type EntryState,
  type List,
  type MaskSettings,
} from './rules';
import type { HouseholdInfo } from './store';

/**
 * Red/black list entries as staff, the household concerned and the public see them. The public
 * shape has no household id, no name beyond the masking rule, no evidence and no reviewer.
 */

type Db = Kysely<DB>;

export const PublicEntry = Type.Object({
  id: Type.String(),
  list: StringEnum(lists),
  title: Type.String(),
  description: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  place: Nullable(
    Type.String({ description: 'building and entrance (3栋2单元) when the masking rule shows it' }),
  ),
  name: Nullable(Type.String({ description: 'surname (张*) or masked name (张*丰) when the rule shows it' })),
  articleNumber: Nullable(Type.Integer({ description: 'the convention article breached (black list)' })),
  conventionTitle: Nullable(Type.String()),
  publishFrom: Type.Integer(),
  publishUntil: Type.Integer(),
  underAppeal: Type.Boolean({
    description: '申诉中: an appeal is open; the entry stays listed until it is decided',
  }),
});

export const Entry = Type.Object({
  id: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  buildingId: Type.String(),
  buildingName: Type.String(),
  householdId: Type.String(),
  householdName: Type.String(),
  roomNumber: Type.String(),
  list: StringEnum(lists),
  title: Type.String(),
  description: Type.String(),
  conventionId: Nullable(Type.String()),
  conventionTitle: Nullable(Type.String()),
  articleNumber: Nullable(Type.Integer()),
  state: StringEnum(entryStates, { description: 'a published entry past its period shows as expired' }),
  branchReviewedBy: Nullable(Type.String()),
  branchReviewerName: Nullable(Type.String()),
  branchReviewedAt: Nullable(Type.Integer()),
  committeeReviewedBy: Nullable(Type.String()),
  committeeReviewerName: Nullable(Type.String()),
  committeeReviewedAt: Nullable(Type.Integer()),
  reviewNote: Nullable(Type.String()),
  rejectedAt: Nullable(Type.Integer()),
  publishFrom: Nullable(Type.Integer()),
  publishUntil: Nullable(Type.Integer()),
  removedAt: Nullable(Type.Integer()),
  removalReason: Nullable(Type.String()),
  proposedBy: Type.String(),
  proposerName: Type.String(),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer(),
  underAppeal: Type.Boolean(),
  publicLabel: Type.Object(
    { place: Nullable(Type.String()), name: Nullable(Type.String()) },
    { description: 'how the public list names the household under the community’s rule' },
  ),
});

export type EntryRow = RedBlackEntriesTable & {
  convention_title: string | null;
  proposer_name: string;
  branch_reviewer_name: string | null;
  committee_reviewer_name: string | null;
  under_appeal: number;
};

/** Entries with the names staff read beside them. */
export function entryRows(db: Db) {
  return db
    .selectFrom('red_black_entries as e')
    .leftJoin('conventions as c', (j) =>
      j.onRef('c.community_id', '=', 'e.community_id').onRef('c.id', '=', 'e.convention_id'),
    )
    .innerJoin('accounts as pa', 'pa.id', 'e.proposed_by')
    .leftJoin('accounts as ba', 'ba.id', 'e.branch_reviewed_by')
    .leftJoin('accounts as ca', 'ca.id', 'e.committee_reviewed_by')
    .selectAll('e')
    .select((eb) => [
      'c.title as convention_title',
      'pa.display_name as proposer_name',
      'ba.display_name as branch_reviewer_name',
      'ca.display_name as committee_reviewer_name',
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('red_black_appeals as a')
              .select('a.id')
              .whereRef('a.community_id', '=', 'e.community_id')
              .whereRef('a.entry_id', '=', 'e.id')
              .where('a.state', '=', 'open'),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('under_appeal'),
    ]);
}

export async function entryRow(db: Db, communityId: string, id: string) {
  const row = await entryRows(db)
    .where('e.community_id', '=', communityId)
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

const stateNow = (e: RedBlackEntriesTable, now: number) =>
  effectiveState(
    { state: e.state as EntryState, publishFrom: e.publish_from, publishUntil: e.publish_until },
    now,
  );

export function entryView(e: EntryRow, home: HouseholdInfo | undefined, settings: MaskSettings, now: number) {
  const label = home ? publicName(home, settings, e.list as List) : { place: null, name: null };
  return {
    id: e.id,
    compoundId: e.compound_id,
    compoundName: home?.compoundName ?? '',
    buildingId: e.building_id,
    buildingName: home?.buildingName ?? '',
    householdId: e.household_id,
    householdName: home?.householdName ?? '',
    roomNumber: home?.roomNumber ?? '',
    list: e.list as List,
    title: e.title,
    description: e.description,
    conventionId: e.convention_id,
    conventionTitle: e.convention_title,
    articleNumber: e.article_number,
    state: stateNow(e, now),
    branchReviewedBy: e.branch_reviewed_by,
    branchReviewerName: e.branch_reviewer_name,
    branchReviewedAt: e.branch_reviewed_at,
    committeeReviewedBy: e.committee_reviewed_by,
    committeeReviewerName: e.committee_reviewer_name,
    committeeReviewedAt: e.committee_reviewed_at,
    reviewNote: e.review_note,
    rejectedAt: e.rejected_at,
    publishFrom: e.publish_from,
    publishUntil: e.publish_until,
    removedAt: e.removed_at,
    removalReason: e.removal_reason,
    proposedBy: e.proposed_by,
    proposerName: e.proposer_name,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    version: e.version,
    underAppeal: Number(e.under_appeal) === 1,
    publicLabel: label,
  };
}

export function publicEntryView(e: EntryRow, home: HouseholdInfo | undefined, settings: MaskSettings) {
  const label = home ? publicName(home, settings, e.list as List) : { place: null, name: null };
  return {
    id: e.id,
    list: e.list as List,
    title: e.title,
    description: e.description,
    compoundId: e.compound_id,
    compoundName: home?.compoundName ?? '',
    place: label.place,
    name: label.name,
    articleNumber: e.article_number,
    conventionTitle: e.convention_title,
    publishFrom: e.publish_from!,
    publishUntil: e.publish_until!,
    underAppeal: Number(e.under_appeal) === 1,
  };
}

/** The public list as a filter: published, within its period. */
export function wherePublished<Q extends ReturnType<typeof entryRows>>(query: Q, now: number): Q {
  return query
    .where('e.state', '=', 'published')
    .where('e.publish_from', '<=', now)
    .where('e.publish_until', '>', now) as Q;
}

/** Live changes of a community's entries: the console's review queue refetches instead of polling. */
export const redBlackTopic = (communityId: string) => `red-black:${communityId}`;
export const redBlackEventType = 'red_black';

/** Tells open console pages an entry changed (after the transaction committed); ids only. */
export const announceEntry = (
  deps: Pick<Deps, 'events'>,
  e: Pick<RedBlackEntriesTable, 'community_id' | 'id' | 'compound_id' | 'building_id'>,
) =>
  deps.events.publish(redBlackTopic(e.community_id), redBlackEventType, {
    id: e.id,
    compoundId: e.compound_id,
    buildingId: e.building_id,
  });
