import { describe, expect, it } from 'vitest';
import { normalizeIdNumber, normalizePhone } from '../../core/personal';
import {
  defaultAutoCloseDays,
  defaultOpenCap,
  openForMember,
  orderStates,
  transition,
  type OrderSnapshot,
} from '../orders/rules';
import { recordedOf } from '../orders/store';
import { genders, personFlags, politicalStatuses, residencyKinds } from '../people/vocabulary';
import { areaSources, roomUses } from '../structure/rooms';
import { buildDemo, type DemoEnv } from './data';
import { Rng, fakeIdNumber, fullName } from './random';
import { demoReport, displayWidth, loginTable } from './report';

/** A see-through vault and counting ids, so two builds can be compared field by field. */
function env(): DemoEnv {
  let n = 0;
  return {
    id: () => `id-${n++}`,
    now: 1_795_000_000_000,
    vault: { seal: (plain) => `sealed:${plain}`, lookupHash: (plain) => `hash:${plain}` },
    passwordHash: 'scrypt$…',
  };
}

const demo = buildDemo(env());
const opened = (sealed: string | null) => sealed?.replace(/^sealed:/, '') ?? null;

describe('the demo data', () => {
  it('is the same town on every run', () => {
    expect(buildDemo(env())).toEqual(demo);
  });

  it('gives everyone a Chinese name and a plausible birth year', () => {
    const people = demo.rows.people!;
    for (const p of people) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      expect(p.birth_year).toBeGreaterThanOrEqual(1930);
      expect(p.birth_year).toBeLessThanOrEqual(2025);
    }
    // Many people, and few share a name, as in a real compound.
    expect(new Set(people.map((p) => p.name)).size / people.length).toBeGreaterThan(0.7);
  });

  it('uses only numbers in the fake ranges, and ID numbers with a valid check digit that match the person', () => {
    const people = demo.rows.people!;
    const phones = people.map((p) => opened(p.phone_sealed)).filter((p) => p !== null);
    for (const phone of phones) {
      expect(normalizePhone(phone)).toBe(phone);
      expect(phone).toMatch(/^(1380000|1990000)\d{4}$/);
    }
    for (const p of people.filter((p) => p.id_number_sealed)) {
      const id = opened(p.id_number_sealed)!;
      expect(normalizeIdNumber(id)).toBe(id);
      expect(id.slice(6, 10)).toBe(String(p.birth_year));
      expect(Number(id[16]) % 2).toBe(p.gender === 'male' ? 1 : 0);
    }
    const idNumbers = people.map((p) => p.id_number_hash).filter((h) => h !== null);
    expect(new Set(idNumbers).size).toBe(idNumbers.length);
  });

  it('speaks the vocabularies the people and structure routes answer with', () => {
    const known = (values: readonly string[]) => new Set(values);
    for (const p of demo.rows.people!) {
      const flags = JSON.parse(p.flags) as (typeof personFlags)[number][];
      expect(flags).toEqual(personFlags.filter((f) => flags.includes(f))); // known, canonical order, once
      if (flags.includes('elderly_80')) expect(p.birth_year).toBeLessThanOrEqual(1946);
      expect(known(politicalStatuses).has(p.political_status)).toBe(true);
      expect(known(genders).has(p.gender!)).toBe(true);
    }
    for (const r of demo.rows.residencies!) expect(known(residencyKinds).has(r.kind)).toBe(true);
    for (const r of demo.rows.rooms!) {
      expect(known(roomUses).has(r.use)).toBe(true);
      expect(known(areaSources).has(r.area_source)).toBe(true);
    }
  });

  it('keeps every area in whole hundredths of m², homes between 45 and 140 m²', () => {
    for (const room of demo.rows.rooms!) {
      expect(Number.isInteger(room.area_centi)).toBe(true);
      if (room.use === 'residence') {
        expect(room.area_centi).toBeGreaterThanOrEqual(4500);
        expect(room.area_centi).toBeLessThanOrEqual(14000);
      }
    }
    expect(new Set(demo.rows.rooms!.map((r) => r.area_source))).toEqual(new Set(['register', 'survey']));
  });
});

describe('the random helpers', () => {
  it('draw the same sequence from the same seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect(Array.from({ length: 5 }, () => fullName(a, 'female', 1950))).toEqual(
      Array.from({ length: 5 }, () => fullName(b, 'female', 1950)),
    );
  });

  it('make ID numbers that pass the check digit for every birth year and sex', () => {
    const rng = new Rng(1);
    for (let year = 1930; year <= 2008; year++)
      for (const gender of ['male', 'female'] as const) {
        const id = fakeIdNumber(rng, year, gender);
        expect(normalizeIdNumber(id)).toBe(id);
      }
  });
});

