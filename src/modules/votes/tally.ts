import { formatArea } from '../structure/area';

/**
 * Counting an owners' assembly vote by PRC Civil Code art. 278 (DESIGN §6). Pure and exact: areas are
 * integer hundredths of m² and every threshold is a cross-multiplication, so "exactly 2/3" is a quorum
 * and "exactly half" is not a majority (art. 1259: 以上 includes the boundary, 过半数 does not).
 * The server and `gongzhi recount` both count with this one function.
 */

export { formatArea };

/** Ordinary matters (art. 278 items 1–5, 9), special matters (items 6–8), committee elections. */
export const matterKinds = ['ordinary', 'special', 'election'] as const;
export type MatterKind = (typeof matterKinds)[number];

export interface TallyUnit {
  id: string;
  /** Registered exclusive area (专有部分面积) in hundredths of m². */
  areaCenti: number;
  /** Who votes for the unit: co-owners share one; a multi-unit buyer or the developer is one for all. */
  voter: string;
}

export interface TallyBallot {
  seq: number;
  voter: string;
  /** 'yes' | 'no' | 'abstain' for ordinary and special matters; anything else spoils the ballot. */
  choice?: string;
  /** Candidate ids, for an election. */
  choices?: readonly string[];
}

export interface TallyMatter {
  kind: MatterKind;
  /** Seats to fill, for an election. */
  seats?: number;
  /** Candidate ids, for an election. */
  candidates?: readonly string[];
}

interface TallyCommon {
  totalAreaCenti: number;
  /** Distinct voters (人数). */
  totalHeads: number;
  participatingAreaCenti: number;
  participatingHeads: number;
  /** Participating area ≥ 2/3 of the total area. */
  quorumArea: boolean;
  /** Participating heads ≥ 2/3 of the total heads. */
  quorumHeads: boolean;
  quorum: boolean;
  /** Ballots from voters owning no unit: not counted at all. */
  rejectedBallots: number;
  /** Counted ballots that support nothing (an invalid choice): their voters still take part. */
  spoiltBallots: number;
}

export interface MotionTally extends TallyCommon {
  kind: 'ordinary' | 'special';
  yesAreaCenti: number;
  yesHeads: number;
  noAreaCenti: number;
  noHeads: number;
  abstainAreaCenti: number;
  abstainHeads: number;
  /** Yes area > 1/2 (ordinary) or ≥ 3/4 (special) of the participating area. */
  approvalArea: boolean;
  /** Yes heads > 1/2 (ordinary) or ≥ 3/4 (special) of the participating heads. */
  approvalHeads: boolean;
  passed: boolean;
}

export interface CandidateTally {
  id: string;
  areaCenti: number;
  heads: number;
  /** Supporters hold more than half of the participating area and heads, with a quorum. */
  passes: boolean;
}

export interface ElectionTally extends TallyCommon {
  kind: 'election';
  seats: number;
  /** In the matter's candidate order. */
  candidates: CandidateTally[];
  /** In rank order: heads, then area. */
  elected: string[];
  /** A tie at the last seat left it undecided: the tied candidates go to a runoff. */
  runoff: boolean;
}

export type TallyResult = MotionTally | ElectionTally;

/** part / whole ≥ num / den, exactly. */
const atLeast = (part: number, whole: number, num: number, den: number) => part * den >= whole * num;
/** part / whole > num / den, exactly. */
const moreThan = (part: number, whole: number, num: number, den: number) => part * den > whole * num;

const approves: Record<MotionTally['kind'], (yes: number, participating: number) => boolean> = {
  ordinary: (yes, participating) => moreThan(yes, participating, 1, 2),
  special: (yes, participating) => atLeast(yes, participating, 3, 4),
};

