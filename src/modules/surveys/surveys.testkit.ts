import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { body, type Client } from '../../../test/support/client';
import { addBuilding, addHome, addResident, api, type Home } from '../notices/notices.testkit';

/**
 * Homes and surveys for the surveys tests, in test community A: households with confirmed residents
 * in compound A1 (buildingA1, gridA) and compound A2, a property company for a compound, and a
 * survey about pets with skip logic.
 */

export { addResident, api, body, type Home };

export interface SurveyWorld {
  /** three households in A1's buildingA1 (gridA) */
  a1: Home[];
  /** one household in compound A2 */
  a2: Home;
}

export async function setUpHomes(t: TestContext): Promise<SurveyWorld> {
  const w = t.world;
  const a1 = [];
  for (let i = 0; i < 3; i++)
    a1.push(
      await addHome(
        t,
        { compoundId: w.compoundA1, buildingId: w.buildingA1, entranceId: w.entranceA1 },
        `20${i + 1}`,
      ),
    );
  const b2 = await addBuilding(t, w.compoundA2, '2栋');
  const a2 = await addHome(t, { compoundId: w.compoundA2, ...b2 });
  return { a1, a2 };
}

/** Registers a property company and makes it the compound's. */
export async function giveCompany(
  t: TestContext,
  compoundId: string,
  name: string,
  communityId = t.world.communityA,
) {
  const id = newId();
  await t.deps.db
    .insertInto('property_companies')
    .values({
      id,
      name,
      credit_code: null,
      contact_name: null,
      contact_phone: null,
      created_at: Date.now(),
      archived_at: null,
    })
    .execute();
  await t.deps.db
    .updateTable('compounds')
    .set({ property_company_id: id })
    .where('community_id', '=', communityId)
    .where('id', '=', compoundId)
    .execute();
  return id;
}

/** 是否养宠物 → 养了什么 → (dogs only) 是否办证; a rating; a remark. */
export const petQuestions = [
  {
    code: 'pets',
    kind: 'single',
    textZh: '您家是否养宠物？',
    required: true,
    options: [
      { value: 'yes', labelZh: '是', labelEn: 'Yes' },
      { value: 'no', labelZh: '否', labelEn: 'No' },
    ],
  },
  {
    code: 'kinds',
    kind: 'multiple',
    textZh: '养了什么？',
    required: true,
    options: [
      { value: 'dog', labelZh: '狗' },
      { value: 'cat', labelZh: '猫' },
    ],
    showIf: { question: 'pets', anyOf: ['yes'] },
  },
  {
    code: 'licence',
    kind: 'single',
    textZh: '狗是否已办证？',
    required: true,
    options: [
      { value: 'yes', labelZh: '已办' },
      { value: 'no', labelZh: '未办' },
    ],
    showIf: { question: 'kinds', anyOf: ['dog'] },
  },
  { code: 'rating', kind: 'rating', textZh: '您对小区养犬管理是否满意？', required: true },
  { code: 'remark', kind: 'text', textZh: '其他意见' },
];

export interface SurveyJson {
  id: string;
  state: string;
  version: number;
  responseCount: number;
  questions: { code: string }[];
  [key: string]: unknown;
}

/** A survey drafted and opened by `staff`. */
export async function openSurvey(t: TestContext, staff: Client, input: Record<string, unknown> = {}) {
  const A = api(t.world.communityA);
  const draft = body<SurveyJson>(
    await staff.post(`${A}/surveys`, {
      title: '养犬情况调查',
      respondent: 'household',
      compoundId: t.world.compoundA1,
      questions: petQuestions,
      ...input,
    }),
    201,
  );
  return body<SurveyJson>(await staff.post(`${A}/surveys/${draft.id}/open`), 200);
}

export const answer = (client: Client, surveyId: string, payload: Record<string, unknown>) =>
  client.post(`/api/v1/me/surveys/${surveyId}/responses`, payload);

/** The resident's claimed name in the household, as the 409 masks it. */
export async function claimedName(t: TestContext, accountId: string) {
  const row = await t.deps.db
    .selectFrom('household_bindings')
    .select('claimed_name')
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.claimed_name;
}
