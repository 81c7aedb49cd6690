import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { TFunction } from 'i18next';
import { errorText, get } from '../../../shared/api';
import { fieldErrors } from '../../components/ResourcePage';
import type { Attachment, RectificationRow } from '../../../shared/notices';

/** The console's view of 公告 and 整改 (src/modules/notices): paths, shapes, query keys. */

export const noticeStatuses = ['draft', 'scheduled', 'published', 'expired', 'withdrawn'] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];
export const targetKinds = ['community', 'compound', 'building', 'entrance'] as const;
export type TargetKind = (typeof targetKinds)[number];

export interface TargetInput {
  kind: TargetKind;
  id?: string;
}

export interface TargetView {
  kind: TargetKind;
  id: string;
  name: string;
  compoundId: string | null;
  buildingId: string | null;
  entranceId: string | null;
}

export interface NoticeItem {
  id: string;
  communityId: string;
  title: string;
  excerpt: string;
  status: NoticeStatus;
  pinned: boolean;
  targetsText: string;
  publishAt: number | null;
  expireAt: number | null;
  audienceHouseholds: number;
  readHouseholds: number;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  withdrawnAt: number | null;
}

export interface NoticeDetail extends NoticeItem {
  bodyHtml: string;
  targets: TargetView[];
  files: Attachment[];
  notifiedAt: number | null;
  withdrawReason: string | null;
}

export interface Receipt {
  householdId: string;
  householdName: string;
  compoundName: string;
  buildingName: string;
  entranceName: string;
  roomNumber: string;
  read: boolean;
  readAt: number | null;
}

export interface Figure {
  label: string;
  value: number;
  unit: string | null;
}

export interface CampaignSummary {
  notices: number;
  places: number;
  households: number;
  secondNotices: number;
  delivered: number;
  deliveredBy: Record<string, number>;
  readInApp: number;
  replied: number;
  done: number;
  notDone: number;
  pending: number;
  overdue: number;
  nextSteps: Record<string, number>;
  figures: Figure[];
}

export interface CampaignItem {
  id: string;
  communityId: string;
  kind: string;
  kindNameZh: string;
  kindNameEn: string;
  title: string;
  deadline: string;
  state: 'open' | 'closed';
  targetsText: string;
  notices: number;
  done: number;
  notDone: number;
  pending: number;
  createdAt: number;
  closedAt: number | null;
}

export interface CampaignDetail extends CampaignItem {
  problem: string;
  requirement: string;
  legalBasis: string | null;
  issuer: string;
  targets: TargetView[];
  summary: CampaignSummary;
  summaryNote: string | null;
}

export interface RectificationKind {
  code: string;
  nameZh: string;
  nameEn: string;
}

export type { RectificationRow };

export const noticesPath = (communityId: string) => `/communities/${communityId}/notices`;
export const campaignsPath = (communityId: string) => `/communities/${communityId}/rectification-campaigns`;
export const rectificationPath = (communityId: string, noticeId: string) =>
  `/communities/${communityId}/rectification-notices/${noticeId}`;

/** Keys start with 'list', so every save that refreshes lists (useWriteFeedback) refreshes these too. */
export const noticeKey = (noticeId: string, ...rest: unknown[]) => ['list', 'notice', noticeId, ...rest];
export const campaignKey = (campaignId: string, ...rest: unknown[]) => [
  'list',
  'campaign',
  campaignId,
  ...rest,
];

/** The kinds of problem this community sends rectification notices for (楼道堆物, 违章搭建…). */
export function useRectificationKinds(communityId: string | undefined) {
  return useQuery({
    queryKey: ['rectification-kinds', communityId],
    enabled: !!communityId,
    staleTime: 5 * 60_000,
    queryFn: () => get<{ kinds: RectificationKind[] }>(`/communities/${communityId}/rectification-settings`),
  });
}

/** A desk path's PDF under /api/v1, for a link or a print preview. */
export const pdfUrl = (path: string) => `/api/v1${path}`;

/**
 * The API's error beside the fields it names: its details say which field, and a detail without
 * words of its own takes the error's message.
 */
export function formErrors(err: unknown, t: TFunction, byCode: Record<string, string> = {}) {
  return fieldErrors(err, byCode).map((f) => ({
    ...f,
    errors: f.errors.map((m) => m || errorText(err, t)),
  }));
}

/**
 * Fills a dialog's form once each time it opens (`ready`: open, with its data loaded): a list
 * refreshed behind it must not overwrite what the user is typing.
 */
export function useFillOnOpen(ready: boolean, fill: () => void) {
  const filled = useRef(false);
  useEffect(() => {
    if (!ready) filled.current = false;
    else if (!filled.current) {
      filled.current = true;
      fill();
    }
  });
}
