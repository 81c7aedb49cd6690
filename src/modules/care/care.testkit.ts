import { hashPassword } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { body, Client } from '../../../test/support/client';
import { insertAccount, password } from '../../../test/support/world';
import { addResident, addSquadMember, api, type Actor } from '../orders/orders.testkit';

export { body, api };

/**
 * A care roster in test community A, set up as in life:
 * - 赵奶奶, a resident of roomA1 (buildingA1, gridA) with an account, on the roster as living alone;
 * - her son, an account whose phone she gives as an emergency contact (so he is her named family);
 * - 张志愿, a party member paired with her, and 王志愿, one who is not;
 * - grid B over buildingA2, with its own grid worker and a household in roomA2.
 */

export interface CareWorld {
  elder: Actor & { householdId: string };
  son: { client: Client; accountId: string; phone: string };
  paired: Actor;
  unpaired: Actor;
  recordId: string;
  pairingId: string;
  gridB: string;
  roomA2: string;
}

let seq = 0;
export const freshPhone = () =>
  `1358${String(process.pid % 1000).padStart(3, '0')}${String(++seq).padStart(4, '0')}`;

export async function newAccount(t: TestContext, name: string) {
  const phone = freshPhone();
  const accountId = newId();
  await insertAccount(t.deps, { id: accountId, phone, name, passwordHash: await hashPassword(password) });
  return { client: await new Client(t.app).login(phone, password), accountId, phone };
}

/** Grid B over buildingA2 (compound A2) with a room in it. */
async function addGridB(t: TestContext) {
  const { db } = t.deps;
  const { world } = t;
  const now = Date.now();
  const life = { created_at: now, updated_at: now, archived_at: null };
  const gridB = newId();
  const entrance = newId();
  const roomA2 = newId();
  await db
    .insertInto('grids')
    .values({
      community_id: world.communityA,
      id: gridB,
      compound_id: world.compoundA2,
      name: '第二网格',
      ...life,
    })
    .execute();
  await db
    .insertInto('grid_buildings')
    .values({ community_id: world.communityA, grid_id: gridB, building_id: world.buildingA2 })
    .execute();
  await db
    .insertInto('entrances')
    .values({
      community_id: world.communityA,
      id: entrance,
      building_id: world.buildingA2,
      name: '1单元',
      ...life,
    })
    .execute();
  await db
    .insertInto('rooms')
    .values({
      community_id: world.communityA,
      id: roomA2,
      compound_id: world.compoundA2,
      building_id: world.buildingA2,
      entrance_id: entrance,
      number: '1801',
      floor: 18,
      area_centi: 10000,
      area_source: 'register',
      use: 'residence',
      ...life,
    })
    .execute();
  return { gridB, roomA2 };
}

export async function setUpCareWorld(t: TestContext): Promise<CareWorld> {
  const { world } = t;
  const A = api(world.communityA);
  const staff = await t.as('communityStaff');
  const elder = await addResident(t, '赵奶奶');
  const son = await newAccount(t, '赵大儿子');
  const paired = await addSquadMember(t, '张志愿', world.squadA);
  const unpaired = await addSquadMember(t, '王志愿', world.squadA);
  const { gridB, roomA2 } = await addGridB(t);
  const record = body<{ id: string }>(
    await staff.post(`${A}/care/records`, {
      personId: elder.personId,
      kinds: ['living_alone', 'serious_illness'],
      reason: '独居，高血压',
      notes: '耳背，敲门要大声',
      contacts: [
        { name: '赵大儿子', relation: '儿子', phone: son.phone },
        { name: '李邻居', relation: '邻居', phone: '13900001111' },
      ],
    }),
    201,
  );
  const pairing = body<{ id: string }>(
    await staff.post(`${A}/care/records/${record.id}/pairings`, { personId: paired.personId }),
    201,
  );
  return { elder, son, paired, unpaired, recordId: record.id, pairingId: pairing.id, gridB, roomA2 };
}

/** The audit entries about a care record, oldest first. */
export async function auditOf(t: TestContext, recordId: string) {
  return t.deps.db
    .selectFrom('audit_log')
    .select(['action', 'actor_account_id', 'after_json'])
    .where('target_type', '=', 'care_record')
    .where('target_id', '=', recordId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The kinds of the account's notifications, newest first. */
export async function inbox(client: Client): Promise<string[]> {
  const page = body<{ items: { kind: string }[] }>(
    await client.get('/api/v1/me/notifications?pageSize=100'),
    200,
  );
  return page.items.map((n) => n.kind);
}
