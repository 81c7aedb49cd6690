import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, RectificationCampaignsTable } from '../../core/db/schema';
import { Nullable, StringEnum } from '../../core/http/schemas';
import { todayInShanghai } from '../../core/time';
import { Attachment, attachmentsOf, fileTypes } from './attachments';
import { deliveryMethods, nextSteps, rectificationStates, type Figure } from './rectification-rules';

/** Rectification notices as the API shows them: flat rows for lists, details with checks and photos. */

type Db = Kysely<DB>;

export const RectificationRow = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  campaignId: Type.String(),
  seq: Type.Integer({ description: 'number within the campaign, printed as 第 N 号' }),
  round: Type.Integer({ description: '1, or 2 for a second notice' }),
  previousId: Nullable(Type.String()),
  compoundId: Type.String(),
  compoundName: Type.String(),
  buildingId: Nullable(Type.String()),
  buildingName: Nullable(Type.String()),
  entranceId: Nullable(Type.String()),
  entranceName: Nullable(Type.String()),
  roomNumber: Nullable(Type.String()),
  householdId: Nullable(Type.String()),
  householdName: Nullable(Type.String()),
  placeText: Nullable(Type.String()),
  placeName: Type.String({ description: 'where, as printed: 甲一小区 1栋 1单元 101, or the place text' }),
  deadline: Type.String({ description: 'YYYY-MM-DD' }),
  state: StringEnum(rectificationStates),
  deliveryMethod: Nullable(StringEnum(deliveryMethods)),
  deliveredAt: Nullable(Type.Integer()),
  readAt: Nullable(Type.Integer()),
  repliedAt: Nullable(Type.Integer()),
  replyNote: Nullable(Type.String()),
  outcomeAt: Nullable(Type.Integer()),
  nextStep: Nullable(StringEnum(nextSteps)),
  nextStepNote: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

export const CampaignText = Type.Object({
  campaignTitle: Type.String(),
  kind: Type.String(),
  kindNameZh: Type.String(),
  kindNameEn: Type.String(),
  problem: Type.String(),
  requirement: Type.String(),
  legalBasis: Nullable(Type.String()),
  issuer: Type.String(),
  issuedOn: Type.String({ description: 'YYYY-MM-DD, the notice’s date' }),
});

export const Check = Type.Object({
  id: Type.String(),
  result: StringEnum(['done', 'not_done'] as const),
  note: Nullable(Type.String()),
  checkedAt: Type.Integer(),
  checkedByName: Type.String(),
  photos: Type.Array(Attachment),
});

export const RectificationDetail = Type.Object({
  ...RectificationRow.properties,
  ...CampaignText.properties,
  replyPhotos: Type.Array(Attachment),
  checks: Type.Array(Check),
  nextNoticeId: Nullable(Type.String({ description: 'the second notice this one led to' })),
});

export const Figures = Type.Array(
  Type.Object(
    {
      label: Type.String({ minLength: 1, maxLength: 40, description: 'e.g. 清理单元' }),
      value: Type.Number({ minimum: 0, maximum: 1e9 }),
      unit: Nullable(Type.String({ maxLength: 10, description: 'e.g. 个, 车' })),
    },
    { additionalProperties: false },
  ),
  { maxItems: 30 },
);

export const parseFigures = (c: RectificationCampaignsTable) => JSON.parse(c.figures) as Figure[];

/** Rectification notices with the names of where they are. */
export function rectificationRows(db: Db) {
  return db
    .selectFrom('rectification_notices as n')
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'n.community_id').onRef('c.id', '=', 'n.compound_id'),
    )
    .leftJoin('buildings as b', (j) =>
      j.onRef('b.community_id', '=', 'n.community_id').onRef('b.id', '=', 'n.building_id'),
    )
    .leftJoin('entrances as e', (j) =>
      j.onRef('e.community_id', '=', 'n.community_id').onRef('e.id', '=', 'n.entrance_id'),
    )
    .leftJoin('rooms as r', (j) =>
      j.onRef('r.community_id', '=', 'n.community_id').onRef('r.id', '=', 'n.room_id'),
    )
    .leftJoin('households as h', (j) =>
      j.onRef('h.community_id', '=', 'n.community_id').onRef('h.id', '=', 'n.household_id'),
    )
    .selectAll('n')
    .select([
      'c.name as compound_name',
      'b.name as building_name',
      'e.name as entrance_name',
      'r.number as room_number',
      'h.name as household_name',
    ]);
}