describe('the print-out', () => {
  it('counts Chinese characters as two columns', () => {
    expect(displayWidth('网格长')).toBe(6);
    expect(displayWidth('湘江街道（演示）')).toBe(16);
    expect(displayWidth('owner')).toBe(5);
  });

  it('lines up the columns of the login table however wide the Chinese text is', () => {
    const lines = loginTable(demo.logins)
      .split('\n')
      .filter((l) => !l.includes('↳'));
    const phoneColumn = (line: string) => displayWidth(line.slice(0, line.search(/1380000\d{4}|phone/)));
    const columns = new Set(lines.filter((l) => /1380000|phone/.test(l)).map(phoneColumn));
    expect(columns.size).toBe(1);
  });

  it('lists every login with its password and the figures of the load', () => {
    const text = demoReport({
      logins: demo.logins,
      counts: { rooms: 1564, people: 3460, orders: 402 },
      ms: 1234,
      guide: demo.guide,
    });
    expect(text).toContain('1,564 rooms');
    expect(text).toContain('402 service orders');
    expect(text).toContain('1.2 s');
    for (const login of demo.logins) expect(text).toContain(login.phone);
    expect(text).toContain('gongzhi2026');
  });

  it('says where the orders and the assemblies are and which login sees what', () => {
    const text = demoReport({ logins: demo.logins, counts: {}, ms: 1, guide: demo.guide });
    const phone = (role: string) => demo.logins.find((l) => l.role === role)!.phone;
    const line = (needle: string) => text.split('\n').find((l) => l.includes(needle)) ?? '';
    expect(line('派单台')).toContain(`${demo.guide.orders.total} orders`);
    expect(line('我的任务')).toContain(phone('volunteer'));
    expect(line('我的订单')).toContain(phone('resident'));
    expect(line("care team's board")).toContain(phone('partyMember'));
    expect(line("(owners' assembly)")).toContain(phone('owner'));
    expect(line('Console 控制台')).toContain(phone('communityStaff'));
    expect(line('第5项')).toContain('passed 通过');
    expect(line('第6项')).toContain('not passed 未通过');
  });
});

describe('the orders history', () => {
  const orders = demo.rows.orders!;
  const events = demo.rows.order_events!;
  const timelines = new Map<string, typeof events>();
  for (const e of events) timelines.set(e.order_id, [...(timelines.get(e.order_id) ?? []), e]);

  it('has a few hundred orders over three months, their events in time order', () => {
    expect(orders.length).toBeGreaterThan(300);
    expect(orders.length).toBeLessThan(600);
    const span = Math.max(...orders.map((o) => o.created_at)) - Math.min(...orders.map((o) => o.created_at));
    expect(span / 86_400_000).toBeGreaterThan(80);
    for (const o of orders) {
      const at = timelines.get(o.id)!.map((e) => e.at);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(at[0]).toBe(o.created_at);
      expect(Math.max(...at)).toBeLessThan(env().now);
    }
  });

  it('never has a member hold more open orders than the cap', () => {
    const held = new Map<string, [number, number][]>();
    for (const o of orders) {
      const timeline = timelines.get(o.id)!;
      let order: OrderSnapshot | null = null;
      timeline.forEach((e, i) => {
        const step = transition(order, recordedOf(e).event);
        if (!step.ok) throw new Error(step.error);
        order = step.next;
        const until = timeline[i + 1]?.at ?? Infinity;
        if (order.assigneeId && openForMember.includes(order.state))
          held.set(order.assigneeId, [...(held.get(order.assigneeId) ?? []), [e.at, until]]);
      });
    }
    for (const [person, spans] of held)
      for (const [from] of spans)
        expect(spans.filter(([a, b]) => a <= from && from < b).length, person).toBeLessThanOrEqual(
          defaultOpenCap,
        );
  });

  it('closes unconfirmed orders only after the days allowed, and leaves recent ones waiting for the resident', () => {
    for (const o of orders.filter((o) => o.state === 'auto_closed'))
      expect(o.closed_at! - o.resolved_at!).toBeGreaterThanOrEqual(defaultAutoCloseDays * 86_400_000);
    for (const o of orders.filter((o) => o.state === 'resolved'))
      expect(env().now - o.resolved_at!).toBeLessThan(defaultAutoCloseDays * 86_400_000);
    const resolved = orders.filter((o) => o.resolved_at !== null);
    expect(resolved.every((o) => o.minutes_spent > 0)).toBe(true);
  });

  it('is taken by members of the squad it was sent to, who use the app; the logins of 志愿者 and 党员 among them', () => {
    const members = demo.rows.squad_members!;
    const people = new Map(demo.rows.people!.map((p) => [p.id, p]));
    for (const e of events.filter((e) => e.actor_role === 'member')) {
      const person = people.get(e.actor_person_id!)!;
      expect(person.account_id).toBe(e.actor_account_id);
      expect(members.some((m) => m.person_id === person.id)).toBe(true);
    }
    for (const role of ['volunteer', 'partyMember']) {
      const login = demo.logins.find((l) => l.role === role)!;
      const person = demo.rows.people!.find((p) => p.name === login.name && p.account_id)!;
      const skills = members.filter((m) => m.person_id === person.id).map((m) => JSON.parse(m.skills!));
      expect(skills.flat().length, role).toBeGreaterThan(0);
      expect(orders.some((o) => o.assignee_person_id === person.id)).toBe(true);
    }
  });
});

