import type { ElectionTally, MotionTally, TallyResult } from './tally';

/**
 * The tally in words and shares people read (结果公示: "参与表决面积占比 68.2% ≥ 2/3 ✓"), and the live
 * turnout per building that tells canvassers where to knock. Pure; the booleans always come from
 * tally's exact arithmetic, the percentages are only for reading (rounded down to 0.1%).
 */

/** part / whole as a percentage with one decimal, rounded down so a share never reads above its truth. */
export function share(part: number, whole: number): string {
  if (whole <= 0) return '0.0%';
  const permille = Math.floor((part * 1000) / whole);
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}

export const checkKeys = ['quorum_area', 'quorum_heads', 'approval_area', 'approval_heads'] as const;
export type CheckKey = (typeof checkKeys)[number];

/** One threshold of the Civil Code, met or not: a line of the results notice. */
export interface Check {
  key: CheckKey;
  met: boolean;
  share: string;
  threshold: '2/3' | '1/2' | '3/4';
  /** How the share compares with the threshold, in the sign people expect: ≥ / > when met, < / ≤ when not. */
  relation: '≥' | '>' | '<' | '≤';
  /** ✓ or ✗: the outcome never rests on colour alone. */
  mark: '✓' | '✗';
}

function check(
  key: CheckKey,
  met: boolean,
  part: number,
  whole: number,
  threshold: Check['threshold'],
): Check {
  // "过半数" (more than half) is strict; "三分之二以上" and "四分之三以上" include the boundary.
  const strict = threshold === '1/2';
  const relation = met ? (strict ? '>' : '≥') : strict ? '≤' : '<';
  return { key, met, share: share(part, whole), threshold, relation, mark: met ? '✓' : '✗' };
}

/** The quorum lines, for every kind of matter. */
export function quorumChecks(t: TallyResult): Check[] {
  return [
    check('quorum_area', t.quorumArea, t.participatingAreaCenti, t.totalAreaCenti, '2/3'),
    check('quorum_heads', t.quorumHeads, t.participatingHeads, t.totalHeads, '2/3'),
  ];
}

/** The four lines of an ordinary or special matter: two for the quorum, two for approval. */
export function motionChecks(t: MotionTally): Check[] {
  const threshold = t.kind === 'special' ? '3/4' : '1/2';
  return [
    ...quorumChecks(t),
    check('approval_area', t.approvalArea, t.yesAreaCenti, t.participatingAreaCenti, threshold),
    check('approval_heads', t.approvalHeads, t.yesHeads, t.participatingHeads, threshold),
  ];
}

/** A candidate's support against the ordinary majority of those taking part. */
export function candidateChecks(t: ElectionTally, candidate: ElectionTally['candidates'][number]): Check[] {
  return [
    check(
      'approval_area',
      t.quorum && candidate.areaCenti * 2 > t.participatingAreaCenti,
      candidate.areaCenti,
      t.participatingAreaCenti,
      '1/2',
    ),
    check(
      'approval_heads',
      t.quorum && candidate.heads * 2 > t.participatingHeads,
      candidate.heads,
      t.participatingHeads,
      '1/2',
    ),
  ];
}

/** The outcome of a matter in one word (a message code suffix). */
export type Outcome = 'passed' | 'rejected' | 'no_quorum' | 'elected' | 'runoff';

export function outcome(t: TallyResult): Outcome {
  if (!t.quorum) return 'no_quorum';
  if (t.kind === 'election') return t.runoff ? 'runoff' : 'elected';
  return t.passed ? 'passed' : 'rejected';
}

/** The least whole amount x with x / whole ≥ 2/3: what participation must reach for a quorum. */
export const quorumNeeded = (whole: number) => Math.ceil((2 * whole) / 3);

/**
 * The least yes amount that approves, given `participating`: more than half for ordinary matters
 * and for each candidate, at least three quarters for special ones.
 */
export function approvalNeeded(kind: TallyResult['kind'], participating: number): number {
  return kind === 'special' ? Math.ceil((3 * participating) / 4) : Math.floor(participating / 2) + 1;
}

export interface TurnoutRoom {
  buildingId: string;
  areaCenti: number;
  voter: string;
}

export interface BuildingTurnout {
  buildingId: string;
  rooms: number;
  roomsTakingPart: number;
  areaCenti: number;
  participatingAreaCenti: number;
  /** Voters with a room in the building; one owning rooms in two buildings counts in each. */
  heads: number;
  participatingHeads: number;
}

/** Participation per building: which rooms' voters have cast a ballot on the matter. */
export function turnoutByBuilding(
  rooms: readonly TurnoutRoom[],
  taking: ReadonlySet<string>,
): BuildingTurnout[] {
  const byBuilding = new Map<string, BuildingTurnout & { voters: Set<string>; active: Set<string> }>();
  for (const room of rooms) {
    let b = byBuilding.get(room.buildingId);
    if (!b)
      byBuilding.set(
        room.buildingId,
        (b = {
          buildingId: room.buildingId,
          rooms: 0,
          roomsTakingPart: 0,
          areaCenti: 0,
          participatingAreaCenti: 0,
          heads: 0,
          participatingHeads: 0,
          voters: new Set(),
          active: new Set(),
        }),
      );
    b.rooms += 1;
    b.areaCenti += room.areaCenti;
    b.voters.add(room.voter);
    if (taking.has(room.voter)) {
      b.roomsTakingPart += 1;
      b.participatingAreaCenti += room.areaCenti;
      b.active.add(room.voter);
    }
  }
  return [...byBuilding.values()].map(({ voters, active, ...b }) => ({
    ...b,
    heads: voters.size,
    participatingHeads: active.size,
  }));
}
