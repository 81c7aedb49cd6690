import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode } from '../../../test/support/client';
import { openEventStream } from '../../../test/support/sse';
import { notify } from './notify';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Item {
  id: string;
  communityId: string;
  kind: string;
  params: Record<string, string | number>;
  text: string;
  link: string | null;
  createdAt: number;
  readAt: number | null;
}
interface Inbox {
  items: Item[];
  total: number;
  page: number;
  pageSize: number;
  unread: number;
}

const inbox = '/api/v1/me/notifications';
const announce = (accounts: string[], title: string, communityId = t.world.communityA) =>
  notify(t.deps, communityId, accounts, { kind: 'announcement', params: { title }, link: '/notices/1' });

describe('the inbox', () => {
  it('lists my notifications newest first, in my language, with the unread count', async () => {
    const owner = t.world.accounts.owner;
    await announce([owner], '停水通知');
    await announce([owner], '电梯检修');
    const client = await t.as('owner');
    const page = body<Inbox>(await client.get(inbox), 200);
    expect(page.items.map((n) => n.text)).toEqual(['社区通知：电梯检修', '社区通知：停水通知']);
    expect(page).toMatchObject({ total: 2, unread: 2 });
    expect(page.items[0]).toMatchObject({
      communityId: t.world.communityA,
      kind: 'announcement',
      params: { title: '电梯检修' },
      link: '/notices/1',
      readAt: null,
    });
    client.locale = 'en';
    expect(body<Inbox>(await client.get(inbox), 200).items[0]!.text).toBe('Community notice: 电梯检修');
  });

  it('pages, and filters by unread, kind and community', async () => {
    const account = t.world.accounts.branch;
    for (let i = 1; i <= 5; i++) await announce([account], `第${i}次`);
    await announce([account], '乙社区的', t.world.communityB);
    const client = await t.as('branch');
    const second = body<Inbox>(await client.get(`${inbox}?pageSize=2&page=2`), 200);
    expect(second.items.map((n) => n.params.title)).toEqual(['第4次', '第3次']);
    expect(second).toMatchObject({ total: 6, unread: 6, page: 2, pageSize: 2 });
    const fromB = body<Inbox>(await client.get(`${inbox}?communityId=${t.world.communityB}`), 200);
    expect(fromB.items.map((n) => n.params.title)).toEqual(['乙社区的']);
    expect(body<Inbox>(await client.get(`${inbox}?kind=order_assigned`), 200).total).toBe(0);
    await client.post(`${inbox}/${fromB.items[0]!.id}/read`);
    const unread = body<Inbox>(await client.get(`${inbox}?unread=true`), 200);
    expect(unread.items.map((n) => n.params.title)).not.toContain('乙社区的');
    expect(unread).toMatchObject({ total: 5, unread: 5 });
  });

  it('marks one read, then all; reading again changes nothing', async () => {
    const account = t.world.accounts.committee;
    await announce([account], '一');
    await announce([account], '二');
    await announce([account], '三');
    const client = await t.as('committee');
    const [first] = body<Inbox>(await client.get(inbox), 200).items;
    const read = body<Item>(await client.post(`${inbox}/${first!.id}/read`), 200);
    expect(read.readAt).toBeGreaterThan(0);
    const again = body<Item>(await client.post(`${inbox}/${first!.id}/read`), 200);
    expect(again.readAt).toBe(read.readAt);
    expect(body<Inbox>(await client.get(inbox), 200).unread).toBe(2);
    expect(body(await client.post(`${inbox}/read-all`), 200)).toEqual({ ok: true, updated: 2 });
    expect(body(await client.post(`${inbox}/read-all`), 200)).toEqual({ ok: true, updated: 0 });
    const after = body<Inbox>(await client.get(inbox), 200);
    expect(after.unread).toBe(0);
    expect(after.items.every((n) => n.readAt !== null)).toBe(true);
  });

  it('only the owner sees or marks their notifications', async () => {
    const {
      ids: [theirs],
    } = await announce([t.world.accounts.gridWorker], '只给网格员');
    const other = await t.as('squadLeader');
    expect(body<Inbox>(await other.get(inbox), 200).items.map((n) => n.id)).not.toContain(theirs);
    expect(errorCode(await other.post(`${inbox}/${theirs}/read`), 404)).toBe('not_found');
    // read-all of another account leaves it unread.
    await other.post(`${inbox}/read-all`);
    const owner = await t.as('gridWorker');
    const mine = body<Inbox>(await owner.get(inbox), 200);
    expect(mine.items.find((n) => n.id === theirs)?.readAt).toBeNull();
    expect(errorCode(await owner.post(`${inbox}/no-such-id/read`), 404)).toBe('not_found');
    expect(errorCode(await t.anonymous().get(inbox), 401)).toBe('unauthenticated');
  });

  it('rejects bad query values with 400', async () => {
    const client = await t.as('owner');
    expect(errorCode(await client.get(`${inbox}?pageSize=0`), 400)).toBe('validation');
    expect(errorCode(await client.get(`${inbox}?unread=maybe`), 400)).toBe('validation');
  });
});