describe('a load at any hour', () => {
  it('still gives every login something to see, and the same results', () => {
    for (const hour of ['02:30', '11:15', '21:45']) {
      const { guide, rows } = buildDemo({ ...env(), now: Date.parse(`2026-11-20T${hour}:00+08:00`) });
      expect(guide.volunteer.board * guide.volunteer.tasks, hour).toBeGreaterThan(0);
      expect(guide.partyMember.board * guide.partyMember.tasks, hour).toBeGreaterThan(0);
      expect(guide.resident.awaitingRating, hour).toBeGreaterThan(0);
      expect(guide.assemblies.pendingSheets, hour).toBeGreaterThan(0);
      expect(
        guide.assemblies.results.map((r) => r.passed),
        hour,
      ).toEqual([true, false]);
      expect(new Set(rows.orders!.map((o) => o.state)), hour).toEqual(new Set(orderStates));
    }
  });
});

describe('the accounts', () => {
  it('act only after they joined: no order step or ballot before its account was made', () => {
    const joined = new Map(demo.rows.accounts!.map((a) => [a.id, a.created_at]));
    const acts = [
      ...demo.rows.order_events!.map((e) => [e.actor_account_id, e.at] as const),
      ...[demo.assemblies.published, demo.assemblies.open].flatMap((a) =>
        a.ballots.flatMap((b) => [
          [b.castBy, b.at] as const,
          ...(b.paper ? [[b.paper.enteredBy, b.paper.enteredAt] as const] : []),
        ]),
      ),
    ];
    for (const [account, at] of acts) if (account) expect(joined.get(account)!).toBeLessThan(at);
  });
});

describe("the owners' assemblies plan", () => {
  const { published, open } = demo.assemblies;

  it('puts each matter under the right item of art. 278, ordinary or special', () => {
    expect(published.matters.map((m) => [m.item, m.kind])).toEqual([
      [5, 'ordinary'], // 使用维修资金
      [6, 'special'], // 筹集维修资金
    ]);
    expect(open.matters.map((m) => [m.item, m.kind])).toEqual([
      [2, 'ordinary'], // 管理规约
      [8, 'special'], // 改变共有部分用途
    ]);
  });

  it('has paper sheets entered by one person and checked by another, before the deadline', () => {
    for (const a of [published, open])
      for (const b of a.ballots.filter((b) => b.paper)) {
        const sheet = b.paper!;
        expect(sheet.enteredAt).toBeGreaterThanOrEqual(a.openedAt);
        if (sheet.decidedAt === null) continue;
        expect(sheet.decidedBy).not.toBe(sheet.enteredBy);
        expect(sheet.decidedAt).toBeGreaterThan(sheet.enteredAt);
        expect(sheet.decidedAt).toBeLessThan(a.row.voting_ends_at);
      }
  });

  it('leaves the owner login a vote to cast in the open assembly', () => {
    const owner = demo.logins.find((l) => l.role === 'owner')!;
    const person = demo.rows.people!.find((p) => p.name === owner.name && p.account_id)!;
    expect(open.ballots.some((b) => b.voter === person.id)).toBe(false);
    expect(published.ballots.some((b) => b.voter === person.id)).toBe(true);
  });
});
