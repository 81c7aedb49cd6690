import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BundleError,
  ChainError,
  buildBundle,
  bundleFormat,
  parseBundle,
  recount,
  type BundleDocument,
} from './bundle';
import { verifyChain } from './chain';
import { tally, toBundleResult } from './tally';
import { scenarioArb } from './tally.testkit';

/** A bundle's text from a plain object, as someone editing the file by hand would write it. */
const text = (value: unknown) => JSON.stringify(value);

const example = {
  format: bundleFormat,
  matter: { id: 'm1', title: '安装停车道闸', kind: 'ordinary' },
  units: [
    { id: '1-2-301', area: 89.57, voter: 'v17' },
    { id: '1-2-302', area: 0.1, voter: 'v18' },
    { id: '1-2-303', area: 0.2, voter: 'v18' },
  ],
  ballots: [
    { seq: 1, voter: 'v17', choice: 'yes' },
    { seq: 2, voter: 'v18', choice: 'no' },
  ],
};

/** The example with one part replaced: `patch({ units: [] })`. */
const patch = (changes: Record<string, unknown>) => text({ ...example, ...changes });
const patchMatter = (changes: Record<string, unknown>) =>
  patch({ matter: { ...example.matter, ...changes } });
const unitWith = (changes: Record<string, unknown>) =>
  patch({ units: [{ ...example.units[0], ...changes }, ...example.units.slice(1)] });
const ballotWith = (changes: Record<string, unknown>) =>
  patch({ ballots: [{ ...example.ballots[0], ...changes }, ...example.ballots.slice(1)] });
const electionMatter = {
  id: 'm2',
  title: '选举业主委员会',
  kind: 'election',
  seats: 1,
  candidates: ['c1', 'c2'],
};

const problem = (source: string) => {
  try {
    parseBundle(source);
  } catch (err) {
    if (!(err instanceof BundleError)) throw err;
    return err.message;
  }
  throw new Error('parsed without complaint');
};

