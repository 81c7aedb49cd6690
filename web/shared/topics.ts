/**
 * Deliberation (有事大家议) as both shells read it: the API's shapes for topics, their trail, meetings,
 * decisions and action items (src/modules/deliberation/), and the public results board. Words for
 * states and trail steps live in each shell's own catalogue.
 */

import type { ActionState } from '../../src/modules/deliberation/actionRules';
import type { MeetingState } from '../../src/modules/deliberation/meetingRules';
import type { BoardStage, TopicState } from '../../src/modules/deliberation/rules';

export type { ActionState, BoardStage, MeetingState, TopicState };
export { boardStages, openStates, topicStates } from '../../src/modules/deliberation/rules';

/** How a state looks: waiting, in hand, finished, or turned down. Never by colour alone. */
export type TopicTone = 'waiting' | 'working' | 'done' | 'stopped';
const tones: Record<TopicState, TopicTone> = {
  raised: 'waiting',
  accepted: 'working',
  scheduled: 'working',
  decided: 'working',
  done: 'done',
  declined: 'stopped',
};
export const topicTone = (state: TopicState): TopicTone => tones[state];
/** A mark shown before the state's name, so it reads without colour. */
export const topicToneMark: Record<TopicTone, string> = {
  waiting: '○',
  working: '◐',
  done: '✓',
  stopped: '✕',
};

/** A code with its names, as the community's settings hold them (topic categories, meeting types). */
export interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** The name in the reader's language. */
export const localName = (c: { nameZh: string; nameEn: string }, language: string) =>
  language === 'en' ? c.nameEn : c.nameZh;

/** A topic as lists show it (src/modules/deliberation/topics.ts `Topic`). */
export interface Topic {
  id: string;
  communityId: string;
  compoundId: string | null;
  compoundName: string | null;
  buildingId: string | null;
  buildingName: string | null;
  category: string;
  /** In the request's language. */
  categoryName: string;
  title: string;
  body: string;
  placeText: string | null;
  /** In full for staff and the raiser; masked (张*丰) for others. */
  raiserName: string;
  raisedByMe: boolean;
  channel: 'app' | 'staff' | 'order';
  sourceOrderId: string | null;
  state: TopicState;
  /** Its column on the results board; null when declined. */
  stage: BoardStage | null;
  supportCount: number;
  commentCount: number;
  isPublic: boolean;
  acceptedAt: number | null;
  scheduledAt: number | null;
  decidedAt: number | null;
  doneAt: number | null;
  declinedAt: number | null;
  declineReason: string | null;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** One step of the trail, in the order it happened. `data` depends on the kind. */
export interface TopicEvent {
  seq: number;
  kind: string;
  /**
   * Empty for the system; for residents and the public a resident's name masked (张*丰) and staff by
   * the role they acted in (社区工作人员, 小区党支部…); in full for staff.
   */
  actorName: string;
  /** The capacity the actor acted in; null for the system. */
  actorRole: 'resident' | 'community_staff' | 'branch' | 'committee' | 'street' | 'staff' | null;
  data: Record<string, unknown>;
  at: number;
}

export interface TopicComment {
  id: string;
  authorName: string;
  body: string;
  mine: boolean;
  hidden: boolean;
  createdAt: number;
}

/** A photo with the address this reader may fetch it from (the public board's for public topics). */
export interface TopicPhoto {
  id: string;
  mime: string;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string | null;
}

export interface TopicMeeting {
  id: string;
  type: string;
  typeName: string;
  title: string;
  startsAt: number;
  endsAt: number | null;
  place: string | null;
  state: MeetingState;
}

export interface TopicDecision {
  id: string;
  meetingId: string;
  agendaItemId: string;
  text: string;
  decidedBy: string;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  followUpKind: string;
  createdAt: number;
}

export interface TopicAction {
  id: string;
  decisionId: string;
  title: string;
  ownerName: string;
  dueDate: string;
  state: ActionState;
  doneAt: number | null;
  doneNote: string | null;
  photos: TopicPhoto[];
}

export interface TopicRating {
  stars: number;
  comment: string | null;
  raterName: string;
  createdAt: number;
}

/** A topic with its whole story; the resident's, the console's and the public board's page read this. */
export interface TopicDetail extends Topic {
  trail: TopicEvent[];
  comments: TopicComment[];
  photos: TopicPhoto[];
  mySupport: boolean;
  myRating: { stars: number; comment: string | null; createdAt: number } | null;
  ratings: TopicRating[];
  ratingAverage: number | null;
  meeting: TopicMeeting | null;
  decisions: TopicDecision[];
  actions: TopicAction[];
}

/** What a resident may raise a topic for (GET /me/topic-options). */
export interface TopicOptions {
  households: {
    householdId: string;
    communityId: string;
    communityName: string;
    compoundId: string;
    compoundName: string;
    buildingId: string | null;
    buildingName: string | null;
  }[];
  communities: {
    communityId: string;
    communityName: string;
    supportThreshold: number;
    categories: Named[];
  }[];
}

/** An action item (落实事项) as its owner and the console list it (meetingViews.ts `ActionItem`). */
export interface ActionItem {
  id: string;
  communityId: string;
  meetingId: string;
  meetingTitle: string;
  compoundId: string | null;
  decisionId: string;
  topicId: string | null;
  topicTitle: string | null;
  title: string;
  ownerAccountId: string | null;
  ownerName: string;
  dueDate: string;
  state: ActionState;
  /** Open past the end of its due day. */
  overdue: boolean;
  /** Open and due today or tomorrow. */
  dueSoon: boolean;
  doneAt: number | null;
  doneNote: string | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  /** Evidence photos, under the community's files route. */
  photoIds: string[];
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** An action item in its owner's own list (GET /me/action-items). */
export interface MyActionItem extends ActionItem {
  /** The decision the item carries out. */
  decisionText: string;
  /** Evidence photos at the addresses the topic's page uses. */
  photos: TopicPhoto[];
}

/** A meeting's QR sign-in page (GET /me/checkin/:token). */
export interface Checkin {
  communityId: string;
  meetingId: string;
  title: string;
  type: string;
  /** The meeting type's name in the reader's language. */
  typeName: string;
  startsAt: number;
  endsAt: number | null;
  place: string | null;
  state: MeetingState;
  /** Sign-in is taken now. */
  open: boolean;
  opensAt: number;
  closesAt: number;
  invited: boolean;
  signedInAt: number | null;
}

/** The public results board: counts per column (the sums of the topics under them) and the topics. */
export interface Board {
  community: { id: string; name: string };
  compounds: { id: string; name: string }[];
  counts: Record<BoardStage, number> & { total: number };
  /** Supports (附议) that put a raised topic on the agenda queue. */
  supportThreshold: number;
  items: Topic[];
  total: number;
  page: number;
  pageSize: number;
}

/** A live `topic` event on `deliberation:<communityId>`: which topic, where it sits, no personal data. */
export interface LiveTopic {
  id: string;
  communityId: string;
  event: string;
  compoundId: string | null;
  state: TopicState;
  supportCount: number;
  commentCount: number;
  version: number;
  isPublic: boolean;
}
