/**
 * Which notices reach which household (公告的送达范围), as pure rules: a notice goes to places (the
 * whole community, a compound, a building, an entrance); it reaches a household whose room lies in
 * one of them, while it is published, from its publish time until it expires. The SQL in store.ts
 * says the same thing for lists; the API tests check the two agree.
 */

export const targetKinds = ['community', 'compound', 'building', 'entrance'] as const;
export type TargetKind = (typeof targetKinds)[number];

export const noticeStates = ['draft', 'published', 'withdrawn'] as const;
export type NoticeState = (typeof noticeStates)[number];

/** What a person sees: a published notice is "scheduled" before its publish time and "expired" after its end. */
export const noticeStatuses = ['draft', 'scheduled', 'published', 'expired', 'withdrawn'] as const;
export type NoticeStatus = (typeof noticeStatuses)[number];

/** Where a household lives: its room's entrance, building and compound. */
export interface Place {
  communityId: string;
  compoundId: string;
  buildingId: string;
  entranceId: string;
}

/** A spot somewhere in the community model: a household's place, or a stairwell's entrance. */
export interface Area {
  communityId: string;
  compoundId: string;
  buildingId: string | null;
  entranceId: string | null;
}

/** A target with its scope filled down to its own level (a building target carries its compound). */
export interface Target {
  kind: TargetKind;
  communityId: string;
  compoundId: string | null;
  buildingId: string | null;
  entranceId: string | null;
}

export function reaches(target: Target, place: Area): boolean {
  if (target.communityId !== place.communityId) return false;
  switch (target.kind) {
    case 'community':
      return true;
    case 'compound':
      return target.compoundId === place.compoundId;
    case 'building':
      return target.buildingId === place.buildingId;
    case 'entrance':
      return target.entranceId === place.entranceId;
  }
}

export interface NoticeTiming {
  state: NoticeState;
  publishAt: number | null;
  expireAt: number | null;
}

export function noticeStatus(n: NoticeTiming, now: number): NoticeStatus {
  if (n.state !== 'published') return n.state;
  if (n.publishAt !== null && n.publishAt > now) return 'scheduled';
  if (n.expireAt !== null && n.expireAt <= now) return 'expired';
  return 'published';
}

/** Whether residents of `place` see the notice at `now`. */
export function visibleAt(n: NoticeTiming, targets: readonly Target[], place: Place, now: number): boolean {
  return noticeStatus(n, now) === 'published' && targets.some((t) => reaches(t, place));
}

/** A notice on a place without a household (a stairwell) concerns those living at the level it names. */
export const areaTarget = (a: Area): Target => ({
  kind: a.entranceId ? 'entrance' : a.buildingId ? 'building' : 'compound',
  ...a,
});

/**
 * The scope a staff member needs to write to a target, in the terms of requireCan: a community-wide
 * notice needs a community grant; a compound, building or entrance needs one covering its compound
 * or building.
 */
export const targetScope = (t: Target) => ({ compoundId: t.compoundId, buildingId: t.buildingId });