describe('parseBundle', () => {
  it('reads areas from their decimal text into exact hundredths', () => {
    const bundle = parseBundle(text(example));
    expect(bundle.units).toEqual([
      { id: '1-2-301', areaCenti: 8957, voter: 'v17' },
      { id: '1-2-302', areaCenti: 10, voter: 'v18' },
      { id: '1-2-303', areaCenti: 20, voter: 'v18' },
    ]);
    expect(bundle.matter).toEqual({ id: 'm1', title: '安装停车道闸', kind: 'ordinary' });
    expect(recount(bundle)).toMatchObject({ totalArea: '89.87', noArea: '0.30', totalHeads: 2 });
  });

  it('accepts a byte-order mark, extra fields, trailing zeros and a zero area', () => {
    const source = `\uFEFF${text({ ...example, exportedAt: '2026-05-01', units: [...example.units, { id: 'x', area: 0, voter: 'v19', building: '1' }] })}`;
    expect(parseBundle(source).units.at(-1)).toEqual({ id: 'x', areaCenti: 0, voter: 'v19' });
    expect(parseBundle(unitWith({ area: 120 })).units[0]!.areaCenti).toBe(12000);
    expect(
      parseBundle(
        '{"format":"gongzhi-ballot-bundle/1","matter":{"id":"m","kind":"special"},"units":[{"id":"u","area":89.50,"voter":"v"}],"ballots":[]}',
      ).units[0]!.areaCenti,
    ).toBe(8950);
  });

  it.each([
    ['not JSON', 'votes: yes', /^not JSON: /],
    ['an empty file', '', /^not JSON: /],
    ['JSON over several lines gone wrong', '{\n  "format":\n}', /^not JSON: /],
    ['a list instead of a bundle', '[]', /^not a ballot bundle: expected a JSON object/],
    ['no format tag', text({ ...example, format: undefined }), /^format is missing/],
    [
      'another format',
      patch({ format: 'gongzhi-ballot-bundle/2' }),
      /^unknown format "gongzhi-ballot-bundle\/2"/,
    ],
    ['no matter', patch({ matter: undefined }), /^bundle\.matter is missing$/],
    ['a matter without id', patchMatter({ id: undefined }), /^matter\.id is missing$/],
    ['a matter without kind', patchMatter({ kind: undefined }), /^matter\.kind is missing$/],
    [
      'an unknown kind',
      patchMatter({ kind: 'urgent' }),
      /^matter\.kind must be one of ordinary, special, election; got "urgent"/,
    ],
    ['a title that is not text', patchMatter({ title: 7 }), /^matter\.title must be a string/],
    [
      'an election without seats',
      patchMatter({ ...electionMatter, seats: undefined }),
      /^matter\.seats is missing$/,
    ],
    [
      'an election with no seats',
      patchMatter({ ...electionMatter, seats: 0 }),
      /^matter\.seats must be a whole number ≥ 1, got 0/,
    ],
    [
      'an election without candidates',
      patchMatter({ ...electionMatter, candidates: undefined }),
      /^matter\.candidates is missing$/,
    ],
    [
      'an election with no candidates',
      patchMatter({ ...electionMatter, candidates: [] }),
      /^matter\.candidates is empty$/,
    ],
    [
      'a candidate named twice',
      patchMatter({ ...electionMatter, candidates: ['c1', 'c1'] }),
      /^matter\.candidates names "c1" twice$/,
    ],
    ['no units', patch({ units: undefined }), /^bundle\.units is missing$/],
    ['units that are not a list', patch({ units: {} }), /^bundle\.units must be a list/],
    ['an empty electorate', patch({ units: [] }), /^units is empty$/],
    ['a unit without area', unitWith({ area: undefined }), /^units\[0\]\.area is missing$/],
    ['a negative area', unitWith({ area: -89.57 }), /^units\[0\]\.area is negative \(-89\.57\)$/],
    [
      'three decimals',
      unitWith({ area: 89.575 }),
      /^units\[0\]\.area has more than two decimals \(89\.575\)$/,
    ],
    [
      'a float sum that drifted',
      unitWith({ area: 0.1 + 0.2 }),
      /^units\[0\]\.area has more than two decimals/,
    ],
    [
      'an area as text',
      unitWith({ area: '89.57' }),
      /^units\[0\]\.area must be a number of m², got "89\.57"/,
    ],
    ['an absurd area', unitWith({ area: 1e9 }), /^units\[0\]\.area is not a plausible area/],
    [
      'an area too large for a number',
      unitWith({ area: 0 }).replace('"area":0', '"area":1e400'),
      /^units\[0\]\.area is not a plausible area/,
    ],
    ['a unit without voter', unitWith({ voter: undefined }), /^units\[0\]\.voter is missing$/],
    [
      'a unit id used twice',
      unitWith({ id: '1-2-303' }),
      /^units\[2\]\.id "1-2-303" is already units\[0\]\.id$/,
    ],
    ['no ballots', patch({ ballots: undefined }), /^bundle\.ballots is missing$/],
    ['a ballot that is not an object', patch({ ballots: ['yes'] }), /^ballots\[0\] must be an object/],
    ['a ballot without seq', ballotWith({ seq: undefined }), /^ballots\[0\]\.seq is missing$/],
    ['a fractional seq', ballotWith({ seq: 1.5 }), /^ballots\[0\]\.seq must be a whole number/],
    ['a ballot without voter', ballotWith({ voter: undefined }), /^ballots\[0\]\.voter is missing$/],
    [
      'ballots out of seq order',
      ballotWith({ seq: 3 }),
      /^ballots are not in seq order: ballots\[1\] has seq 2 after seq 3$/,
    ],
    [
      'a seq used twice',
      ballotWith({ seq: 2 }),
      /^ballots are not in seq order: ballots\[1\] has seq 2 after seq 2$/,
    ],
  ])('refuses %s, naming it on one line', (_, source, message) => {
    const said = problem(source);
    expect(said).toMatch(message);
    expect(said).not.toMatch(/\n/);
  });

  it('keeps a ballot with a choice of the wrong type: it is spoilt when counted, not a broken file', () => {
    const bundle = parseBundle(
      patch({
        ballots: [
          { seq: 1, voter: 'v17', choice: null },
          { seq: 2, voter: 'v18', choice: 1 },
        ],
      }),
    );
    expect(recount(bundle)).toMatchObject({ participatingHeads: 2, spoiltBallots: 2, passed: false });
    const election = parseBundle(
      patch({
        matter: electionMatter,
        ballots: [
          { seq: 1, voter: 'v17', choices: 'c1' },
          { seq: 2, voter: 'v18', choices: ['c1', 2] },
        ],
      }),
    );
    expect(recount(election)).toMatchObject({ participatingHeads: 2, spoiltBallots: 2, elected: [] });
  });
});

