/**
 * 公告 and 整改告知书 as the API shows them (src/modules/notices): the shapes both shells read, and
 * the calendar sums their pages make about deadlines.
 */

/** A file attached to a notice, a reply or a check (GET /communities/:id/files/:fileId). */
export interface Attachment {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  hasThumb: boolean;
}

/** A notice in the resident's list (GET /me/notices). */
export interface MyNotice {
  id: string;
  communityId: string;
  title: string;
  excerpt: string;
  pinned: boolean;
  publishAt: number;
  expireAt: number | null;
  read: boolean;
  readAt: number | null;
}

/** One notice opened (GET /me/notices/:id): its sanitised HTML body and its files. */
export interface MyNoticeDetail extends MyNotice {
  bodyHtml: string;
  files: Attachment[];
}

export const rectificationStates = ['issued', 'replied', 'done', 'not_done'] as const;
export type RectificationState = (typeof rectificationStates)[number];
export const deliveryMethods = ['posted', 'handed', 'read_in_app'] as const;
export type DeliveryMethod = (typeof deliveryMethods)[number];
export const nextSteps = ['second_notice', 'law_enforcement', 'deliberation'] as const;
export type NextStep = (typeof nextSteps)[number];

/** A rectification notice as lists show it (the door-knock sheet's row). */
export interface RectificationRow {
  id: string;
  communityId: string;
  campaignId: string;
  seq: number;
  round: number;
  previousId: string | null;
  compoundId: string;
  compoundName: string;
  buildingId: string | null;
  buildingName: string | null;
  entranceId: string | null;
  entranceName: string | null;
  roomNumber: string | null;
  /** null: a notice posted at a place (a stairwell), to everyone living there. */
  householdId: string | null;
  householdName: string | null;
  placeText: string | null;
  placeName: string;
  deadline: string;
  state: RectificationState;
  deliveryMethod: DeliveryMethod | null;
  deliveredAt: number | null;
  readAt: number | null;
  repliedAt: number | null;
  replyNote: string | null;
  outcomeAt: number | null;
  nextStep: NextStep | null;
  nextStepNote: string | null;
  createdAt: number;
  updatedAt: number;
}

/** GET /me/rectifications: the row with its campaign's name. */
export interface MyRectification extends RectificationRow {
  campaignTitle: string;
  kindNameZh: string;
  kindNameEn: string;
}

export interface RectificationCheck {
  id: string;
  result: 'done' | 'not_done';
  note: string | null;
  checkedAt: number;
  checkedByName: string;
  photos: Attachment[];
}

/** The whole notice: where, what, by when, the household's reply and the staff's checks. */
export interface RectificationDetail extends RectificationRow {
  campaignTitle: string;
  kind: string;
  kindNameZh: string;
  kindNameEn: string;
  problem: string;
  requirement: string;
  legalBasis: string | null;
  issuer: string;
  issuedOn: string;
  replyPhotos: Attachment[];
  checks: RectificationCheck[];
  nextNoticeId: string | null;
}

/** Still waiting on the household: a deadline matters only for these. */
export const isPending = (state: RectificationState) => state === 'issued' || state === 'replied';

/** The kind's name in the reader's language. */
export const kindName = (n: { kindNameZh: string; kindNameEn: string }, language: string) =>
  language === 'en' ? n.kindNameEn : n.kindNameZh;

/** Today on the Shanghai calendar, 'YYYY-MM-DD', whatever the device's zone. */
export function todayInShanghai(now: number = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'): 1 for tomorrow, -2 for the day before yesterday. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A 'YYYY-MM-DD' date as people read it: 2026年12月1日, 1 Dec 2026. */
export function formatDay(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone: 'UTC',
    year: 'numeric',
    month: language === 'en' ? 'short' : 'long',
    day: 'numeric',
  }).format(Date.parse(`${date}T00:00:00Z`));
}

/** A size people read: 820 KB, 2.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const isImage = (a: Pick<Attachment, 'mime'>) => a.mime.startsWith('image/');
