import type {
  ActionItem,
  ActionState,
  MeetingState,
  Named,
  Topic,
  TopicDetail,
  TopicEvent,
  TopicPhoto,
  TopicState,
} from '../../../shared/topics';

/**
 * What the console's deliberation pages (议事) read beyond the topic shapes both shells share
 * (web/shared/topics.ts), as the API's schemas say (src/modules/deliberation/meetingViews.ts,
 * settings.ts, dashboard.ts): meetings with their invitees, agenda and decisions, the community's
 * settings and its figures.
 */

export type { ActionItem, ActionState, MeetingState, Named, Topic, TopicDetail, TopicState };
export type TrailEntry = TopicEvent;
export type Photo = TopicPhoto;

export const deliberationPath = (communityId: string) => `/communities/${communityId}`;

/**
 * Query keys start with 'list' so every console write that refreshes lists (useWriteFeedback)
 * refreshes these pages too.
 */
export const delibKey = (...rest: unknown[]) => ['list', 'deliberation', ...rest];

export interface DeliberationSettings {
  supportThreshold: number;
  meetingTypes: Named[];
  topicCategories: Named[];
  updatedAt: number | null;
}

export const meetingStates: readonly MeetingState[] = ['scheduled', 'in_progress', 'held', 'cancelled'];

export type OrganisationKind = 'party_org' | 'committee' | 'property_company' | 'cobuild_unit';

export interface Meeting {
  id: string;
  communityId: string;
  compoundId: string | null;
  compoundName: string | null;
  type: string;
  title: string;
  startsAt: number;
  endsAt: number | null;
  place: string | null;
  state: MeetingState;
  noticeSentAt: number | null;
  invitedCount: number;
  signedInCount: number;
  walkInCount: number;
  agendaCount: number;
  createdAt: number;
}

export interface Invitee {
  id: string;
  organisationKind: OrganisationKind | null;
  organisationId: string | null;
  personId: string | null;
  accountId: string | null;
  name: string;
  partyLabel: string | null;
  invited: boolean;
  signedInAt: number | null;
  signedInVia: 'qr' | 'staff' | null;
}

export const actionStates: readonly ActionState[] = ['open', 'done', 'cancelled'];

export interface Decision {
  id: string;
  text: string;
  decidedBy: string;
  votesFor: number | null;
  votesAgainst: number | null;
  votesAbstain: number | null;
  followUpKind: 'none' | 'order' | 'assembly_matter';
  followUpId: string | null;
  actions: ActionItem[];
}

export interface AgendaItem {
  id: string;
  topicId: string | null;
  topicState: TopicState | null;
  title: string;
  position: number;
  outcome: 'pending' | 'decided' | 'deferred';
  decision: Decision | null;
}

export interface MeetingDetail extends Meeting {
  invitees: Invitee[];
  agenda: AgendaItem[];
  minutesHtml: string | null;
  minutesUpdatedAt: number | null;
  minutesUpdatedBy: string | null;
  attachments: { id: string; name: string; mime: string; size: number }[];
  /** /checkin/<token>: the resident app's sign-in page the QR code opens (managers only). */
  checkinPath: string | null;
}

/** GET …/deliberation-figures (src/modules/deliberation/figures.ts). */
export interface DeliberationFigures {
  from: string | null;
  to: string | null;
  topics: {
    total: number;
    byState: Record<TopicState, number>;
    byCategory: { code: string; name: string; count: number }[];
  };
  medianHoursRaisedToDecided: number | null;
  medianHoursDecidedToDone: number | null;
  meetings: {
    held: number;
    cancelled: number;
    upcoming: number;
    invited: number;
    signedIn: number;
    walkIns: number;
    attendanceRate: number | null;
  };
  actions: { open: number; overdue: number; done: number; cancelled: number };
}
