import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  approvalNeeded,
  candidateChecks,
  motionChecks,
  outcome,
  quorumNeeded,
  share,
  turnoutByBuilding,
} from './figures';
import { tally } from './tally';

const units = (areas: number[]) => areas.map((areaCenti, i) => ({ id: `u${i}`, areaCenti, voter: `v${i}` }));

describe('shares', () => {
  it('one decimal, rounded down so 2/3 reads 66.6%, never 66.7%', () => {
    expect(share(2, 3)).toBe('66.6%');
    expect(share(682, 1000)).toBe('68.2%');
    expect(share(1, 1)).toBe('100.0%');
    expect(share(0, 7)).toBe('0.0%');
    expect(share(0, 0)).toBe('0.0%');
  });
});

describe('checks', () => {
  it('an ordinary matter at exactly 2/3 participation and exactly half yes: quorum ✓, approval ✗ (过半数 is strict)', () => {
    const result = tally({ kind: 'ordinary' }, units([100, 100, 100]), [
      { seq: 1, voter: 'v0', choice: 'yes' },
      { seq: 2, voter: 'v1', choice: 'no' },
    ]);
    expect(motionChecks(result)).toEqual([
      { key: 'quorum_area', met: true, share: '66.6%', threshold: '2/3', relation: '≥', mark: '✓' },
      { key: 'quorum_heads', met: true, share: '66.6%', threshold: '2/3', relation: '≥', mark: '✓' },
      { key: 'approval_area', met: false, share: '50.0%', threshold: '1/2', relation: '≤', mark: '✗' },
      { key: 'approval_heads', met: false, share: '50.0%', threshold: '1/2', relation: '≤', mark: '✗' },
    ]);
    expect(outcome(result)).toBe('rejected');
  });

  it('a special matter at exactly 3/4 yes passes; the signs say ≥', () => {
    const result = tally({ kind: 'special' }, units([100, 100, 100, 100]), [
      { seq: 1, voter: 'v0', choice: 'yes' },
      { seq: 2, voter: 'v1', choice: 'yes' },
      { seq: 3, voter: 'v2', choice: 'yes' },
      { seq: 4, voter: 'v3', choice: 'no' },
    ]);
    const checks = motionChecks(result);
    expect(checks.map((c) => [c.key, c.relation, c.threshold, c.mark])).toEqual([
      ['quorum_area', '≥', '2/3', '✓'],
      ['quorum_heads', '≥', '2/3', '✓'],
      ['approval_area', '≥', '3/4', '✓'],
      ['approval_heads', '≥', '3/4', '✓'],
    ]);
    expect(outcome(result)).toBe('passed');
  });

  it('without a quorum the outcome says so, whatever the yes votes', () => {
    const result = tally({ kind: 'ordinary' }, units([100, 100, 100]), [
      { seq: 1, voter: 'v0', choice: 'yes' },
    ]);
    expect(motionChecks(result)[0]).toMatchObject({ met: false, relation: '<', mark: '✗' });
    expect(outcome(result)).toBe('no_quorum');
  });

  it('a candidate’s lines agree with tally’s passes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.subarray(['c1', 'c2', 'c3']), { maxLength: 8 }),
        (areas, picks) => {
          const result = tally(
            { kind: 'election', seats: 1, candidates: ['c1', 'c2', 'c3'] },
            units(areas),
            picks.slice(0, areas.length).map((choices, i) => ({ seq: i + 1, voter: `v${i}`, choices })),
          );
          for (const c of result.candidates) {
            const [area, heads] = candidateChecks(result, c);
            expect(area!.met && heads!.met).toBe(c.passes);
          }
        },
      ),
    );
  });

  it('election outcomes: elected, or runoff on a tie at the last seat', () => {
    const tie = tally(
      { kind: 'election', seats: 2, candidates: ['c1', 'c2', 'c3'] },
      units([100, 100, 100]),
      [
        { seq: 1, voter: 'v0', choices: ['c1', 'c2'] },
        { seq: 2, voter: 'v1', choices: ['c1', 'c3'] },
        { seq: 3, voter: 'v2', choices: ['c2', 'c3'] },
      ],
    );
    expect(outcome(tie)).toBe('runoff');
    const clear = tally({ kind: 'election', seats: 1, candidates: ['c1', 'c2'] }, units([100, 100]), [
      { seq: 1, voter: 'v0', choices: ['c1'] },
      { seq: 2, voter: 'v1', choices: ['c1'] },
    ]);
    expect(outcome(clear)).toBe('elected');
  });
});

describe('what is still needed', () => {
  it('the quorum amount is the least x with x/whole ≥ 2/3', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (whole) => {
        const x = quorumNeeded(whole);
        expect(3 * x >= 2 * whole).toBe(true);
        expect(x === 0 || 3 * (x - 1) < 2 * whole).toBe(true);
      }),
    );
  });

  it('the approval amount is the least yes that tally approves', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ordinary' as const, 'special' as const),
        fc.integer({ min: 1, max: 60 }),
        (kind, n) => {
          const x = approvalNeeded(kind, n);
          const approved = (yes: number) =>
            tally(
              { kind },
              units(Array(n).fill(100)),
              Array.from({ length: n }, (_, i) => ({
                seq: i + 1,
                voter: `v${i}`,
                choice: i < yes ? 'yes' : 'no',
              })),
            ).approvalHeads;
          expect(approved(x)).toBe(true);
          expect(approved(x - 1)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('turnout per building', () => {
  it('counts rooms, area and heads per building; a voter with rooms in two buildings is a head in each', () => {
    const rows = turnoutByBuilding(
      [
        { buildingId: 'b1', areaCenti: 100, voter: 'v1' },
        { buildingId: 'b1', areaCenti: 200, voter: 'v2' },
        { buildingId: 'b1', areaCenti: 300, voter: 'v2' },
        { buildingId: 'b2', areaCenti: 400, voter: 'v2' },
        { buildingId: 'b2', areaCenti: 500, voter: 'v3' },
      ],
      new Set(['v2']),
    );
    expect(rows).toEqual([
      {
        buildingId: 'b1',
        rooms: 3,
        roomsTakingPart: 2,
        areaCenti: 600,
        participatingAreaCenti: 500,
        heads: 2,
        participatingHeads: 1,
      },
      {
        buildingId: 'b2',
        rooms: 2,
        roomsTakingPart: 1,
        areaCenti: 900,
        participatingAreaCenti: 400,
        heads: 2,
        participatingHeads: 1,
      },
    ]);
  });
});
