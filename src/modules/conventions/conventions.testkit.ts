import { hashPassword } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { Client } from '../../../test/support/client';
import { insertAccount, password } from '../../../test/support/world';
import { addHome as addNoticeHome, type Home } from '../notices/notices.testkit';

/**
 * Homes, heads of household, a serving owners' committee with members who have accounts, and a
 * meeting decision, written straight into test community A for the conventions and list tests.
 */

export { api, addBuilding, addResident, notificationsOf, pdfCharacters } from '../notices/notices.testkit';

let seq = 0;
const life = () => ({ created_at: Date.now(), updated_at: Date.now(), archived_at: null });

let room = 300;

/** A household in a new room (numbered 301, 302… so never the world's 101) with a confirmed resident. */
export const addHome = (
  t: TestContext,
  where: { compoundId: string; buildingId: string; entranceId: string },
) => addNoticeHome(t, where, String(++room));

/** A person of community A, optionally with an account. */
export async function addPerson(t: TestContext, name: string, accountId: string | null = null) {
  const id = newId();
  await t.deps.db
    .insertInto('people')
    .values({
      community_id: t.world.communityA,
      id,
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
      ...life(),
    })
    .execute();
  return id;
}

/** A home in buildingA1 (entranceA1) whose head of household is named `head`. */
export async function homeWithHead(t: TestContext, head: string): Promise<Home & { headPersonId: string }> {
  const home = await addHome(t, {
    compoundId: t.world.compoundA1,
    buildingId: t.world.buildingA1,
    entranceId: t.world.entranceA1,
  });
  const headPersonId = await addPerson(t, head);
  await t.deps.db
    .updateTable('households')
    .set({ head_person_id: headPersonId })
    .where('community_id', '=', t.world.communityA)
    .where('id', '=', home.householdId)
    .execute();
  return { ...home, headPersonId };
}

/** A logged-in account that is a current member of compound A1's serving owners' committee. */
export async function committeeMember(t: TestContext, name: string, committeeId?: string) {
  const A = t.world.communityA;
  let committee = committeeId;
  if (!committee) {
    committee = newId();
    await t.deps.db
      .insertInto('owner_committees')
      .values({
        community_id: A,
        id: committee,
        compound_id: t.world.compoundA1,
        term_no: ++seq,
        term_start: null,
        term_end: null,
        status: 'serving',
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .execute();
  }
  const phone = `1357${String(process.pid % 1000).padStart(3, '0')}${String(++seq).padStart(4, '0')}`;
  const accountId = newId();
  await insertAccount(t.deps, { id: accountId, phone, name, passwordHash: await hashPassword(password) });
  const personId = await addPerson(t, name, accountId);
  await t.deps.db
    .insertInto('committee_members')
    .values({
      community_id: A,
      id: newId(),
      committee_id: committee,
      person_id: personId,
      position: 'member',
      since: null,
      until: null,
      created_at: Date.now(),
      ended_at: null,
    })
    .execute();
  return {
    committeeId: committee,
    personId,
    accountId,
    client: await new Client(t.app).login(phone, password),
  };
}

/** A decision of a held meeting in community A, as the deliberation module records it. */
export async function meetingDecision(t: TestContext, text: string) {
  const A = t.world.communityA;
  const meetingId = newId();
  const itemId = newId();
  const decisionId = newId();
  const now = Date.now();
  const by = t.world.accounts.branch;
  await t.deps.db
    .insertInto('meetings')
    .values({
      community_id: A,
      id: meetingId,
      compound_id: t.world.compoundA1,
      type: 'joint',
      title: '甲一小区联席会议',
      starts_at: now,
      ends_at: now,
      place: null,
      state: 'held',
      notice_sent_at: null,
      checkin_token: newId(),
      minutes_html: null,
      minutes_updated_at: null,
      minutes_updated_by: null,
      created_by: by,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await t.deps.db
    .insertInto('agenda_items')
    .values({
      community_id: A,
      id: itemId,
      meeting_id: meetingId,
      topic_id: null,
      title: text,
      position: 1,
      outcome: 'decided',
      created_at: now,
    })
    .execute();
  await t.deps.db
    .insertInto('decisions')
    .values({
      community_id: A,
      id: decisionId,
      meeting_id: meetingId,
      agenda_item_id: itemId,
      topic_id: null,
      text,
      decided_by: '五方联席一致通过',
      votes_for: null,
      votes_against: null,
      votes_abstain: null,
      follow_up_kind: 'none',
      follow_up_id: null,
      created_by: by,
      created_at: now,
    })
    .execute();
  return decisionId;
}

/** The audit entries of an action on a target. */
export async function auditOf(t: TestContext, action: string, targetId: string) {
  return t.deps.db
    .selectFrom('audit_log')
    .select(['actor_account_id', 'before_json', 'after_json'])
    .where('action', '=', action)
    .where('target_id', '=', targetId)
    .execute();
}

export const twelveArticles = [
  '爱党爱国，遵纪守法，维护小区和谐稳定。',
  '爱护环境，垃圾分类定点投放，不乱扔杂物。',
  '文明养犬，出门牵绳，及时清理犬只粪便。',
  '不高空抛物，不在阳台边缘放置易坠物品。',
  '规范停车，不占用消防通道和他人车位。',
  '不私搭乱建，不破坏房屋承重结构。',
  '不在楼道堆放杂物，保持消防通道畅通。',
  '电动车不进楼入户，不私拉电线充电。',
  '邻里和睦，互帮互助，有事好商量。',
  '尊老爱幼，关心空巢独居老人。',
  '按时缴纳物业费，支持物业依法管理。',
  '积极参与小区议事协商和志愿服务。',
].map((text, i) => ({ number: i + 1, text }));
