import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatArea, tally, toBundleResult, type TallyBallot, type TallyUnit } from './tally';
import { choiceArb, motionKindArb, scenarioArb, unitsArb } from './tally.testkit';

const ordinary = { kind: 'ordinary' } as const;
const special = { kind: 'special' } as const;
const election = (seats: number, candidates: string[]) => ({ kind: 'election', seats, candidates }) as const;

/** One unit per voter, named after the voter: `{ v1: 10000 }` is v1 owning 100.00 m². */
const owners = (areas: Record<string, number>): TallyUnit[] =>
  Object.entries(areas).map(([voter, areaCenti]) => ({ id: `unit-${voter}`, areaCenti, voter }));

/** Ballots in the order given, numbered from 1. */
const votes = (choices: Record<string, string>): TallyBallot[] =>
  Object.entries(choices).map(([voter, choice], i) => ({ seq: i + 1, voter, choice }));

/** `n` voters `prefix1`…`prefixN`, each owning one unit of `areaCenti`. */
const many = (prefix: string, n: number, areaCenti = 10000) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, areaCenti]));
const allVote = (voters: Record<string, number>, choice: string) =>
  Object.fromEntries(Object.keys(voters).map((v) => [v, choice]));

describe('quorum: owners holding ≥ 2/3 of the area and ≥ 2/3 of the heads take part', () => {
  it('is reached at exactly 2/3 of the area and exactly 2/3 of the heads', () => {
    const result = tally(ordinary, owners({ a: 10000, b: 10000, c: 10000 }), votes({ a: 'yes', b: 'yes' }));
    expect(result).toMatchObject({
      totalAreaCenti: 30000,
      totalHeads: 3,
      participatingAreaCenti: 20000,
      participatingHeads: 2,
      quorumArea: true,
      quorumHeads: true,
      quorum: true,
      passed: true,
    });
  });

  it('is missed by one hundredth of a m² short of 2/3 of the area, however many heads take part', () => {
    // 199.99 of 300.00 m², with 2 of 3 heads.
    const result = tally(ordinary, owners({ a: 10000, b: 9999, c: 10001 }), votes({ a: 'yes', b: 'yes' }));
    expect(result).toMatchObject({ quorumArea: false, quorumHeads: true, quorum: false, passed: false });
  });

  it('is missed one head short of 2/3 of the heads, however much area takes part', () => {
    // 5 of 8 heads (< 2/3) holding 500 of 503 m².
    const areas = { ...many('big', 5), ...many('small', 3, 100) };
    const result = tally(ordinary, owners(areas), votes(allVote(many('big', 5), 'yes')));
    expect(result.participatingAreaCenti * 3).toBeGreaterThan(result.totalAreaCenti * 2);
    expect(result).toMatchObject({ quorumArea: true, quorumHeads: false, quorum: false, passed: false });
  });

  it('is reached at exactly 2/3 of the heads among many (6 of 9)', () => {
    const result = tally(ordinary, owners(many('v', 9)), votes(allVote(many('v', 6), 'yes')));
    expect(result).toMatchObject({
      participatingHeads: 6,
      quorumHeads: true,
      quorumArea: true,
      passed: true,
    });
  });

  it('counts abstentions and spoilt ballots as taking part', () => {
    const result = tally(ordinary, owners(many('v', 3)), votes({ v1: 'abstain', v2: 'spoilt-by-two-ticks' }));
    expect(result).toMatchObject({
      participatingHeads: 2,
      quorum: true,
      abstainHeads: 1,
      abstainAreaCenti: 10000,
      spoiltBallots: 1,
      yesHeads: 0,
      noHeads: 0,
      passed: false,
    });
  });

  it('without a quorum nothing passes, even when everyone who voted said yes', () => {
    const result = tally(special, owners(many('v', 10)), votes(allVote(many('v', 6), 'yes')));
    expect(result).toMatchObject({ quorum: false, approvalArea: true, approvalHeads: true, passed: false });
  });
});

