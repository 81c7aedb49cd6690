import { Type, type Static } from 'typebox';
import type { AssembliesTable, AssemblyMattersTable, BallotsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { Id, Nullable, StringEnum } from '../../core/http/schemas';
import { formatArea } from '../structure/area';
import { assemblyStatuses } from './lifecycle';
import { itemNames, matterKinds, type MatterItem } from './matters';
import { ballotChannels, kindOf, statusOf, type BallotChannel } from './store';

/** The shapes the assembly routes answer with (they are the OpenAPI document), and row → view. */

/** Optional free text: trimmed, and null when blank. */
export const blank = (text: string | null | undefined) => (text?.trim() ? text.trim() : null);

/** Free text that must say something: trimmed, 400 naming the field when blank. */
export function requiredText(value: string, field: string): string {
  const text = value.trim();
  if (!text) throw new AppError(400, 'validation', { detail: `${field} must not be blank` }, [{ field }]);
  return text;
}

export const AssemblyParams = Type.Object({ communityId: Id, assemblyId: Id });
export const MatterParams = Type.Object({ communityId: Id, assemblyId: Id, matterId: Id });

const StatusHelp =
  'draft 草稿 | announced 已公告 | voting 投票中 | closed 投票结束 | published 结果已公示 | archived 已归档 | cancelled 已取消';

export const Assembly = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  status: StringEnum(assemblyStatuses, { description: StatusHelp }),
  publicVotes: Type.Boolean({ description: 'the compound’s rules make each room’s vote public' }),
  noticeDays: Type.Integer(),
  votingStartsAt: Type.Integer(),
  votingEndsAt: Type.Integer(),
  originalEndsAt: Nullable(Type.Integer({ description: 'the deadline before its one extension' })),
  extensionReason: Nullable(Type.String()),
  extendedAt: Nullable(Type.Integer()),
  totalAreaCenti: Nullable(Type.Integer({ description: 'frozen at opening' })),
  totalArea: Nullable(Type.String({ description: 'm², two decimals' })),
  totalHeads: Nullable(Type.Integer()),
  roomCount: Nullable(Type.Integer()),
  announcedAt: Nullable(Type.Integer()),
  openedAt: Nullable(Type.Integer()),
  closedAt: Nullable(Type.Integer()),
  publishedAt: Nullable(Type.Integer()),
  archivedAt: Nullable(Type.Integer()),
  cancelledAt: Nullable(Type.Integer()),
  cancelReason: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

export const assemblyView = (a: AssembliesTable & { compound_name: string }) => ({
  id: a.id,
  communityId: a.community_id,
  compoundId: a.compound_id,
  compoundName: a.compound_name,
  title: a.title,
  description: a.description,
  status: statusOf(a),
  publicVotes: a.public_votes === 1,
  noticeDays: a.notice_days,
  votingStartsAt: a.voting_starts_at,
  votingEndsAt: a.voting_ends_at,
  originalEndsAt: a.original_ends_at,
  extensionReason: a.extension_reason,
  extendedAt: a.extended_at,
  totalAreaCenti: a.total_area_centi,
  totalArea: a.total_area_centi === null ? null : formatArea(a.total_area_centi),
  totalHeads: a.total_heads,
  roomCount: a.room_count,
  announcedAt: a.announced_at,
  openedAt: a.opened_at,
  closedAt: a.closed_at,
  publishedAt: a.published_at,
  archivedAt: a.archived_at,
  cancelledAt: a.cancelled_at,
  cancelReason: a.cancel_reason,
  createdAt: a.created_at,
  updatedAt: a.updated_at,
});

/** An attached file as owners and staff see it listed: its name, what kind of file, how big. */
export const Attachment = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'a safe version of the name it was uploaded under' }),
  mime: Type.String(),
  size: Type.Integer({ description: 'bytes' }),
});

export const Matter = Type.Object({
  id: Type.String(),
  assemblyId: Type.String(),
  position: Type.Integer(),
  item: Type.Integer({ description: 'Civil Code art. 278 item 1–9' }),
  itemName: Type.String(),
  kind: StringEnum(matterKinds, { description: 'ordinary > 1/2 | special ≥ 3/4 | election' }),
  title: Type.String(),
  description: Nullable(Type.String()),
  seats: Nullable(Type.Integer()),
  attachments: Type.Array(Attachment, {
    description: 'the plan, the budget, the draft, in the order attached',
  }),
  candidatesPublishedAt: Nullable(Type.Integer()),
  ballotCount: Type.Integer({ description: 'ballots in the chain, superseded ones included' }),
  headHash: Type.String({ description: 'the chain’s last hash; the final hash once voting has closed' }),
  withdrawnAt: Nullable(Type.Integer()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
});

/** Each file attached to a matter, by id; see attachmentsOf (store.ts). */
export type MatterFiles = ReadonlyMap<string, Static<typeof Attachment>>;

export const matterView = (m: AssemblyMattersTable, files: MatterFiles) => ({
  id: m.id,
  assemblyId: m.assembly_id,
  position: m.position,
  item: m.item,
  itemName: itemNames[m.item as MatterItem],
  kind: kindOf(m),
  title: m.title,
  description: m.description,
  seats: m.seats,
  attachments: (JSON.parse(m.attachment_ids) as string[]).flatMap((id) => files.get(id) ?? []),
  candidatesPublishedAt: m.candidates_published_at,
  ballotCount: m.ballot_count,
  headHash: m.head_hash,
  withdrawnAt: m.withdrawn_at,
  createdAt: m.created_at,
  updatedAt: m.updated_at,
});

/** A ballot as the chain holds it: the voter's pseudonym only. */
export const Ballot = Type.Object({
  id: Type.String(),
  matterId: Type.String(),
  seq: Type.Integer(),
  voter: Type.String({ description: 'the voter’s pseudonym in this assembly (v1…vN)' }),
  choice: Nullable(Type.String()),
  choices: Nullable(Type.Array(Type.String())),
  channel: StringEnum(ballotChannels),
  hash: Type.String({ description: 'the receipt: sha256(prevHash + canonical ballot)' }),
  prevHash: Type.String(),
  castAt: Type.Integer(),
});

export const ballotView = (b: BallotsTable) => ({
  id: b.id,
  matterId: b.matter_id,
  seq: b.seq,
  voter: b.voter_key,
  choice: b.choice,
  choices: b.choices_json === null ? null : (JSON.parse(b.choices_json) as string[]),
  channel: b.channel as BallotChannel,
  hash: b.hash,
  prevHash: b.prev_hash,
  castAt: b.cast_at,
});

/** A threshold line of the results, with its text in the request's language. */
export const CheckLine = Type.Object({
  key: StringEnum(['quorum_area', 'quorum_heads', 'approval_area', 'approval_heads'] as const),
  met: Type.Boolean(),
  share: Type.String({ description: 'percentage, one decimal, rounded down' }),
  threshold: Type.String(),
  relation: Type.String(),
  mark: Type.String(),
  text: Type.String(),
});

export const Figures = Type.Object({
  totalAreaCenti: Type.Integer(),
  totalArea: Type.String(),
  totalHeads: Type.Integer(),
  participatingAreaCenti: Type.Integer(),
  participatingArea: Type.String(),
  participatingHeads: Type.Integer(),
  quorumArea: Type.Boolean(),
  quorumHeads: Type.Boolean(),
  quorum: Type.Boolean(),
  rejectedBallots: Type.Integer(),
  spoiltBallots: Type.Integer(),
});
