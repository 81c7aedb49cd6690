import { randomBytes } from 'node:crypto';
import { createVault } from '../../src/core/crypto';
import { newId } from '../../src/core/ids';
import { buildDemo, demoPassword, type DemoLogin } from '../../src/modules/demo/data';
import { HttpClient, json } from './http';

/**
 * The people the suite acts as, found in the demo street (`gongzhi serve --seed-demo-if-empty`) the
 * way the apps find them: logins from the demo's own list, households from /me/households, the
 * assembly open for voting from /me/assemblies. Real data in every table, so lists, filters and
 * exports have rows of several compounds and communities to leak.
 */

export interface Orderer {
  label: string;
  client: HttpClient;
  householdId: string;
  communityId: string;
  categoryIds: string[];
}

export interface Voter {
  label: string;
  client: HttpClient;
  assemblyId: string;
  voter: string;
  /** Motions only: yes / no / abstain. */
  matterIds: string[];
}

export interface Cast {
  logins: DemoLogin[];
  password: string;
  /** Community staff of the community with the open assembly (桂湖社区). */
  staff: HttpClient;
  communityId: string;
  orderers: Orderer[];
  voters: Voter[];
}

let logins: DemoLogin[] | undefined;

/** The demo's logins, as `seed-demo` makes them (the list does not depend on the key or the clock). */
export function demoLogins(): DemoLogin[] {
  logins ??= buildDemo({
    id: newId,
    now: Date.now(),
    vault: createVault(randomBytes(32)),
    passwordHash: '',
  }).logins;
  return logins;
}

/** Officers above the compounds neither order nor vote in the demo; the suite acts as community staff instead. */
const notInCast = new Set(['platformAdmin', 'streetAdmin', 'communityAdmin', 'property']);

export async function login(base: string, phone: string): Promise<HttpClient> {
  return new HttpClient(base).login(phone, demoPassword);
}

interface Page<T> {
  items: T[];
}

export async function findCast(base: string): Promise<Cast> {
  const orderers: Orderer[] = [];
  const voters: Voter[] = [];
  let staff: HttpClient | undefined;
  let staffCommunity = '';
  for (const l of demoLogins().filter((x) => !notInCast.has(x.role))) {
    const client = await login(base, l.phone);
    const me = json<{ grants: { role: string; communityId: string | null }[] }>(
      await client.get('/api/v1/auth/me'),
    );
    if (l.role === 'communityStaff' && !staff) {
      staff = client;
      staffCommunity = me.grants.find((g) => g.role === 'communityStaff')?.communityId ?? '';
    }
    const households = json<Page<{ household: { id: string }; community: { id: string } }>>(
      await client.get('/api/v1/me/households'),
    ).items;
    const home = households[0];
    if (home) {
      const categories = json<Page<{ id: string }>>(
        await client.get(`/api/v1/communities/${home.community.id}/order-categories?pageSize=50`),
      ).items;
      orderers.push({
        label: l.role,
        client,
        householdId: home.household.id,
        communityId: home.community.id,
        categoryIds: categories.map((c) => c.id),
      });
    }
    const assemblies = json<Page<{ id: string; status: string }>>(
      await client.get('/api/v1/me/assemblies'),
    ).items;
    for (const a of assemblies.filter((x) => x.status === 'voting')) {
      const detail = json<{
        voters: { voter: string }[];
        matters: { id: string; kind: string; withdrawnAt: number | null }[];
      }>(await client.get(`/api/v1/me/assemblies/${a.id}`));
      const matterIds = detail.matters
        .filter((m) => m.kind !== 'election' && m.withdrawnAt === null)
        .map((m) => m.id);
      for (const v of detail.voters)
        if (matterIds.length)
          voters.push({ label: l.role, client, assemblyId: a.id, voter: v.voter, matterIds });
    }
  }
  if (!staff) throw new Error('the demo has no community staff login');
  if (!orderers.length || !voters.length) throw new Error('the demo has nobody to order or to vote');
  return {
    logins: demoLogins(),
    password: demoPassword,
    staff,
    communityId: staffCommunity,
    orderers,
    voters,
  };
}