describe('ordinary matters: yes holds more than half of the participating area and heads', () => {
  it('fails at exactly half of the participating area (过半数 excludes the half)', () => {
    // Yes: 2 heads holding 150 m²; no: 1 head holding 150 m².
    const result = tally(
      ordinary,
      owners({ a: 7500, b: 7500, c: 15000 }),
      votes({ a: 'yes', b: 'yes', c: 'no' }),
    );
    expect(result).toMatchObject({
      yesAreaCenti: 15000,
      noAreaCenti: 15000,
      approvalArea: false,
      approvalHeads: true,
      passed: false,
    });
  });

  it('passes one hundredth of a m² over half of the participating area', () => {
    const result = tally(
      ordinary,
      owners({ a: 7500, b: 7501, c: 15000 }),
      votes({ a: 'yes', b: 'yes', c: 'no' }),
    );
    expect(result).toMatchObject({ approvalArea: true, approvalHeads: true, passed: true });
  });

  it('fails at exactly half of the participating heads', () => {
    // Yes: 2 heads with most of the area; no: 2 heads.
    const result = tally(
      ordinary,
      owners({ a: 20000, b: 20000, c: 100, d: 100 }),
      votes({ a: 'yes', b: 'yes', c: 'no', d: 'no' }),
    );
    expect(result).toMatchObject({ yesHeads: 2, noHeads: 2, approvalArea: true, approvalHeads: false });
    expect(result.passed).toBe(false);
  });

  it('passes one head over half of the participating heads', () => {
    const result = tally(
      ordinary,
      owners({ a: 20000, b: 20000, c: 20000, d: 100, e: 100 }),
      votes({ a: 'yes', b: 'yes', c: 'yes', d: 'no', e: 'no' }),
    );
    expect(result).toMatchObject({ yesHeads: 3, approvalHeads: true, passed: true });
  });

  it('measures the majority against those taking part, so abstentions and spoilt ballots weigh against', () => {
    const result = tally(
      ordinary,
      owners(many('v', 4)),
      votes({ v1: 'yes', v2: 'yes', v3: 'abstain', v4: 'YES' }),
    );
    expect(result).toMatchObject({ yesHeads: 2, participatingHeads: 4, spoiltBallots: 1, passed: false });
  });
});

describe('special matters: yes holds ≥ 3/4 of the participating area and heads', () => {
  it('passes at exactly 3/4 of the area and exactly 3/4 of the heads (以上 includes the boundary)', () => {
    const result = tally(special, owners(many('v', 4)), votes({ v1: 'yes', v2: 'yes', v3: 'yes', v4: 'no' }));
    expect(result).toMatchObject({
      yesAreaCenti: 30000,
      participatingAreaCenti: 40000,
      yesHeads: 3,
      approvalArea: true,
      approvalHeads: true,
      passed: true,
    });
  });

  it('fails one hundredth of a m² short of 3/4 of the area', () => {
    const result = tally(
      special,
      owners({ v1: 10000, v2: 10000, v3: 9999, v4: 10001 }),
      votes({ v1: 'yes', v2: 'yes', v3: 'yes', v4: 'no' }),
    );
    expect(result).toMatchObject({ approvalArea: false, approvalHeads: true, passed: false });
  });

  it('fails one head short of 3/4 of the heads (5 of 7)', () => {
    const areas = { ...many('yes', 5, 100000), ...many('no', 2, 100) };
    const result = tally(
      special,
      owners(areas),
      votes({ ...allVote(many('yes', 5), 'yes'), ...allVote(many('no', 2), 'no') }),
    );
    expect(result).toMatchObject({ approvalArea: true, approvalHeads: false, passed: false });
  });

  it('what passes an ordinary matter can fail a special one', () => {
    const units = owners(many('v', 3));
    const ballots = votes({ v1: 'yes', v2: 'yes', v3: 'no' });
    expect(tally(ordinary, units, ballots).passed).toBe(true);
    expect(tally(special, units, ballots).passed).toBe(false);
  });
});