describe('notify()', () => {
  it('tells each live account once and skips disabled and unknown ones', async () => {
    const resident = t.world.accounts.resident;
    const disabled = t.world.accounts.property;
    await t.deps.db
      .updateTable('accounts')
      .set({ disabled_at: Date.now() })
      .where('id', '=', disabled)
      .execute();
    const { ids } = await announce([resident, resident, disabled, 'no-such-account'], '一次');
    expect(ids).toHaveLength(1);
    const rows = await t.deps.db
      .selectFrom('notifications')
      .select('account_id')
      .where('id', 'in', ids)
      .execute();
    expect(rows).toEqual([{ account_id: resident }]);
  });

  it('inside a transaction: nothing is told before commit, nothing kept after a rollback', async () => {
    const account = t.world.accounts.volunteer;
    const stream = await openEventStream(await t.as('volunteer'), '/api/v1/me/events');
    const published = await t.deps.db.transaction().execute(async (trx) => {
      const n = await notify(
        t.deps,
        t.world.communityA,
        [account],
        { kind: 'announcement', params: { title: '事务内' } },
        { trx },
      );
      await expect(stream.next('notification', 300)).rejects.toThrow(/no notification/);
      return n;
    });
    await published.publish();
    const event = await stream.next('notification');
    expect(event.data).toMatchObject({ id: published.ids[0], text: '社区通知：事务内', readAt: null });
    await published.publish();
    await expect(stream.next('notification', 300)).rejects.toThrow();

    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await notify(
          t.deps,
          t.world.communityA,
          [account],
          { kind: 'announcement', params: { title: '回滚' } },
          { trx },
        );
        throw new Error('the order could not be saved');
      }),
    ).rejects.toThrow();
    const titles = body<Inbox>(await (await t.as('volunteer')).get(inbox), 200).items.map(
      (n) => n.params.title,
    );
    expect(titles).toEqual(['事务内']);
    stream.close();
  });

  it('refuses links that leave the app', async () => {
    await expect(
      notify(t.deps, t.world.communityA, [t.world.accounts.owner], {
        kind: 'announcement',
        params: { title: 'x' },
        link: '//evil.example/phish',
      }),
    ).rejects.toThrow(/inside the app/);
  });
});

describe('live', () => {
  it('a new notification reaches my open stream, in my language; marking read tells my other tabs', async () => {
    const client = await t.as('partyMember');
    client.locale = 'en';
    await t.deps.db
      .updateTable('accounts')
      .set({ locale: 'en' })
      .where('id', '=', t.world.accounts.partyMember)
      .execute();
    const stream = await openEventStream(client, '/api/v1/me/events');
    const {
      ids: [id],
    } = await announce([t.world.accounts.partyMember, t.world.accounts.owner], 'Lift repair');
    const event = await stream.next('notification');
    expect(event.topic).toBe(`account:${t.world.accounts.partyMember}`);
    expect(event.data).toMatchObject({ id, kind: 'announcement', text: 'Community notice: Lift repair' });
    await client.post(`${inbox}/${id}/read`);
    expect((await stream.next()).type).toBe('notifications.read');
    // The owner's copy was not sent down this stream.
    await expect(stream.next('notification', 300)).rejects.toThrow();
    stream.close();
  });
});