describe('recount', () => {
  const units = [
    { id: '1-1-101', areaCenti: 8957, voter: 'v1' },
    { id: '1-1-102', areaCenti: 10000, voter: 'developer' },
    { id: '1-1-201', areaCenti: 10043, voter: 'developer' },
  ];
  const ballots = [
    { seq: 4, voter: 'developer', choice: 'no' },
    { seq: 1, voter: 'v1', choice: 'yes' },
    { seq: 2, voter: 'developer', choice: 'yes' },
    { seq: 3, voter: 'v9', choice: 'yes' },
  ];
  const matter = { id: 'm1', title: '续聘物业', kind: 'ordinary' } as const;

  it('builds a bundle the file format describes: areas in m², ballots in seq order with chained hashes', () => {
    const bundle = buildBundle(matter, units, ballots);
    expect(JSON.parse(JSON.stringify(bundle))).toEqual({
      format: 'gongzhi-ballot-bundle/1',
      matter: { id: 'm1', title: '续聘物业', kind: 'ordinary' },
      units: [
        { id: '1-1-101', area: 89.57, voter: 'v1' },
        { id: '1-1-102', area: 100, voter: 'developer' },
        { id: '1-1-201', area: 100.43, voter: 'developer' },
      ],
      ballots: [1, 2, 3, 4].map((seq) =>
        expect.objectContaining({ seq, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      ),
    });
    expect(verifyChain(bundle.ballots)).toEqual({ ok: true, head: bundle.ballots[3]!.hash });
  });

  it('gives back the server’s count from the exported file', () => {
    const bundle = parseBundle(JSON.stringify(buildBundle(matter, units, ballots)));
    expect(recount(bundle)).toEqual(toBundleResult(tally(matter, units, ballots)));
    expect(recount(bundle)).toMatchObject({ noHeads: 1, yesHeads: 1, rejectedBallots: 1, passed: false });
  });

  it('names the matter in every ballot, so the same vote on two matters gets two receipts', () => {
    const vote = [{ seq: 1, voter: 'v1', choice: 'yes' }];
    const first = buildBundle({ id: 'm1', kind: 'ordinary' }, units, vote);
    const second = buildBundle({ id: 'm2', kind: 'ordinary' }, units, vote);
    expect(first.ballots[0]).toMatchObject({ matter: 'm1' });
    expect(first.ballots[0]!.hash).not.toBe(second.ballots[0]!.hash);
    expect(recount(parseBundle(JSON.stringify(second)))).toEqual(recount(parseBundle(JSON.stringify(first))));
  });

  it('writes an election’s seats and candidates, and a blank ballot without a choice', () => {
    const election = { id: 'm2', kind: 'election', seats: 1, candidates: ['c1'] } as const;
    const bundle = buildBundle(election, units, [
      { seq: 1, voter: 'v1', choices: ['c1'] },
      { seq: 2, voter: 'developer' },
    ]);
    expect(bundle.matter).toEqual({ id: 'm2', kind: 'election', seats: 1, candidates: ['c1'] });
    expect(Object.keys(bundle.ballots[1]!).sort()).toEqual(['hash', 'matter', 'seq', 'voter']);
    expect(recount(parseBundle(JSON.stringify(bundle)))).toMatchObject({
      spoiltBallots: 1,
      participatingHeads: 2,
      elected: [],
    });
  });

  it('names the seq where a changed ballot breaks the chain', () => {
    const document = buildBundle(matter, units, ballots);
    document.ballots[2]!.voter = 'v1';
    expect(() => recount(parseBundle(JSON.stringify(document)))).toThrow(
      expect.objectContaining({ name: 'ChainError', seq: 3 }),
    );
  });

  it('counts a bundle without hashes, but not one with some hashes taken away', () => {
    const document = buildBundle(matter, units, ballots);
    const bare = document.ballots.map(({ hash: _, ...ballot }) => ballot);
    expect(recount(parseBundle(text({ ...document, ballots: bare })))).toEqual(
      toBundleResult(tally(matter, units, ballots)),
    );
    const partly = [...document.ballots.slice(0, 2), ...bare.slice(2)];
    expect(() => recount(parseBundle(text({ ...document, ballots: partly })))).toThrow(ChainError);
  });
});

const bundleArb = scenarioArb.map((s) => ({
  ...s,
  matter: { id: 'm1', title: '事项', ...s.matter },
}));

describe('properties', () => {
  it('recount(parse(serialise(export(x)))) equals the server’s tally of x', () => {
    fc.assert(
      fc.property(bundleArb, ({ matter, units, ballots }) => {
        const exported = JSON.stringify(buildBundle(matter, units, [...ballots].reverse()));
        expect(recount(parseBundle(exported))).toEqual(toBundleResult(tally(matter, units, ballots)));
      }),
    );
  });

  type Tamper = (ballot: BundleDocument['ballots'][number]) => void;
  const tampers: Record<string, Tamper> = {
    voter: (b) => void (b.voter = `${b.voter}x`),
    choice: (b) =>
      b.choices
        ? void (b.choices = [...b.choices, 'c1'])
        : void (b.choice = b.choice === 'yes' ? 'no' : 'yes'),
    hash: (b) => void (b.hash = `${b.hash.slice(0, -1)}${b.hash.endsWith('0') ? '1' : '0'}`),
    'added field': (b) => void Object.assign(b, { channel: 'paper' }),
    'removed field': (b) => void (b.choices ? delete b.choices : delete b.choice),
  };

  it('tampering with any one field of any one ballot breaks the chain at that seq', () => {
    fc.assert(
      fc.property(
        bundleArb.filter((s) => s.ballots.length > 0),
        fc.nat(),
        fc.constantFrom(...Object.keys(tampers)),
        ({ matter, units, ballots }, pick, how) => {
          const document = buildBundle(matter, units, ballots);
          const target = document.ballots[pick % document.ballots.length]!;
          tampers[how]!(target);
          const bundle = parseBundle(JSON.stringify(document));
          expect(() => recount(bundle)).toThrow(expect.objectContaining({ seq: target.seq }));
        },
      ),
    );
  });

  it('a changed seq breaks the chain at the changed ballot', () => {
    fc.assert(
      fc.property(
        bundleArb.filter((s) => s.ballots.length > 0),
        fc.nat(),
        ({ matter, units, ballots }, pick) => {
          const document = buildBundle(matter, units, ballots);
          const target = document.ballots[pick % document.ballots.length]!;
          target.seq += 1000;
          expect(verifyChain(document.ballots)).toEqual({ ok: false, seq: target.seq });
        },
      ),
    );
  });
});