describe('who counts, and as how many heads (DESIGN §6)', () => {
  it('a buyer of several units is one head holding all their area', () => {
    const units: TallyUnit[] = [
      { id: '1-1-101', areaCenti: 8957, voter: 'buyer' },
      { id: '1-1-102', areaCenti: 6543, voter: 'buyer' },
      { id: '1-1-201', areaCenti: 12000, voter: 'neighbour' },
    ];
    const result = tally(ordinary, units, votes({ buyer: 'yes', neighbour: 'no' }));
    expect(result).toMatchObject({
      totalHeads: 2,
      totalAreaCenti: 27500,
      yesHeads: 1,
      yesAreaCenti: 15500,
      noAreaCenti: 12000,
      participatingHeads: 2,
    });
  });

  it('the developer’s unsold units are one head, with all their area', () => {
    const units: TallyUnit[] = [
      ...['2-1-101', '2-1-102', '2-1-201', '2-1-202'].map((id) => ({
        id,
        areaCenti: 10000,
        voter: 'developer',
      })),
      ...owners(many('owner', 3)),
    ];
    const result = tally(
      ordinary,
      units,
      votes({ developer: 'no', owner1: 'yes', owner2: 'yes', owner3: 'yes' }),
    );
    // 3 of 4 heads say yes, but the developer holds 400 of 700 m²: no majority of area.
    expect(result).toMatchObject({
      totalHeads: 4,
      noHeads: 1,
      noAreaCenti: 40000,
      approvalHeads: true,
      approvalArea: false,
      passed: false,
    });
  });

  it('co-owners share one voter: a second ballot from the couple replaces the first, one head', () => {
    const units = owners({ couple: 10000, other: 10000 });
    const ballots: TallyBallot[] = [
      { seq: 1, voter: 'couple', choice: 'yes' }, // the husband online
      { seq: 2, voter: 'other', choice: 'yes' },
      { seq: 3, voter: 'couple', choice: 'no' }, // the wife on paper, later
    ];
    expect(tally(ordinary, units, ballots)).toMatchObject({
      participatingHeads: 2,
      yesHeads: 1,
      noHeads: 1,
      passed: false,
    });
  });

  it('a voter’s last ballot by seq counts, whatever order the list is in', () => {
    const units = owners(many('v', 3));
    const ballots: TallyBallot[] = [
      { seq: 7, voter: 'v1', choice: 'yes' },
      { seq: 2, voter: 'v1', choice: 'no' },
      { seq: 5, voter: 'v2', choice: 'yes' },
      { seq: 9, voter: 'v2', choice: 'abstain' },
      { seq: 3, voter: 'v3', choice: 'yes' },
    ];
    expect(tally(ordinary, units, ballots)).toMatchObject({
      yesHeads: 2,
      abstainHeads: 1,
      noHeads: 0,
      participatingHeads: 3,
      passed: true,
    });
  });

  it('rejects the ballots of a voter owning no unit: not taking part, not counted', () => {
    const units = owners(many('v', 3));
    const ballots = votes({ v1: 'yes', tenant: 'no', v2: 'no' });
    ballots.push({ seq: 4, voter: 'tenant', choice: 'yes' });
    expect(tally(ordinary, units, ballots)).toMatchObject({
      rejectedBallots: 2,
      participatingHeads: 2,
      totalHeads: 3,
      noHeads: 1,
      yesHeads: 1,
    });
  });

  it('adds areas exactly: 0.1 m² + 0.2 m² is 0.30 m²', () => {
    const result = tally(ordinary, owners({ a: 10, b: 20 }), votes({ a: 'yes', b: 'yes' }));
    expect(result.totalAreaCenti).toBe(30);
    expect(toBundleResult(result).totalArea).toBe('0.30');
  });

  it('with no ballots: no quorum, nothing passes', () => {
    expect(tally(ordinary, owners(many('v', 2)), [])).toMatchObject({
      participatingHeads: 0,
      participatingAreaCenti: 0,
      quorum: false,
      passed: false,
    });
  });
});

