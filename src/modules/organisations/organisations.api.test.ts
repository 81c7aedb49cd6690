import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { addPerson, api, body } from './organisations.testkit';

let t: TestContext;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ours =
  /\/(grids|party-orgs|party-tree|owner-committees|property-companies|property-contracts|cobuild-units|squads|positions)\b/;

describe('organisation routes', () => {
  it('answer odd input, unknown ids and real ids alike with a 4xx a person can read, never a 500', async () => {
    const staff = await t.as('communityStaff');
    const A = api(t.world.communityA);
    const made = async (url: string, payload: object) =>
      body<{ id: string }>(await staff.post(`${A}${url}`, payload), 201).id;
    const company = await made('/property-companies', { name: '某物业' });
    const known: Record<string, string> = {
      gridId: t.world.gridA,
      squadId: t.world.squadA,
      buildingId: t.world.buildingA1,
      personId: await addPerson(t, '某人', 'party_member'),
      orgId: await made('/party-orgs', { kind: 'committee', name: '党委' }),
      committeeId: await made('/owner-committees', { compoundId: t.world.compoundA1, termNo: 1 }),
      contractId: await made('/property-contracts', {
        compoundId: t.world.compoundA1,
        companyId: company,
        startsOn: '2024-01-01',
      }),
      unitId: await made('/cobuild-units', { name: '某单位', kind: 'other' }),
    };
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1') && ours.test(r.url));
    expect(routes.length).toBeGreaterThan(40);
    const bodies = [
      {},
      { name: 7, personId: 5, compoundId: [], gridId: {}, status: 'x', position: null, since: 'yesterday' },
      {
        name: '  ',
        kind: 'branch',
        type: 'care',
        personId: 'x',
        position: 'member',
        compoundId: 'x',
        termNo: 1,
      },
      { until: '2000-01-01', endsOn: '2000-01-01', termEnd: '2000-01-01', status: 'ended' },
    ];
    for (const ids of [{}, known] as Record<string, string>[])
      for (const r of routes) {
        const url = r.url
          .replace(':communityId', t.world.communityA)
          .replace(/:(\w+)/g, (_, name: string) => ids[name] ?? `unknown-${name}`);
        for (const payload of r.method === 'GET' ? [undefined] : bodies) {
          const res = await staff.request(r.method, url, payload);
          expect(res.statusCode, `${r.method} ${url} ${JSON.stringify(payload)}: ${res.body}`).toBeLessThan(
            500,
          );
          if (res.statusCode >= 400) expect(res.json().error.message).toEqual(expect.any(String));
        }
      }
  });
});
