import type { LightMyRequestResponse } from 'fastify';

import type { Role } from '../../core/access/roles';
import type { TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';

import { body } from '../../../test/support/client';

export { body };

/** What the structure API tests share: URLs, setup through the API, and one-off accounts. */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

/**
 * A fresh account holding `role` on exactly one compound: lets tests tell a compound-level check
 * from the community-wide gate (the standard world grants write roles community-wide only).
 */
export const onCompound = (t: TestContext, role: Role, compoundId: string): Promise<Client> =>
  t.holding(role, 'compound', compoundId);

export interface Made {
  id: string;
}

export async function makeBuilding(client: Client, communityId: string, compoundId: string, name: string) {
  return body<Made>(await client.post(`${api(communityId)}/buildings`, { compoundId, name }), 201).id;
}

export async function makeEntrance(client: Client, communityId: string, buildingId: string, name: string) {
  return body<Made>(await client.post(`${api(communityId)}/entrances`, { buildingId, name }), 201).id;
}

export async function makeRoom(
  client: Client,
  communityId: string,
  entranceId: string,
  number: string,
  extra: Record<string, unknown> = {},
) {
  const res = await client.post(`${api(communityId)}/rooms`, {
    entranceId,
    number,
    area: '89.57',
    areaSource: 'register',
    use: 'residence',
    ...extra,
  });
  return body<Made>(res, 201).id;
}

/** The ids in a list response, in order. */
export const ids = (res: LightMyRequestResponse) =>
  body<{ items: { id: string }[] }>(res, 200).items.map((i) => i.id);
