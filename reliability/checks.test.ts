import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { placeOf, pngBomb } from './abuse';
import { leaksInternals } from './fuzz';
import { summarise } from './report';

describe('leaksInternals', () => {
  it('spots stack frames, source positions, module and server paths', () => {
    expect(leaksInternals('Error: boom\n    at handler (/srv/app/x.ts:10:5)', [])).toBe('stack trace');
    expect(leaksInternals('{"message":"failed in node_modules/pg/lib/client.js"}', [])).toBe('module path');
    expect(leaksInternals('{"message":"x.ts:12:3"}', [])).toBe('source position');
    expect(leaksInternals('{"message":"cannot open /tmp/gongzhi-x/files/a"}', ['/tmp/gongzhi-x'])).toBe(
      'server path /tmp/gongzhi-x',
    );
  });

  it('lets ordinary answers through, addresses and times included', () => {
    for (const text of [
      '{"error":{"code":"validation","message":"提交的内容有误：page 数字超出范围"}}',
      '{"items":[{"placeText":"at the gate (north side) 10:30"}],"total":1}',
      '{"description":"楼道灯不亮 at 3:15"}',
    ])
      expect(leaksInternals(text, ['/tmp/gongzhi-x']), text).toBe(null);
  });
});

describe('placeOf', () => {
  const compoundOf = new Map([
    ['room-1', 'c1'],
    ['building-2', 'c2'],
  ]);
  it('finds a row’s compound through its own id, its building, room or household, else its compoundId', () => {
    expect(placeOf({ id: 'room-1' }, compoundOf)).toBe('c1');
    expect(placeOf({ id: 'order-9', buildingId: 'building-2', compoundId: 'c2' }, compoundOf)).toBe('c2');
    expect(placeOf({ id: 'grid-1', compoundId: 'c3' }, compoundOf)).toBe('c3');
    expect(placeOf({ id: 'category-1', compoundId: null }, compoundOf)).toBe(undefined);
  });
});

describe('pngBomb', () => {
  it('is a small file that declares an enormous image', async () => {
    const bomb = pngBomb(50_000, 50_000, 16);
    expect(bomb.length).toBeLessThan(10_000);
    const meta = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 50_000, 50_000]);
  });

  it('with every row present, decodes to exactly the image it declares', async () => {
    const png = pngBomb(300, 200);
    expect((await sharp(png).metadata()).channels).toBe(1);
    const { info } = await sharp(png, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([300, 200]);
  });
});

describe('summarise', () => {
  const crash = {
    acknowledged: 10,
    found: 10,
    lost: 0,
    duplicated: 0,
    unresolved: 0,
    chainsBroken: [] as string[],
    serverErrors: 0,
  };
  const fuzz = {
    casesRun: 100,
    serverErrors: 0,
    noAnswer: 0,
    leaks: 0,
    schemaMismatches: 0,
    serverAliveAfter: true,
  };
  const base = {
    crash: { sqlite: crash },
    faults: {},
    fuzz: { sqlite: fuzz },
    abuse: {},
  } as unknown as Parameters<typeof summarise>[0];

  it('passes when nothing was lost, duplicated or answered 5xx', () => {
    expect(summarise(base)).toMatchObject({
      acknowledged: 10,
      foundAfterCrash: 10,
      fuzzCasesRun: 100,
      passed: true,
    });
  });

  it('fails on a lost write, a duplicate, a 5xx, or a broken chain', () => {
    const variants = [
      { crash: { sqlite: { ...crash, lost: 1, found: 9 } } },
      { crash: { sqlite: { ...crash, duplicated: 1 } } },
      { crash: { sqlite: { ...crash, chainsBroken: ['m1 at seq 3'] } } },
      { fuzz: { sqlite: { ...fuzz, serverErrors: 2 } } },
    ];
    for (const v of variants)
      expect(summarise({ ...base, ...v } as typeof base).passed, JSON.stringify(v)).toBe(false);
  });
});
