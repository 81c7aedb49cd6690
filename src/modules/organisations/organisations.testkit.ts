import type { LightMyRequestResponse } from 'fastify';

import { newId } from '../../core/ids';
import type { Role, ScopeKind } from '../../core/access/roles';
import type { TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';

import { body, errorCode } from '../../../test/support/client';

export { body, errorCode };

/** What the organisation API tests share: URLs, rows inserted directly, one-off accounts. */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

export const ids = (res: LightMyRequestResponse) =>
  body<{ items: { id: string }[] }>(res, 200).items.map((i) => i.id);

const life = () => {
  const now = Date.now();
  return { created_at: now, updated_at: now, archived_at: null };
};

/** A person row, as the people API would make it (no phone: organisations never show one). */
export async function addPerson(
  t: TestContext,
  name: string,
  politicalStatus: 'party_member' | 'probationary' | 'masses' = 'masses',
  communityId = t.world.communityA,
): Promise<string> {
  const id = newId();
  await t.deps.db
    .insertInto('people')
    .values({
      community_id: communityId,
      id,
      name,
      phone_sealed: null,
      phone_hash: null,
      id_number_sealed: null,
      id_number_hash: null,
      gender: null,
      birth_year: null,
      political_status: politicalStatus,
      flags: '[]',
      account_id: null,
      notes: null,
      ...life(),
    })
    .execute();
  return id;
}

/** A building with one entrance and one room in it; returns their ids. */
export async function addBuilding(t: TestContext, compoundId: string, name: string) {
  const building = newId();
  const entrance = newId();
  const room = newId();
  const community_id = t.world.communityA;
  await t.deps.db
    .insertInto('buildings')
    .values({ community_id, id: building, compound_id: compoundId, name, floors: 6, ...life() })
    .execute();
  await t.deps.db
    .insertInto('entrances')
    .values({ community_id, id: entrance, building_id: building, name: '1单元', ...life() })
    .execute();
  await t.deps.db
    .insertInto('rooms')
    .values({
      community_id,
      id: room,
      compound_id: compoundId,
      building_id: building,
      entrance_id: entrance,
      number: '101',
      floor: 1,
      area_centi: 9000,
      area_source: 'register',
      use: 'residence',
      ...life(),
    })
    .execute();
  return { building, room };
}

/** A household living in a room. */
export async function addHousehold(t: TestContext, roomId: string): Promise<string> {
  const room = await t.deps.db
    .selectFrom('rooms')
    .selectAll()
    .where('id', '=', roomId)
    .executeTakeFirstOrThrow();
  const id = newId();
  const now = Date.now();
  await t.deps.db
    .insertInto('households')
    .values({
      community_id: room.community_id,
      id,
      room_id: room.id,
      compound_id: room.compound_id,
      building_id: room.building_id,
      name: `${room.number}户`,
      head_person_id: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
    })
    .execute();
  return id;
}

/** Makes a person an owner of a room, and its voter when the room has none yet (one voter per room, §6). */
export async function addOwnership(t: TestContext, personId: string, roomId: string): Promise<void> {
  const room = await t.deps.db
    .selectFrom('rooms')
    .selectAll()
    .where('id', '=', roomId)
    .executeTakeFirstOrThrow();
  const voter = await t.deps.db
    .selectFrom('ownerships')
    .select('id')
    .where('community_id', '=', room.community_id)
    .where('room_id', '=', room.id)
    .where('is_voter', '=', 1)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  const now = Date.now();
  await t.deps.db
    .insertInto('ownerships')
    .values({
      community_id: room.community_id,
      id: newId(),
      room_id: room.id,
      compound_id: room.compound_id,
      person_id: personId,
      is_developer: 0,
      is_voter: voter ? 0 : 1,
      since: null,
      until: null,
      created_at: now,
      updated_at: now,
      ended_at: null,
    })
    .execute();
}

/** A fresh account holding `role` on one scope of community A, logged in. */
export const holding = (t: TestContext, role: Role, kind: ScopeKind, scopeId: string): Promise<Client> =>
  t.holding(role, kind, scopeId);

/** The audit entries written for one target, oldest first. */
export async function auditOf(t: TestContext, targetId: string) {
  return t.deps.db
    .selectFrom('audit_log')
    .select(['action', 'actor_account_id', 'before_json', 'after_json'])
    .where('target_id', '=', targetId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}
