import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { errorCode } from '../../../test/support/client';
import { staffOfB } from '../orders/orders.testkit';
import { testPhoto, upload } from '../../../test/support/upload';
import { careContactClock } from './clock';
import { addDays, shanghaiDay } from './plans';
import { api, auditOf, body, inbox, newAccount, setUpCareWorld, type CareWorld } from './care.testkit';

let t: TestContext;
let w: CareWorld;
let A: string;
beforeAll(async () => {
  t = await startTestApp();
  w = await setUpCareWorld(t);
  A = api(t.world.communityA);
});
afterAll(() => t.close());

interface RecordJson {
  id: string;
  name: string;
  kinds: string[];
  gridId: string | null;
  volunteers: string[];
  lastContactAt: number | null;
  lastWellbeing: string | null;
  nextDueOn: string | null;
  nextDueKind: string | null;
  overdue: boolean;
  openAlarms: number;
  notes: string | null;
  contacts: { id: string; name: string; phone: string; family: boolean }[];
  pairings: { id: string; name: string; items: { kind: string; dueOn: string; overdue: boolean }[] }[];
  recentContacts: { id: string; wellbeing: string; orderId: string | null }[];
}
interface PageJson<T> {
  items: T[];
  total: number;
}

describe('who may read a care record', () => {
  it('a volunteer not paired with her reaches her record through no route, list, search or export', async () => {
    const other = w.unpaired.client;
    const before = (await auditOf(t, w.recordId)).length;
    // The console's routes need care.read, which volunteers and party members never hold.
    for (const path of [
      `${A}/care/records`,
      `${A}/care/records?q=赵`,
      `${A}/care/records/${w.recordId}`,
      `${A}/care/records/${w.recordId}/contact-logs`,
      `${A}/care/overview`,
      `${A}/care/overview?gridId=${t.world.gridA}`,
      `${A}/help-alarms`,
    ])
      expect((await other.get(path)).statusCode, path).toBe(403);
    const contact = body<RecordJson>(
      await (await t.as('communityStaff')).get(`${A}/care/records/${w.recordId}`),
      200,
    ).contacts[0]!;
    expect((await other.get(`${A}/care/records/${w.recordId}/contacts/${contact.id}/phone`)).statusCode).toBe(
      403,
    );
    expect((await other.get(`/api/v1/export?path=${A}/care/records`)).statusCode).toBe(403);
    // Their own pages hold nothing of hers, and her pairing is as unknown as a made-up one.
    expect(body<PageJson<unknown>>(await other.get('/api/v1/me/care-pairs'), 200).total).toBe(0);
    expect(body<PageJson<unknown>>(await other.get('/api/v1/me/care'), 200).total).toBe(0);
    expect((await other.get(`/api/v1/me/care-pairs/${w.pairingId}`)).statusCode).toBe(404);
    expect(
      (await other.get(`/api/v1/me/care-pairs/${w.pairingId}/contacts/${contact.id}/phone`)).statusCode,
    ).toBe(404);
    expect(
      (
        await other.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs`, {
          kind: 'call',
          wellbeing: 'good',
        })
      ).statusCode,
    ).toBe(404);
    // The staff read above is the only new entry: refused reads leave nothing to audit.
    const after = await auditOf(t, w.recordId);
    expect(after.slice(before).map((a) => a.actor_account_id)).toEqual([t.world.accounts.communityStaff]);
  });

  it('branch, committee, property, street and the plain volunteer cannot read the roster either', async () => {
    for (const role of [
      'branch',
      'committee',
      'property',
      'streetAdmin',
      'volunteer',
      'partyMember',
      'squadLeader',
    ] as const) {
      const client = await t.as(role);
      expect((await client.get(`${A}/care/records`)).statusCode, role).toBe(403);
      expect((await client.get(`${A}/care/records/${w.recordId}`)).statusCode, role).toBe(403);
      expect((await client.get(`/api/v1/export?path=${A}/care/records`)).statusCode, role).toBe(403);
    }
  });

  it('the grid worker of another grid sees none of her, even asking for her grid', async () => {
    const gridB = await t.holding('gridWorker', 'grid', w.gridB);
    expect(body<PageJson<unknown>>(await gridB.get(`${A}/care/records`), 200).total).toBe(0);
    expect(
      body<PageJson<unknown>>(await gridB.get(`${A}/care/records?gridId=${t.world.gridA}`), 200).total,
    ).toBe(0);
    expect(errorCode(await gridB.get(`${A}/care/records/${w.recordId}`), 403)).toBe('forbidden');
    expect((await gridB.get(`${A}/care/overview?gridId=${t.world.gridA}`)).statusCode).toBe(403);
    expect(body<{ total: number }>(await gridB.get(`${A}/care/overview`), 200).total).toBe(0);
    // Community B's staff: not even the gate.
    const staffB = await staffOfB(t);
    expect(
      body<PageJson<unknown>>(await staffB.get(`${api(t.world.communityB)}/care/records`), 200).total,
    ).toBe(0);
    expect((await staffB.get(`${A}/care/records`)).statusCode).toBe(403);
    expect((await staffB.get(`${api(t.world.communityB)}/care/records/${w.recordId}`)).statusCode).toBe(404);
  });

  it('every read that succeeds is in the audit log: list rows, details, the paired volunteer’s, an export', async () => {
    const grid = await t.as('gridWorker');
    const start = (await auditOf(t, w.recordId)).length;
    const list = body<PageJson<RecordJson>>(await grid.get(`${A}/care/records`), 200);
    expect(list.items.map((r) => r.name)).toEqual(['赵奶奶']);
    body(await grid.get(`${A}/care/records/${w.recordId}`), 200);
    body(await w.paired.client.get(`/api/v1/me/care-pairs`), 200);
    body(await w.paired.client.get(`/api/v1/me/care-pairs/${w.pairingId}`), 200);
    const xlsx = await grid.get(`/api/v1/export?path=${A}/care/records`);
    expect(xlsx.statusCode).toBe(200);
    const entries = (await auditOf(t, w.recordId)).slice(start);
    expect(entries.map((e) => [e.action, e.actor_account_id])).toEqual([
      ['care.list', t.world.accounts.gridWorker],
      ['care.view', t.world.accounts.gridWorker],
      ['care.list', w.paired.accountId],
      ['care.view', w.paired.accountId],
      ['care.list', t.world.accounts.gridWorker],
    ]);
  });

  it('phones are masked in the record; calling one is an audited unmasking', async () => {
    const grid = await t.as('gridWorker');
    const detail = body<RecordJson>(await grid.get(`${A}/care/records/${w.recordId}`), 200);
    expect(detail.contacts.map((c) => [c.name, c.phone, c.family])).toEqual([
      ['赵大儿子', w.son.phone.slice(0, 3) + '****' + w.son.phone.slice(-4), true],
      ['李邻居', '139****1111', false],
    ]);
    const neighbour = detail.contacts[1]!;
    expect(
      body<{ phone: string }>(
        await grid.get(`${A}/care/records/${w.recordId}/contacts/${neighbour.id}/phone`),
        200,
      ),
    ).toEqual({ phone: '13900001111' });
    const mine = body<{ phone: string }>(
      await w.paired.client.get(`/api/v1/me/care-pairs/${w.pairingId}/contacts/${neighbour.id}/phone`),
      200,
    );
    expect(mine.phone).toBe('13900001111');
    const unmasked = (await auditOf(t, w.recordId)).filter((a) => a.action === 'care.unmask');
    expect(unmasked.map((a) => a.actor_account_id)).toEqual([
      t.world.accounts.gridWorker,
      w.paired.accountId,
    ]);
  });
});

describe('the roster', () => {
  it('takes the person’s household, grid and kinds; refuses unknown kinds, people and a second record', async () => {
    const staff = await t.as('communityStaff');
    const detail = body<RecordJson>(await staff.get(`${A}/care/records/${w.recordId}`), 200);
    expect(detail).toMatchObject({
      name: '赵奶奶',
      kinds: ['living_alone', 'serious_illness'],
      gridId: t.world.gridA,
    });
    expect(detail.volunteers).toEqual(['张志愿']);
    expect(
      errorCode(
        await staff.post(`${A}/care/records`, { personId: w.elder.personId, kinds: ['living_alone'] }),
        409,
      ),
    ).toBe('care_record_exists');
    expect(
      errorCode(
        await staff.post(`${A}/care/records`, { personId: w.paired.personId, kinds: ['astronaut'] }),
        400,
      ),
    ).toBe('care_kind_unknown');
    expect(
      errorCode(await staff.post(`${A}/care/records`, { personId: 'nobody-here', kinds: ['hardship'] }), 400),
    ).toBe('bad_reference');
    expect((await staff.post(`${A}/care/records`, {})).statusCode).toBe(400);
    expect(
      errorCode(
        await staff.post(`${A}/care/records`, {
          personId: w.paired.personId,
          kinds: ['hardship'],
          contacts: [{ name: '某人', relation: '朋友', phone: '12345' }],
        }),
        400,
      ),
    ).toBe('invalid_phone');
    expect((await staff.get(`${A}/care/records/no-such-record`)).statusCode).toBe(404);
    expect(
      body<PageJson<RecordJson>>(await staff.get(`${A}/care/records?kind=living_alone`), 200).total,
    ).toBe(1);
    expect(body<PageJson<RecordJson>>(await staff.get(`${A}/care/records?kind=disabled`), 200).total).toBe(0);
  });

  it('a community’s kinds are its own to change (staff), with five minutes to escalate by default', async () => {
    const staff = await t.as('communityStaff');
    const settings = body<{ kinds: { code: string }[]; escalateMinutes: number }>(
      await staff.get(`${A}/care/settings`),
      200,
    );
    expect(settings.escalateMinutes).toBe(5);
    expect(settings.kinds.map((k) => k.code)).toContain('left_behind_minor');
    expect(
      (await (await t.as('gridWorker')).patch(`${A}/care/settings`, { escalateMinutes: 3 })).statusCode,
    ).toBe(403);
    expect((await staff.patch(`${A}/care/settings`, {})).statusCode).toBe(400);
    const changed = body<{ kinds: { code: string }[] }>(
      await staff.patch(`${A}/care/settings`, {
        kinds: [...settings.kinds, { code: 'veteran', nameZh: '优抚对象', nameEn: 'Veteran' }],
      }),
      200,
    );
    expect(changed.kinds.at(-1)?.code).toBe('veteran');
  });

  it('pairs only people with an account, once at a time', async () => {
    const staff = await t.as('communityStaff');
    expect(
      errorCode(
        await staff.post(`${A}/care/records/${w.recordId}/pairings`, { personId: w.paired.personId }),
        409,
      ),
    ).toBe('care_already_paired');
    expect(
      errorCode(
        await staff.post(`${A}/care/records/${w.recordId}/pairings`, { personId: w.elder.personId }),
        400,
      ),
    ).toBe('care_pair_self');
    expect(await inbox(w.paired.client)).toContain('care_paired');
  });
});

describe('the resident and her family', () => {
  it('she sees her own record with the phones she gave, and corrects it; her son sees it as family', async () => {
    const mine = body<PageJson<RecordJson & { relation: string }>>(
      await w.elder.client.get('/api/v1/me/care'),
      200,
    );
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ relation: 'self', notes: '耳背，敲门要大声' });
    expect(mine.items[0]!.contacts[1]!.phone).toBe('13900001111');
    const kept = mine.items[0]!.contacts;
    const corrected = body<RecordJson>(
      await w.elder.client.patch(`/api/v1/me/care/${w.recordId}`, {
        notes: '耳背，请打儿子电话',
        contacts: [
          { id: kept[0]!.id, name: '赵大儿子', relation: '儿子' },
          { name: '钱邻居', relation: '邻居', phone: '13900002222' },
        ],
      }),
      200,
    );
    expect(corrected.notes).toBe('耳背，请打儿子电话');
    expect(corrected.contacts.map((c) => [c.name, c.phone, c.family])).toEqual([
      ['赵大儿子', w.son.phone, true],
      ['钱邻居', '13900002222', false],
    ]);
    const family = body<PageJson<{ relation: string; name: string }>>(
      await w.son.client.get('/api/v1/me/care'),
      200,
    );
    expect(family.items.map((r) => [r.name, r.relation])).toEqual([['赵奶奶', 'family']]);
    // A stranger cannot correct it.
    const stranger = await newAccount(t, '路人');
    expect((await stranger.client.patch(`/api/v1/me/care/${w.recordId}`, { notes: 'x' })).statusCode).toBe(
      404,
    );
    const updates = (await auditOf(t, w.recordId)).filter((a) => a.action === 'care.update');
    expect(updates.at(-1)?.actor_account_id).toBe(w.elder.accountId);
    expect(JSON.stringify(updates)).not.toContain('13900002222');
  });
});

describe('contacts, plans and the grid worker’s page', () => {
  it('the overview shows when she was last reached, what is next and nothing overdue after a call', async () => {
    const grid = await t.as('gridWorker');
    const logged = body<{ id: string; kind: string; wellbeing: string }>(
      await w.paired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs`, {
        kind: 'call',
        wellbeing: 'so_so',
        needs: '家里灯泡坏了，够不着',
      }),
      201,
    );
    expect(logged).toMatchObject({ kind: 'call', wellbeing: 'so_so' });
    const overview = body<{ total: number; overdue: number; people: RecordJson[] }>(
      await grid.get(`${A}/care/overview?gridId=${t.world.gridA}`),
      200,
    );
    expect(overview.total).toBe(1);
    const today = shanghaiDay(Date.now());
    expect(overview.people[0]).toMatchObject({
      name: '赵奶奶',
      lastWellbeing: 'so_so',
      nextDueOn: addDays(today, 7),
      nextDueKind: 'call',
      overdue: false,
      openAlarms: 0,
    });
    expect(overview.people[0]!.lastContactAt).toBeGreaterThan(Date.now() - 60_000);
    expect(
      (await w.paired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs`, { kind: 'call' }))
        .statusCode,
    ).toBe(400);
    expect(
      errorCode(
        await w.paired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs`, {
          kind: 'call',
          wellbeing: 'good',
          contactedAt: Date.now() + 86_400_000,
        }),
        400,
      ),
    ).toBe('care_contact_time');
  });

  it('a photo of a contact is seen by those who may read the record, and nobody else', async () => {
    const photo = body<{ id: string }>(
      await upload(w.paired.client, t.world.communityA, await testPhoto(64, 48)),
      201,
    ).id;
    body(
      await w.paired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs`, {
        kind: 'visit',
        wellbeing: 'good',
        fileIds: [photo],
      }),
      201,
    );
    const file = `${A}/files/${photo}`;
    expect((await (await t.as('gridWorker')).get(file)).statusCode).toBe(200);
    expect((await w.elder.client.get(file)).statusCode).toBe(200);
    expect((await w.son.client.get(file)).statusCode).toBe(200);
    for (const other of [
      w.unpaired.client,
      await t.as('branch'),
      await t.holding('gridWorker', 'grid', w.gridB),
    ])
      expect([403, 404]).toContain((await other.get(file)).statusCode);
  });

  it('a need found becomes a service order for her household with one click, once', async () => {
    const logs = body<PageJson<{ id: string; needs: string | null }>>(
      await (await t.as('gridWorker')).get(`${A}/care/records/${w.recordId}/contact-logs`),
      200,
    );
    const log = logs.items.find((l) => l.needs)!;
    const categories = body<PageJson<{ id: string; code: string }>>(
      await w.elder.client.get(`${A}/order-categories?pageSize=50`),
      200,
    );
    const categoryId = categories.items[0]!.id;
    const made = body<{ orderId: string | null }>(
      await w.paired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs/${log.id}/order`, {
        categoryId,
      }),
      201,
    );
    expect(made.orderId).toBeTruthy();
    const order = await t.deps.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', made.orderId!)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({
      household_id: w.elder.householdId,
      requester_person_id: w.elder.personId,
      requester_account_id: w.elder.accountId,
      description: '家里灯泡坏了，够不着',
      created_by: w.paired.accountId,
    });
    // She sees it among her orders, like one she placed herself.
    const hers = body<PageJson<{ id: string }>>(await w.elder.client.get('/api/v1/me/orders'), 200);
    expect(hers.items.map((o) => o.id)).toContain(made.orderId);
    expect(
      errorCode(
        await w.paired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs/${log.id}/order`, {
          categoryId,
        }),
        409,
      ),
    ).toBe('care_already_ordered');
    expect(
      (
        await w.unpaired.client.post(`/api/v1/me/care-pairs/${w.pairingId}/contact-logs/${log.id}/order`, {
          categoryId,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a missed contact raises one alert to the grid worker; the clock is idempotent; a contact clears it', async () => {
    const staff = await t.as('communityStaff');
    const grid = await t.as('gridWorker');
    // A second person, paired ten days ago and never called.
    const neighbour = body<{ id: string }>(
      await staff.post(`${A}/care/records`, {
        personId: w.unpaired.personId,
        kinds: ['empty_nest'],
        householdId: w.elder.householdId,
      }),
      201,
    );
    const today = shanghaiDay(Date.now());
    const pairing = body<{ id: string; items: { kind: string; overdue: boolean; dueOn: string }[] }>(
      await staff.post(`${A}/care/records/${neighbour.id}/pairings`, {
        personId: w.paired.personId,
        startsOn: addDays(today, -10),
        callEveryDays: 7,
        visitEveryDays: 30,
      }),
      201,
    );
    expect(pairing.items.map((i) => [i.kind, i.overdue])).toEqual([
      ['call', true],
      ['visit', false],
    ]);
    const overdueAlerts = async () => (await inbox(grid)).filter((k) => k === 'care_call_overdue').length;
    const before = await overdueAlerts();
    await careContactClock.run(t.deps, Date.now());
    await careContactClock.run(t.deps, Date.now());
    expect(await overdueAlerts()).toBe(before + 1);
    const overview = body<{ overdue: number; people: RecordJson[] }>(
      await grid.get(`${A}/care/overview`),
      200,
    );
    expect(overview.people[0]).toMatchObject({ id: neighbour.id, overdue: true });
    // The call is made: nothing is overdue, and the clock has nothing more to say.
    const pairs = body<PageJson<{ pairingId: string; overdue: boolean }>>(
      await w.paired.client.get('/api/v1/me/care-pairs'),
      200,
    );
    expect(pairs.items.find((p) => p.pairingId === pairing.id)?.overdue).toBe(true);
    body(
      await w.paired.client.post(`/api/v1/me/care-pairs/${pairing.id}/contact-logs`, {
        kind: 'call',
        wellbeing: 'good',
      }),
      201,
    );
    await careContactClock.run(t.deps, Date.now());
    expect(await overdueAlerts()).toBe(before + 1);
    const again = body<{ overdue: number }>(await grid.get(`${A}/care/overview`), 200);
    expect(again.overdue).toBe(0);
    // A week and a day later both people's next calls are missed: one new alert for each.
    await careContactClock.run(t.deps, Date.now() + 8 * 86_400_000);
    await careContactClock.run(t.deps, Date.now() + 8 * 86_400_000);
    expect(await overdueAlerts()).toBe(before + 3);
  });

  it('closing a record ends its pairings and takes it off the overview', async () => {
    const staff = await t.as('communityStaff');
    const list = body<PageJson<RecordJson>>(await staff.get(`${A}/care/records?q=王`), 200);
    const id = list.items[0]!.id;
    expect((await staff.post(`${A}/care/records/${id}/close`, {})).statusCode).toBe(400);
    body(await staff.post(`${A}/care/records/${id}/close`, { reason: '搬去女儿家住' }), 200);
    expect(errorCode(await staff.post(`${A}/care/records/${id}/close`, { reason: '再关一次' }), 409)).toBe(
      'care_record_closed',
    );
    const overview = body<{ people: RecordJson[] }>(await staff.get(`${A}/care/overview`), 200);
    expect(overview.people.map((p) => p.id)).toEqual([w.recordId]);
    const pairs = body<PageJson<{ id: string }>>(await w.paired.client.get('/api/v1/me/care-pairs'), 200);
    expect(pairs.items.map((p) => p.id)).toEqual([w.recordId]);
  });
});

describe('bad input', () => {
  it('no care or visits route answers 500 to an empty body or an unknown id', async () => {
    const routes = t.app.routeTable.filter((r) =>
      /\/(care|help|visit|contact-assignments|contact-households)/.test(r.url),
    );
    expect(routes.length).toBeGreaterThan(30);
    const callers = [await t.as('communityStaff'), await t.as('gridWorker'), w.paired.client, w.elder.client];
    for (const r of routes)
      for (const client of callers) {
        const url = r.url
          .replace(':communityId', t.world.communityA)
          .replace(/:(\w+)/g, (_, n: string) => `missing-${n}`);
        const res = await client.request(r.method, url, r.method === 'GET' ? undefined : {});
        expect(res.statusCode, `${r.method} ${r.url}`).toBeLessThan(500);
      }
  });
});