export type RectificationRecord = NonNullable<
  Awaited<ReturnType<ReturnType<typeof rectificationRows>['executeTakeFirst']>>
>;

export function placeName(
  n: Pick<
    RectificationRecord,
    'compound_name' | 'building_name' | 'entrance_name' | 'room_number' | 'place_text'
  >,
) {
  const where = [n.compound_name, n.building_name, n.entrance_name, n.room_number].filter(Boolean).join(' ');
  return n.place_text ? `${where} ${n.place_text}` : where;
}

export function rectificationRow(n: RectificationRecord) {
  return {
    id: n.id,
    communityId: n.community_id,
    campaignId: n.campaign_id,
    seq: n.seq,
    round: n.round,
    previousId: n.previous_id,
    compoundId: n.compound_id,
    compoundName: n.compound_name,
    buildingId: n.building_id,
    buildingName: n.building_name,
    entranceId: n.entrance_id,
    entranceName: n.entrance_name,
    roomNumber: n.room_number,
    householdId: n.household_id,
    householdName: n.household_name,
    placeText: n.place_text,
    placeName: placeName(n),
    deadline: n.deadline,
    state: n.state as (typeof rectificationStates)[number],
    deliveryMethod: n.delivery_method as (typeof deliveryMethods)[number] | null,
    deliveredAt: n.delivered_at,
    readAt: n.read_at,
    repliedAt: n.replied_at,
    replyNote: n.reply_note,
    outcomeAt: n.outcome_at,
    nextStep: n.next_step as (typeof nextSteps)[number] | null,
    nextStepNote: n.next_step_note,
    createdAt: n.created_at,
    updatedAt: n.updated_at,
  };
}

export async function campaignOf(db: Db, communityId: string, campaignId: string) {
  return db
    .selectFrom('rectification_campaigns')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
}

export function campaignText(
  c: RectificationCampaignsTable,
  kind: { nameZh: string; nameEn: string },
  issuedAt: number,
) {
  return {
    campaignTitle: c.title,
    kind: c.kind,
    kindNameZh: kind.nameZh,
    kindNameEn: kind.nameEn,
    problem: c.problem,
    requirement: c.requirement,
    legalBasis: c.legal_basis,
    issuer: c.issuer,
    issuedOn: todayInShanghai(issuedAt),
  };
}

/** The whole notice: where, what, the resident's reply and the staff's checks with their photos. */
export async function rectificationDetail(
  db: Db,
  n: RectificationRecord,
  kind: { nameZh: string; nameEn: string },
) {
  const campaign = await campaignOf(db, n.community_id, n.campaign_id);
  const [checks, next] = await Promise.all([
    db
      .selectFrom('rectification_checks as k')
      .innerJoin('accounts as a', 'a.id', 'k.checked_by')
      .select(['k.id', 'k.result', 'k.note', 'k.checked_at', 'a.display_name'])
      .where('k.community_id', '=', n.community_id)
      .where('k.notice_id', '=', n.id)
      .orderBy('k.checked_at')
      .orderBy('k.id')
      .execute(),
    db
      .selectFrom('rectification_notices')
      .select('id')
      .where('community_id', '=', n.community_id)
      .where('previous_id', '=', n.id)
      .executeTakeFirst(),
  ]);
  const [replyPhotos, checkPhotos] = await Promise.all([
    attachmentsOf(db, n.community_id, fileTypes.reply, [n.id]),
    attachmentsOf(
      db,
      n.community_id,
      fileTypes.check,
      checks.map((k) => k.id),
    ),
  ]);
  return {
    ...rectificationRow(n),
    ...campaignText(campaign, kind, n.created_at),
    replyPhotos: replyPhotos.get(n.id) ?? [],
    checks: checks.map((k) => ({
      id: k.id,
      result: k.result as 'done' | 'not_done',
      note: k.note,
      checkedAt: k.checked_at,
      checkedByName: k.display_name,
      photos: checkPhotos.get(k.id) ?? [],
    })),
    nextNoticeId: next?.id ?? null,
  };
}