export function tally(
  matter: TallyMatter & { kind: 'election' },
  units: readonly TallyUnit[],
  ballots: readonly TallyBallot[],
): ElectionTally;
export function tally(
  matter: TallyMatter & { kind: 'ordinary' | 'special' },
  units: readonly TallyUnit[],
  ballots: readonly TallyBallot[],
): MotionTally;
export function tally(
  matter: TallyMatter,
  units: readonly TallyUnit[],
  ballots: readonly TallyBallot[],
): TallyResult;
export function tally(
  matter: TallyMatter,
  units: readonly TallyUnit[],
  ballots: readonly TallyBallot[],
): TallyResult {
  const areaByVoter = new Map<string, number>();
  let totalAreaCenti = 0;
  for (const unit of units) {
    totalAreaCenti += unit.areaCenti;
    areaByVoter.set(unit.voter, (areaByVoter.get(unit.voter) ?? 0) + unit.areaCenti);
  }

  // A voter's last ballot counts; on equal seq, the later one in the list.
  const lastBallot = new Map<string, TallyBallot>();
  let rejectedBallots = 0;
  for (const ballot of ballots) {
    if (!areaByVoter.has(ballot.voter)) {
      rejectedBallots += 1;
      continue;
    }
    const previous = lastBallot.get(ballot.voter);
    if (!previous || ballot.seq >= previous.seq) lastBallot.set(ballot.voter, ballot);
  }
  const counted = [...lastBallot.values()].map((ballot) => ({
    ballot,
    areaCenti: areaByVoter.get(ballot.voter) ?? 0,
  }));

  const participatingAreaCenti = counted.reduce((sum, c) => sum + c.areaCenti, 0);
  const participatingHeads = counted.length;
  const quorumArea = atLeast(participatingAreaCenti, totalAreaCenti, 2, 3);
  const quorumHeads = atLeast(participatingHeads, areaByVoter.size, 2, 3);
  const common = {
    totalAreaCenti,
    totalHeads: areaByVoter.size,
    participatingAreaCenti,
    participatingHeads,
    quorumArea,
    quorumHeads,
    quorum: quorumArea && quorumHeads,
    rejectedBallots,
  };
  return matter.kind === 'election'
    ? countElection(matter, counted, common)
    : countMotion(matter.kind, counted, common);
}

type Counted = { ballot: TallyBallot; areaCenti: number }[];
type Common = Omit<TallyCommon, 'spoiltBallots'>;

function countMotion(kind: MotionTally['kind'], counted: Counted, common: Common): MotionTally {
  const sides = { yes: { area: 0, heads: 0 }, no: { area: 0, heads: 0 }, abstain: { area: 0, heads: 0 } };
  let spoiltBallots = 0;
  for (const { ballot, areaCenti } of counted) {
    const side =
      ballot.choice === 'yes' || ballot.choice === 'no' || ballot.choice === 'abstain'
        ? sides[ballot.choice]
        : undefined;
    if (!side) {
      spoiltBallots += 1;
      continue;
    }
    side.area += areaCenti;
    side.heads += 1;
  }
  const approvalArea = approves[kind](sides.yes.area, common.participatingAreaCenti);
  const approvalHeads = approves[kind](sides.yes.heads, common.participatingHeads);
  return {
    kind,
    ...common,
    spoiltBallots,
    yesAreaCenti: sides.yes.area,
    yesHeads: sides.yes.heads,
    noAreaCenti: sides.no.area,
    noHeads: sides.no.heads,
    abstainAreaCenti: sides.abstain.area,
    abstainHeads: sides.abstain.heads,
    approvalArea,
    approvalHeads,
    passed: common.quorum && approvalArea && approvalHeads,
  };
}

