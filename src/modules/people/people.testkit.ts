import type { LightMyRequestResponse } from 'fastify';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';

import { body, errorCode } from '../../../test/support/client';

export { body, errorCode };

/** What the people API tests share: URLs, places to live, and setup through the API. */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

/** The ids in a list response, in order. */
export const ids = (res: LightMyRequestResponse) =>
  body<{ items: { id: string }[] }>(res, 200).items.map((i) => i.id);

/**
 * A room in a building, made straight in the database so these tests do not lean on the structure
 * routes. The building gets one entrance, made on first use.
 */
export async function addRoom(
  t: TestContext,
  place: { communityId?: string; compoundId: string; buildingId: string },
  number: string,
  areaCenti = 8957,
): Promise<string> {
  const { db } = t.deps;
  const communityId = place.communityId ?? t.world.communityA;
  const now = Date.now();
  const life = { created_at: now, updated_at: now, archived_at: null };
  let entrance = await db
    .selectFrom('entrances')
    .select('id')
    .where('community_id', '=', communityId)
    .where('building_id', '=', place.buildingId)
    .executeTakeFirst();
  if (!entrance) {
    entrance = { id: newId() };
    await db
      .insertInto('entrances')
      .values({
        community_id: communityId,
        id: entrance.id,
        building_id: place.buildingId,
        name: '1单元',
        ...life,
      })
      .execute();
  }
  const id = newId();
  await db
    .insertInto('rooms')
    .values({
      community_id: communityId,
      id,
      compound_id: place.compoundId,
      building_id: place.buildingId,
      entrance_id: entrance.id,
      number,
      floor: null,
      area_centi: areaCenti,
      area_source: 'register',
      use: 'residence',
      ...life,
    })
    .execute();
  return id;
}

export async function addCompound(t: TestContext, name: string, communityId = t.world.communityA) {
  const now = Date.now();
  const compoundId = newId();
  const buildingId = newId();
  const life = { created_at: now, updated_at: now, archived_at: null };
  await t.deps.db
    .insertInto('compounds')
    .values({
      community_id: communityId,
      id: compoundId,
      name,
      address: null,
      year_built: null,
      property_company_id: null,
      ...life,
    })
    .execute();
  await t.deps.db
    .insertInto('buildings')
    .values({
      community_id: communityId,
      id: buildingId,
      compound_id: compoundId,
      name: '1栋',
      floors: 6,
      ...life,
    })
    .execute();
  return { communityId, compoundId, buildingId };
}

export async function newHousehold(client: Client, communityId: string, roomId: string, name = '张家') {
  return body<{ id: string }>(await client.post(`${api(communityId)}/households`, { roomId, name }), 201).id;
}

export async function newPerson(
  client: Client,
  communityId: string,
  person: Record<string, unknown> & { name: string },
) {
  return body<{ id: string }>(await client.post(`${api(communityId)}/people`, person), 201).id;
}

export async function moveIn(
  client: Client,
  communityId: string,
  householdId: string,
  personId: string,
  extra: Record<string, unknown> = {},
) {
  const res = await client.post(`${api(communityId)}/households/${householdId}/residencies`, {
    personId,
    kind: 'family',
    ...extra,
  });
  return body<{ id: string }>(res, 201).id;
}

/** Valid mainland ID numbers (GB 11643 check digit), different for each n. */
export function idNumber(n: number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first17 = `43010219900101${String(n).padStart(3, '0')}`;
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11];
}
