import { hashPassword } from '../../core/auth/passwords';
import type { TopicsTable } from '../../core/db/schema';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { body, Client } from '../../../test/support/client';
import { insertAccount, password } from '../../../test/support/world';

/**
 * Fixtures for the meeting and action-item API tests in community A: topics waiting on the agenda
 * queue, people with accounts, the compound's party branch with its secretary.
 */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

let phoneSeq = 0;
/** Numbers no other test account uses (the world uses 139…, other testkits 136…/137…). */
const freshPhone = () =>
  `1358${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSeq).padStart(4, '0')}`;

export interface Someone {
  client: Client;
  accountId: string;
  personId: string;
  name: string;
}

/** A person of community A with an account of their own (a resident on the rolls), logged in. */
export async function addSomeone(t: TestContext, name: string): Promise<Someone> {
  const phone = freshPhone();
  const accountId = newId();
  await insertAccount(t.deps, { id: accountId, phone, name, passwordHash: await hashPassword(password) });
  const personId = newId();
  const now = Date.now();
  await t.deps.db
    .insertInto('people')
    .values({
      community_id: t.world.communityA,
      id: personId,
      name,
      phone_sealed: null,
      phone_hash: null,
      id_number_sealed: null,
      id_number_hash: null,
      gender: null,
      birth_year: null,
      political_status: 'masses',
      flags: '[]',
      account_id: accountId,
      notes: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  return { client: await new Client(t.app).login(phone, password), accountId, personId, name };
}

/** A party branch of the compound, with a secretary who has an account. */
export async function addBranch(t: TestContext, compoundId: string) {
  const secretary = await addSomeone(t, '王书记');
  const orgId = newId();
  const now = Date.now();
  await t.deps.db
    .insertInto('party_orgs')
    .values({
      community_id: t.world.communityA,
      id: orgId,
      parent_id: null,
      kind: 'branch',
      name: '甲一小区党支部',
      compound_id: compoundId,
      building_id: null,
      household_id: null,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute();
  await t.deps.db
    .insertInto('party_positions')
    .values({
      community_id: t.world.communityA,
      id: newId(),
      org_id: orgId,
      person_id: secretary.personId,
      position: 'secretary',
      since: null,
      until: null,
      created_at: now,
      ended_at: null,
    })
    .execute();
  return { orgId, secretary };
}

/** A topic waiting on the agenda queue (accepted), as the topics routes leave it. */
export async function addTopic(
  t: TestContext,
  values: Partial<TopicsTable> & { compound_id: string | null },
): Promise<string> {
  const now = Date.now();
  const id = newId();
  await t.deps.db
    .insertInto('topics')
    .values({
      community_id: t.world.communityA,
      id,
      building_id: null,
      category: 'environment',
      title: '楼道堆物清理',
      body: '3 栋楼道堆满杂物，存在消防隐患',
      place_text: '3栋楼道',
      raised_by_account_id: null,
      raised_by_person_id: null,
      raiser_name: '赵**',
      channel: 'staff',
      source_order_id: null,
      state: 'accepted',
      support_count: 0,
      comment_count: 0,
      is_public: 1,
      accepted_at: now,
      scheduled_at: null,
      decided_at: null,
      done_at: null,
      declined_at: null,
      decline_reason: null,
      created_at: now,
      updated_at: now,
      version: 0,
      ...values,
    })
    .execute();
  return id;
}

export async function topicOf(t: TestContext, topicId: string) {
  const topic = await t.deps.db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', topicId)
    .executeTakeFirstOrThrow();
  const trail = await t.deps.db
    .selectFrom('topic_events')
    .select(['seq', 'kind', 'data'])
    .where('topic_id', '=', topicId)
    .orderBy('seq')
    .execute();
  return {
    state: topic.state,
    trail: trail.map((e) => e.kind),
    data: trail.map((e) => JSON.parse(e.data) as Record<string, unknown>),
  };
}

/** Notifications of one kind an account has, newest last. */
export async function notificationsOf(t: TestContext, accountId: string, kind: string) {
  return t.deps.db
    .selectFrom('notifications')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .execute();
}

/** The shapes tests read. */
export interface MeetingJson {
  id: string;
  state: string;
  compoundId: string | null;
  invitedCount: number;
  signedInCount: number;
  walkInCount: number;
  agendaCount: number;
  noticeSentAt: number | null;
  invitees: {
    id: string;
    name: string;
    organisationId: string | null;
    personId: string | null;
    accountId: string | null;
    partyLabel: string | null;
    invited: boolean;
    signedInAt: number | null;
    signedInVia: string | null;
  }[];
  agenda: {
    id: string;
    topicId: string | null;
    topicState: string | null;
    title: string;
    outcome: string;
    decision: null | { id: string; followUpKind: string; followUpId: string | null; actions: ActionJson[] };
  }[];
  minutesHtml: string | null;
  attachments: { id: string }[];
  checkinPath: string | null;
}

export interface ActionJson {
  id: string;
  title: string;
  state: string;
  overdue: boolean;
  dueSoon: boolean;
  ownerAccountId: string | null;
  ownerName: string;
  dueDate: string;
  topicId: string | null;
  photoIds: string[];
  doneNote: string | null;
  meetingTitle: string;
  version: number;
}

/** A meeting in compound A1 as community staff plan it, with the topics given. */
export async function planMeeting(
  t: TestContext,
  staff: Client,
  extra: Record<string, unknown> = {},
): Promise<MeetingJson> {
  return body<MeetingJson>(
    await staff.post(`${api(t.world.communityA)}/meetings`, {
      type: 'joint',
      title: '五方联席会议',
      compoundId: t.world.compoundA1,
      startsAt: Date.now() + 60 * 60 * 1000,
      place: '社区议事厅',
      ...extra,
    }),
    201,
  );
}

/** Puts a meeting straight into progress. */
export async function startMeeting(t: TestContext, staff: Client, meetingId: string) {
  return body<MeetingJson>(
    await staff.post(`${api(t.world.communityA)}/meetings/${meetingId}/start`, {}),
    200,
  );
}
