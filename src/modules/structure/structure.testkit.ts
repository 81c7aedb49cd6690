import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import type { Role } from '../../core/access/roles';
import type { TestContext } from '../../../test/support/app';
import { Client } from '../../../test/support/client';
import { password } from '../../../test/support/world';

/** What the structure API tests share: URLs, setup through the API, and one-off accounts. */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

/** The response's JSON after checking its status, with the body in the failure message. */
export function body<T = Record<string, unknown>>(res: LightMyRequestResponse, status: number): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

let phoneSeq = 0;

/**
 * A fresh account holding `role` on exactly one compound: lets tests tell a compound-level check
 * from the community-wide gate (the standard world grants write roles community-wide only).
 */
export async function onCompound(t: TestContext, role: Role, compoundId: string): Promise<Client> {
  const phone = `1370000${String(++phoneSeq).padStart(4, '0')}`;
  const now = Date.now();
  const accountId = newId();
  await t.deps.db
    .insertInto('accounts')
    .values({
      id: accountId,
      phone_sealed: t.deps.vault.seal(phone),
      phone_hash: t.deps.vault.lookupHash(phone),
      display_name: `${role}@compound`,
      password_hash: await hashPassword(password),
      locale: null,
      large_text: 0,
      is_platform_admin: 0,
      created_at: now,
      password_changed_at: now,
      disabled_at: null,
    })
    .execute();
  await t.deps.db
    .insertInto('grants')
    .values({
      community_id: t.world.communityA,
      id: newId(),
      account_id: accountId,
      role,
      scope_kind: 'compound',
      scope_id: compoundId,
      granted_by: null,
      granted_at: now,
      revoked_by: null,
      revoked_at: null,
    })
    .execute();
  return new Client(t.app).login(phone, password);
}

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
