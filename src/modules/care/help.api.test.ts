import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { errorCode } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { addResident } from '../orders/orders.testkit';
import { helpEscalationJob } from './help';
import { api, body, inbox, setUpCareWorld, type CareWorld } from './care.testkit';

let t: TestContext;
let w: CareWorld;
let A: string;
beforeAll(async () => {
  t = await startTestApp();
  w = await setUpCareWorld(t);
  A = api(t.world.communityA);
});
afterAll(() => t.close());

interface AlarmJson {
  id: string;
  state: string;
  name: string;
  recordId: string | null;
  gridId: string | null;
  raisedAt: number;
  acknowledgedByName: string | null;
  escalatedAt: number | null;
  recipients: { accountId: string; reason: string }[];
  timeline: { seq: number; kind: string; actorName: string | null; note: string | null }[];
  raisedByMe: boolean;
  alertedMe: boolean;
}

const raise = (client = w.elder.client, note?: string) =>
  client.post('/api/v1/me/help', note ? { note } : {});

describe('需要帮助', () => {
  it('reaches the paired volunteer’s open app at once, and the grid worker and her son', async () => {
    const stream = await openEventStream(w.paired.client, '/api/v1/me/events');
    const alarm = body<AlarmJson>(await raise(w.elder.client, '摔倒了'), 201);
    const event = await stream.next('notification', 2000);
    stream.close();
    expect(event.data).toMatchObject({
      kind: 'help_alarm',
      params: { name: '赵奶奶' },
      link: `/help/${alarm.id}`,
    });
    expect(alarm).toMatchObject({
      state: 'open',
      name: '赵奶奶',
      recordId: w.recordId,
      gridId: t.world.gridA,
      raisedByMe: true,
    });
    expect(alarm.recipients.map((r) => [r.accountId, r.reason])).toEqual([
      [w.paired.accountId, 'paired'],
      [t.world.accounts.gridWorker, 'grid_worker'],
      [w.son.accountId, 'family'],
    ]);
    expect(await inbox(await t.as('gridWorker'))).toContain('help_alarm');
    expect(await inbox(w.son.client)).toContain('help_alarm');
    // Not the volunteer who is not hers, not staff (yet).
    expect(await inbox(w.unpaired.client)).not.toContain('help_alarm');
    expect(await inbox(await t.as('communityStaff'))).not.toContain('help_alarm');
    expect(alarm.timeline.map((e) => [e.kind, e.note])).toEqual([['raised', '摔倒了']]);
  });

  it('a second press while it is unanswered finds the same alarm', async () => {
    const again = body<AlarmJson>(await raise(), 200);
    const mine = body<{ items: AlarmJson[] }>(await w.elder.client.get('/api/v1/me/help-alarms'), 200);
    expect(mine.items.map((a) => a.id)).toEqual([again.id]);
  });

  it('the console sees it live in the grid; a grid worker elsewhere does not', async () => {
    const grid = await t.as('gridWorker');
    const other = await t.holding('gridWorker', 'compound', t.world.compoundA2);
    const live = await openEventStream(grid, `${A}/help-alarms/events`);
    const otherLive = await openEventStream(other, `${A}/help-alarms/events`);
    const [first] = body<{ items: AlarmJson[] }>(await grid.get(`${A}/help-alarms?open=true`), 200).items;
    expect(body<{ total: number }>(await other.get(`${A}/help-alarms`), 200).total).toBe(0);
    expect((await other.get(`${A}/help-alarms/${first!.id}`)).statusCode).toBe(403);
    body(await w.son.client.post(`/api/v1/me/help-alarms/${first!.id}/ack`), 200);
    expect((await live.next('help_alarm', 2000)).data).toMatchObject({
      id: first!.id,
      event: 'acknowledged',
    });
    await expect(otherLive.next('help_alarm', 300)).rejects.toThrow();
    live.close();
    otherLive.close();
  });

  it('only those alerted acknowledge; each acknowledgement is in the timeline; she is told who is coming', async () => {
    const [alarm] = body<{ items: AlarmJson[] }>(
      await w.elder.client.get('/api/v1/me/help-alarms'),
      200,
    ).items;
    expect((await w.unpaired.client.post(`/api/v1/me/help-alarms/${alarm!.id}/ack`)).statusCode).toBe(404);
    expect((await w.unpaired.client.get(`/api/v1/me/help-alarms/${alarm!.id}`)).statusCode).toBe(404);
    // She cannot acknowledge her own call.
    expect((await w.elder.client.post(`/api/v1/me/help-alarms/${alarm!.id}/ack`)).statusCode).toBe(404);
    const acked = body<AlarmJson>(await w.paired.client.post(`/api/v1/me/help-alarms/${alarm!.id}/ack`), 200);
    // Her son was first; the volunteer's acknowledgement is added, once however often he taps.
    body(await w.paired.client.post(`/api/v1/me/help-alarms/${alarm!.id}/ack`), 200);
    const seen = body<AlarmJson>(await w.paired.client.get(`/api/v1/me/help-alarms/${alarm!.id}`), 200);
    expect(acked.state).toBe('acknowledged');
    expect(seen.acknowledgedByName).toBe('赵大儿子');
    expect(seen.timeline.map((e) => [e.kind, e.actorName])).toEqual([
      ['raised', '赵奶奶'],
      ['acknowledged', '赵大儿子'],
      ['acknowledged', '张志愿'],
    ]);
    expect((await inbox(w.elder.client)).filter((k) => k === 'help_acknowledged')).toHaveLength(1);
    // The overview shows it as open until it is resolved.
    const overview = body<{ openAlarms: number }>(
      await (await t.as('gridWorker')).get(`${A}/care/overview`),
      200,
    );
    expect(overview.openAlarms).toBe(1);
    expect((await w.paired.client.post(`/api/v1/me/help-alarms/${alarm!.id}/resolve`, {})).statusCode).toBe(
      400,
    );
    const resolved = body<AlarmJson>(
      await w.paired.client.post(`/api/v1/me/help-alarms/${alarm!.id}/resolve`, {
        note: '扶起来了，无大碍，已通知儿子',
      }),
      200,
    );
    expect(resolved.state).toBe('resolved');
    expect(resolved.timeline.at(-1)).toMatchObject({
      kind: 'resolved',
      note: '扶起来了，无大碍，已通知儿子',
    });
    expect(errorCode(await w.son.client.post(`/api/v1/me/help-alarms/${alarm!.id}/ack`), 409)).toBe(
      'help_alarm_resolved',
    );
  });

  it('two responders acknowledging at the same moment both land in the timeline; she is told once', async () => {
    const alarm = body<AlarmJson>(await raise(), 201);
    const grid = await t.as('gridWorker');
    const before = (await inbox(w.elder.client)).filter((k) => k === 'help_acknowledged').length;
    const [a, b] = await Promise.all([
      w.paired.client.post(`/api/v1/me/help-alarms/${alarm.id}/ack`),
      grid.post(`/api/v1/me/help-alarms/${alarm.id}/ack`),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const seen = body<AlarmJson>(await grid.get(`/api/v1/me/help-alarms/${alarm.id}`), 200);
    expect(seen.state).toBe('acknowledged');
    expect(seen.timeline.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(seen.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(2);
    expect((await inbox(w.elder.client)).filter((k) => k === 'help_acknowledged')).toHaveLength(before + 1);
    body(await grid.post(`/api/v1/me/help-alarms/${alarm.id}/resolve`, { note: '已上门查看' }), 200);
  });

  it('nobody acknowledges within five minutes: staff are called, once, by the job', async () => {
    const alarm = body<AlarmJson>(await raise(), 201);
    const staff = await t.as('communityStaff');
    const staffCalls = async () => (await inbox(staff)).filter((k) => k === 'help_escalated').length;
    await helpEscalationJob.run(t.deps, alarm.raisedAt + 4 * 60_000);
    expect(await staffCalls()).toBe(0);
    await Promise.all([
      helpEscalationJob.run(t.deps, alarm.raisedAt + 5 * 60_000),
      helpEscalationJob.run(t.deps, alarm.raisedAt + 5 * 60_000),
    ]);
    await helpEscalationJob.run(t.deps, alarm.raisedAt + 9 * 60_000);
    expect(await staffCalls()).toBe(1);
    const seen = body<AlarmJson>(await staff.get(`${A}/help-alarms/${alarm.id}`), 200);
    expect(seen.escalatedAt).toBe(alarm.raisedAt + 5 * 60_000);
    expect(seen.timeline.map((e) => e.kind)).toEqual(['raised', 'escalated']);
    expect(seen.recipients.filter((r) => r.reason === 'staff').map((r) => r.accountId)).toContain(
      t.world.accounts.communityStaff,
    );
    // Staff answer from the console.
    const acked = body<AlarmJson>(await staff.post(`${A}/help-alarms/${alarm.id}/ack`), 200);
    expect(acked.state).toBe('acknowledged');
    body(await staff.post(`${A}/help-alarms/${alarm.id}/resolve`, { note: '社区已上门' }), 200);
  });

  it('an acknowledged alarm is not escalated; the escalation time is the community’s setting', async () => {
    const staff = await t.as('communityStaff');
    body(await staff.patch(`${A}/care/settings`, { escalateMinutes: 2 }), 200);
    const acked = body<AlarmJson>(await raise(), 201);
    body(await w.paired.client.post(`/api/v1/me/help-alarms/${acked.id}/ack`), 200);
    await helpEscalationJob.run(t.deps, acked.raisedAt + 30 * 60_000);
    expect(body<AlarmJson>(await staff.get(`${A}/help-alarms/${acked.id}`), 200).escalatedAt).toBeNull();
    body(
      await w.paired.client.post(`/api/v1/me/help-alarms/${acked.id}/resolve`, { note: '没事，按错了' }),
      200,
    );
    const waiting = body<AlarmJson>(await raise(), 201);
    await helpEscalationJob.run(t.deps, waiting.raisedAt + 2 * 60_000);
    expect(
      body<AlarmJson>(await staff.get(`${A}/help-alarms/${waiting.id}`), 200).escalatedAt,
    ).not.toBeNull();
  });

  it('a resident with no care record still gets help: the grid worker of their building', async () => {
    const neighbour = await addResident(t, '孙大爷');
    const alarm = body<AlarmJson>(await raise(neighbour.client), 201);
    expect(alarm).toMatchObject({ recordId: null, name: '孙大爷', gridId: t.world.gridA });
    expect(alarm.recipients.map((r) => [r.accountId, r.reason])).toEqual([
      [t.world.accounts.gridWorker, 'grid_worker'],
    ]);
  });

  it('a resident of a grid with no grid worker reaches staff at once', async () => {
    const far = await addResident(t, '周阿姨', w.roomA2);
    const alarm = body<AlarmJson>(await raise(far.client), 201);
    expect(alarm.escalatedAt).not.toBeNull();
    expect(alarm.recipients.every((r) => r.reason === 'staff')).toBe(true);
    expect(alarm.recipients.map((r) => r.accountId)).toContain(t.world.accounts.communityStaff);
  });

  it('someone with no home here is told to join a household or phone', async () => {
    expect(errorCode(await raise(await t.as('nobody')), 403)).toBe('care_help_no_home');
    expect((await w.elder.client.post('/api/v1/me/help', { note: 'x'.repeat(201) })).statusCode).toBe(400);
  });
});