describe('committee elections', () => {
  const candidates = ['c1', 'c2', 'c3', 'c4'];
  const choose = (choices: Record<string, readonly string[]>): TallyBallot[] =>
    Object.entries(choices).map(([voter, chosen], i) => ({ seq: i + 1, voter, choices: chosen }));

  it('spoils a ballot naming more candidates than seats, an unknown one, or one twice; its voter takes part', () => {
    const result = tally(
      election(2, candidates),
      owners(many('v', 6)),
      choose({
        v1: ['c1', 'c2', 'c3'],
        v2: ['c1', 'nobody'],
        v3: ['c1', 'c1'],
        v4: ['c1'],
        v5: [],
      }),
    );
    expect(result).toMatchObject({ participatingHeads: 5, spoiltBallots: 3, quorum: true });
    expect(result.candidates.find((c) => c.id === 'c1')).toEqual({
      id: 'c1',
      areaCenti: 10000,
      heads: 1,
      passes: false,
    });
  });

  it('spoils a ballot with a yes/no choice instead of candidates', () => {
    const units = owners(many('v', 3));
    const result = tally(election(1, ['c1']), units, [
      { seq: 1, voter: 'v1', choice: 'yes' },
      ...choose({ v2: ['c1'], v3: ['c1'] }).map((b) => ({ ...b, seq: b.seq + 1 })),
    ]);
    expect(result).toMatchObject({ spoiltBallots: 1, elected: ['c1'], runoff: false });
  });

  it('a candidate passes with more than half of the participating area AND heads', () => {
    // c1: 2 of 3 heads but half the area; c2: 2 of 3 heads and most of the area.
    const result = tally(
      election(2, ['c1', 'c2']),
      owners({ a: 5000, b: 5000, c: 10000 }),
      choose({ a: ['c1', 'c2'], b: ['c1'], c: ['c2'] }),
    );
    expect(result.candidates).toEqual([
      { id: 'c1', areaCenti: 10000, heads: 2, passes: false },
      { id: 'c2', areaCenti: 15000, heads: 2, passes: true },
    ]);
    expect(result.elected).toEqual(['c2']);
  });

  it('fills the seats by heads first, then by area', () => {
    // All pass (more than 237.50 of 475.00 m², more than 2.5 of 5 heads). c1 has the most heads but the
    // least area; c2 and c3 tie on heads and c2 has more area.
    const units = owners({ a: 10000, b: 7500, c: 5000, d: 2500, e: 22500 });
    const result = tally(
      election(2, ['c3', 'c2', 'c1']),
      units,
      choose({ a: ['c1', 'c2'], b: ['c1', 'c2'], c: ['c1', 'c3'], d: ['c3', 'c1'], e: ['c2', 'c3'] }),
    );
    expect(result.candidates.map((c) => [c.id, c.heads, c.areaCenti, c.passes])).toEqual([
      ['c3', 3, 30000, true],
      ['c2', 3, 40000, true],
      ['c1', 4, 25000, true],
    ]);
    expect(result.elected).toEqual(['c1', 'c2']);
    expect(result.runoff).toBe(false);
  });

  it('a tie in heads and area at the last seat elects none of the tied and calls a runoff', () => {
    const units = owners(many('v', 5));
    const result = tally(
      election(2, ['c1', 'c2', 'c3']),
      units,
      choose({ v1: ['c1', 'c2'], v2: ['c1', 'c3'], v3: ['c1', 'c2'], v4: ['c1', 'c3'], v5: ['c2', 'c3'] }),
    );
    expect(result.candidates.map((c) => [c.id, c.heads, c.passes])).toEqual([
      ['c1', 4, true],
      ['c2', 3, true],
      ['c3', 3, true],
    ]);
    expect(result).toMatchObject({ elected: ['c1'], runoff: true });
  });

  it('a tie within the seats elects both', () => {
    const result = tally(
      election(2, ['c1', 'c2', 'c3']),
      owners(many('v', 3)),
      choose({ v1: ['c1', 'c2'], v2: ['c1', 'c2'], v3: ['c3'] }),
    );
    expect(result).toMatchObject({ elected: ['c1', 'c2'], runoff: false });
  });

  it('leaves seats empty when fewer candidates pass than there are seats', () => {
    const result = tally(
      election(3, ['c1', 'c2', 'c3']),
      owners(many('v', 3)),
      choose({ v1: ['c1', 'c2'], v2: ['c1'], v3: ['c3'] }),
    );
    expect(result).toMatchObject({ elected: ['c1'], runoff: false });
  });

  it('without a quorum no candidate passes and no one is elected', () => {
    const result = tally(election(1, ['c1']), owners(many('v', 4)), choose({ v1: ['c1'], v2: ['c1'] }));
    expect(result).toMatchObject({ quorum: false, elected: [], runoff: false });
    expect(result.candidates).toEqual([{ id: 'c1', areaCenti: 20000, heads: 2, passes: false }]);
  });

  it('refuses an election without seats', () => {
    expect(() => tally({ kind: 'election', candidates: ['c1'] }, owners(many('v', 1)), [])).toThrow(
      RangeError,
    );
  });
});

