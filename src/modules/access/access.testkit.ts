import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { Client } from '../../../test/support/client';

import { body } from '../../../test/support/client';

export { body };

/** What the access API tests share: household fixtures written straight to the database, and new residents. */

const life = () => ({ created_at: Date.now(), updated_at: Date.now(), archived_at: null });

export async function addBuilding(t: TestContext, communityId: string, compoundId: string, name: string) {
  const id = newId();
  await t.deps.db
    .insertInto('buildings')
    .values({ community_id: communityId, id, compound_id: compoundId, name, floors: 6, ...life() })
    .execute();
  return id;
}

/** A household in a new room (its own entrance) of the building; returns its id. */
export async function addHousehold(
  t: TestContext,
  place: { communityId: string; compoundId: string; buildingId: string },
  name: string,
  roomNumber = '201',
): Promise<string> {
  const { db } = t.deps;
  const entranceId = newId();
  const roomId = newId();
  const householdId = newId();
  await db
    .insertInto('entrances')
    .values({
      community_id: place.communityId,
      id: entranceId,
      building_id: place.buildingId,
      name: `${name}单元`,
      ...life(),
    })
    .execute();
  await db
    .insertInto('rooms')
    .values({
      community_id: place.communityId,
      id: roomId,
      compound_id: place.compoundId,
      building_id: place.buildingId,
      entrance_id: entranceId,
      number: roomNumber,
      floor: 2,
      area_centi: 10050,
      area_source: 'register',
      use: 'residence',
      ...life(),
    })
    .execute();
  await db
    .insertInto('households')
    .values({
      community_id: place.communityId,
      id: householdId,
      room_id: roomId,
      compound_id: place.compoundId,
      building_id: place.buildingId,
      name,
      head_person_id: null,
      created_at: Date.now(),
      updated_at: Date.now(),
      closed_at: null,
      closed_by: null,
    })
    .execute();
  return householdId;
}

/** A person staff registered in a household, optionally with a phone number. */
export async function addMember(
  t: TestContext,
  at: { communityId: string; householdId: string },
  person: { name: string; phone?: string; kind?: string },
): Promise<string> {
  const { db, vault } = t.deps;
  const personId = newId();
  await db
    .insertInto('people')
    .values({
      community_id: at.communityId,
      id: personId,
      name: person.name,
      phone_sealed: person.phone ? vault.seal(person.phone) : null,
      phone_hash: person.phone ? vault.lookupHash(person.phone) : null,
      id_number_sealed: null,
      id_number_hash: null,
      gender: null,
      birth_year: null,
      political_status: 'masses',
      flags: '[]',
      account_id: null,
      notes: null,
      ...life(),
    })
    .execute();
  await db
    .insertInto('residencies')
    .values({
      community_id: at.communityId,
      id: newId(),
      household_id: at.householdId,
      person_id: personId,
      kind: person.kind ?? 'family',
      relation: null,
      since: null,
      until: null,
      created_at: Date.now(),
      updated_at: Date.now(),
    })
    .execute();
  return personId;
}

let phoneSeq = 0;
/** A mobile number no other test account uses. */
export const freshPhone = () => `1365000${String(++phoneSeq).padStart(4, '0')}`;

/** A resident who registers through the API, as a phone would; logged in afterwards. */
export async function register(t: TestContext, displayName: string, phone = freshPhone()): Promise<Client> {
  const client = new Client(t.app);
  const res = await client.post('/api/v1/auth/register', { phone, password: 'resident-pass-1', displayName });
  client.csrf = body<{ csrfToken: string }>(res, 201).csrfToken;
  return client;
}
