import fc from 'fast-check';
import type { MotionTally, TallyBallot, TallyMatter, TallyUnit } from './tally';

/**
 * Generated compounds for the tally and bundle properties: up to 12 voters owning 1–3 units each
 * (areas within what a bundle accepts), ballots in increasing seq with gaps, from owners and from a
 * non-owner ('tenant'), with choices that include invalid ones.
 */

const voterIds = Array.from({ length: 12 }, (_, i) => `v${i + 1}`);

export const choiceArb = fc.constantFrom('yes', 'yes', 'yes', 'no', 'abstain', 'maybe');

export const motionKindArb = fc.constantFrom<MotionTally['kind']>('ordinary', 'special');

export const unitsArb: fc.Arbitrary<TallyUnit[]> = fc
  .uniqueArray(fc.constantFrom(...voterIds), { minLength: 1, maxLength: 12 })
  .chain((voters) =>
    fc.tuple(
      ...voters.map((voter) =>
        fc
          .array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 3 })
          .map((areas) => areas.map((areaCenti, i) => ({ id: `${voter}-${i}`, areaCenti, voter }))),
      ),
    ),
  )
  .map((perVoter) => perVoter.flat());

const matterArb: fc.Arbitrary<TallyMatter> = fc.oneof(
  motionKindArb.map((kind) => ({ kind })),
  fc
    .integer({ min: 1, max: 3 })
    .map((seats): TallyMatter => ({ kind: 'election', seats, candidates: ['c1', 'c2', 'c3', 'c4'] })),
);

type BallotContent = Omit<TallyBallot, 'seq' | 'voter'>;

const contentArb = (matter: TallyMatter): fc.Arbitrary<BallotContent> =>
  matter.kind === 'election'
    ? fc
        .array(fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5'), { maxLength: 4 })
        .map((choices) => ({ choices }))
    : choiceArb.map((choice) => ({ choice }));

export interface Scenario {
  matter: TallyMatter;
  units: TallyUnit[];
  ballots: TallyBallot[];
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc.tuple(matterArb, unitsArb).chain(([matter, units]) =>
  fc
    .array(
      fc.tuple(fc.constantFrom(...voterIds, 'tenant'), contentArb(matter), fc.integer({ min: 1, max: 3 })),
      {
        maxLength: 30,
      },
    )
    .map((raw) => {
      let seq = 0;
      const ballots = raw.map(([voter, content, gap]): TallyBallot => {
        seq += gap;
        return { seq, voter, ...content };
      });
      return { matter, units, ballots };
    }),
);