function countElection(matter: TallyMatter, counted: Counted, common: Common): ElectionTally {
  const seats = matter.seats;
  if (seats === undefined || !Number.isSafeInteger(seats) || seats < 1)
    throw new RangeError(`an election needs a whole number of seats, got ${seats}`);
  const support = new Map((matter.candidates ?? []).map((id) => [id, { area: 0, heads: 0 }]));
  let spoiltBallots = 0;
  for (const { ballot, areaCenti } of counted) {
    const choices = ballot.choices;
    // More names than seats, an unknown candidate or one named twice spoils the whole ballot.
    const valid =
      Array.isArray(choices) &&
      choices.length <= seats &&
      new Set(choices).size === choices.length &&
      choices.every((id) => support.has(id));
    if (!valid) {
      spoiltBallots += 1;
      continue;
    }
    for (const id of choices) {
      const s = support.get(id)!;
      s.area += areaCenti;
      s.heads += 1;
    }
  }
  const candidates = [...support].map(([id, s]): CandidateTally => ({
    id,
    areaCenti: s.area,
    heads: s.heads,
    passes:
      common.quorum &&
      moreThan(s.area, common.participatingAreaCenti, 1, 2) &&
      moreThan(s.heads, common.participatingHeads, 1, 2),
  }));
  const ranked = candidates
    .filter((c) => c.passes)
    .sort((a, b) => b.heads - a.heads || b.areaCenti - a.areaCenti);
  const lastSeat = ranked[seats - 1];
  const firstLoser = ranked[seats];
  const sameRank = (a: CandidateTally, b: CandidateTally) =>
    a.heads === b.heads && a.areaCenti === b.areaCenti;
  const runoff = !!lastSeat && !!firstLoser && sameRank(lastSeat, firstLoser);
  const elected = ranked
    .slice(0, seats)
    .filter((c) => !runoff || !sameRank(c, lastSeat!))
    .map((c) => c.id);
  return { kind: 'election', ...common, spoiltBallots, seats, candidates, elected, runoff };
}

interface ResultCommon {
  kind: MatterKind;
  totalArea: string;
  totalHeads: number;
  participatingArea: string;
  participatingHeads: number;
  quorum: boolean;
  quorumArea: boolean;
  quorumHeads: boolean;
  rejectedBallots: number;
  spoiltBallots: number;
}

/** The result as `gongzhi-ballot-bundle/1` prints it (DESIGN §6): areas as strings with two decimals. */
export interface MotionResult extends ResultCommon {
  kind: 'ordinary' | 'special';
  yesArea: string;
  yesHeads: number;
  noArea: string;
  noHeads: number;
  abstainArea: string;
  abstainHeads: number;
  approvalArea: boolean;
  approvalHeads: boolean;
  passed: boolean;
}

export interface ElectionResult extends ResultCommon {
  kind: 'election';
  seats: number;
  candidates: { id: string; area: string; heads: number; passes: boolean }[];
  elected: string[];
  runoff: boolean;
}

export type BundleResult = MotionResult | ElectionResult;

export function toBundleResult(result: ElectionTally): ElectionResult;
export function toBundleResult(result: MotionTally): MotionResult;
export function toBundleResult(result: TallyResult): BundleResult;
export function toBundleResult(result: TallyResult): BundleResult {
  const common = {
    totalArea: formatArea(result.totalAreaCenti),
    totalHeads: result.totalHeads,
    participatingArea: formatArea(result.participatingAreaCenti),
    participatingHeads: result.participatingHeads,
    quorum: result.quorum,
  };
  const ballots = { rejectedBallots: result.rejectedBallots, spoiltBallots: result.spoiltBallots };
  const thresholds = { quorumArea: result.quorumArea, quorumHeads: result.quorumHeads };
  if (result.kind === 'election')
    return {
      kind: result.kind,
      ...common,
      seats: result.seats,
      candidates: result.candidates.map((c) => ({
        id: c.id,
        area: formatArea(c.areaCenti),
        heads: c.heads,
        passes: c.passes,
      })),
      elected: result.elected,
      runoff: result.runoff,
      ...ballots,
      ...thresholds,
    };
  return {
    kind: result.kind,
    ...common,
    yesArea: formatArea(result.yesAreaCenti),
    yesHeads: result.yesHeads,
    noArea: formatArea(result.noAreaCenti),
    noHeads: result.noHeads,
    passed: result.passed,
    ...ballots,
    abstainArea: formatArea(result.abstainAreaCenti),
    abstainHeads: result.abstainHeads,
    ...thresholds,
    approvalArea: result.approvalArea,
    approvalHeads: result.approvalHeads,
  };
}