describe('the result as the bundle prints it', () => {
  it('formats areas with exactly two decimals', () => {
    expect([0, 5, 10, 8957, 123456789].map(formatArea)).toEqual([
      '0.00',
      '0.05',
      '0.10',
      '89.57',
      '1234567.89',
    ]);
  });

  it('prints an ordinary matter with the figures DESIGN §6 names', () => {
    const result = tally(
      ordinary,
      owners({ a: 8957, b: 10000, c: 12043 }),
      votes({ a: 'yes', b: 'no', c: 'yes', x: 'yes' }),
    );
    expect(toBundleResult(result)).toEqual({
      kind: 'ordinary',
      totalArea: '310.00',
      totalHeads: 3,
      participatingArea: '310.00',
      participatingHeads: 3,
      quorum: true,
      yesArea: '210.00',
      yesHeads: 2,
      noArea: '100.00',
      noHeads: 1,
      passed: true,
      rejectedBallots: 1,
      spoiltBallots: 0,
      abstainArea: '0.00',
      abstainHeads: 0,
      quorumArea: true,
      quorumHeads: true,
      approvalArea: true,
      approvalHeads: true,
    });
  });

  it('prints an election with its candidates, the elected and the runoff flag', () => {
    const result = tally(election(1, ['c1', 'c2']), owners({ a: 8957, b: 10000 }), [
      { seq: 1, voter: 'a', choices: ['c1'] },
      { seq: 2, voter: 'b', choices: ['c1'] },
    ]);
    expect(toBundleResult(result)).toEqual({
      kind: 'election',
      totalArea: '189.57',
      totalHeads: 2,
      participatingArea: '189.57',
      participatingHeads: 2,
      quorum: true,
      seats: 1,
      candidates: [
        { id: 'c1', area: '189.57', heads: 2, passes: true },
        { id: 'c2', area: '0.00', heads: 0, passes: false },
      ],
      elected: ['c1'],
      runoff: false,
      rejectedBallots: 0,
      spoiltBallots: 0,
      quorumArea: true,
      quorumHeads: true,
    });
  });
});

describe('properties', () => {
  it('the result does not depend on how distinct voters’ ballots interleave', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.array(fc.integer(), { minLength: s.ballots.length, maxLength: s.ballots.length }),
          ),
        ),
        ([{ matter, units, ballots }, keys]) => {
          // New order by random keys; each voter's own ballots keep their order, seqs renumbered.
          const positions = ballots.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
          const queues = new Map<string, TallyBallot[]>();
          for (const b of ballots) queues.set(b.voter, [...(queues.get(b.voter) ?? []), b]);
          const reordered = positions.map((i, seq) => ({
            ...queues.get(ballots[i]!.voter)!.shift()!,
            seq: seq + 1,
          }));
          expect(tally(matter, units, reordered)).toEqual(tally(matter, units, ballots));
        },
      ),
    );
  });

  it('a yes ballot, from a new voter or one changing their mind, never turns a pass into a fail', () => {
    const passedArb = fc.tuple(motionKindArb, unitsArb).chain(([kind, units]) => {
      const voters = [...new Set(units.map((u) => u.voter))];
      return fc.record({
        kind: fc.constant(kind),
        units: fc.constant(units),
        raw: fc.array(fc.tuple(fc.constantFrom(...voters, 'tenant'), choiceArb), { maxLength: 24 }),
        yesVoter: fc.constantFrom(...voters),
      });
    });
    let checked = 0;
    fc.assert(
      fc.property(passedArb, ({ kind, units, raw, yesVoter }) => {
        const ballots = raw.map(([voter, choice], i): TallyBallot => ({ seq: i + 1, voter, choice }));
        fc.pre(tally({ kind }, units, ballots).passed);
        checked += 1;
        const yes = { seq: ballots.length + 1, voter: yesVoter, choice: 'yes' };
        expect(tally({ kind }, units, [...ballots, yes]).passed).toBe(true);
      }),
    );
    expect(checked).toBeGreaterThan(20);
  });

  it('figures stay consistent: parts add up and never exceed the totals', () => {
    fc.assert(
      fc.property(scenarioArb, ({ matter, units, ballots }) => {
        const result = tally(matter, units, ballots);
        expect(result.participatingAreaCenti).toBeLessThanOrEqual(result.totalAreaCenti);
        expect(result.participatingHeads).toBeLessThanOrEqual(result.totalHeads);
        const owns = new Set(units.map((u) => u.voter));
        expect(result.rejectedBallots).toBe(ballots.filter((b) => !owns.has(b.voter)).length);
        if (result.kind === 'election') {
          expect(result.elected.length).toBeLessThanOrEqual(result.seats);
          if (!result.quorum) expect(result.elected).toEqual([]);
        } else {
          expect(result.yesHeads + result.noHeads + result.abstainHeads + result.spoiltBallots).toBe(
            result.participatingHeads,
          );
          expect(result.yesAreaCenti + result.noAreaCenti + result.abstainAreaCenti).toBeLessThanOrEqual(
            result.participatingAreaCenti,
          );
        }
      }),
    );
  });
});
