import { describe, expect, it } from 'vitest';
import { normalizeIdNumber, normalizePhone } from '../../core/personal';
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
    const text = demoReport({ logins: demo.logins, counts: { rooms: 1564, people: 3460 }, ms: 1234 });
    expect(text).toContain('1,564 rooms');
    expect(text).toContain('1.2 s');
    for (const login of demo.logins) expect(text).toContain(login.phone);
    expect(text).toContain('gongzhi2026');
  });
});
