/**
 * What owners may decide (Civil Code art. 278 para. 1, items 1–9) and how each is counted
 * (para. 2; DESIGN §6). Pure: the item fixes ordinary or special approval; item 3 is an election
 * when it elects members rather than replacing one by a yes/no vote.
 */
import type { MatterKind } from './tally';

export const matterItems = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type MatterItem = (typeof matterItems)[number];

export { matterKinds, type MatterKind } from './tally';

/** Items 6–8 need ≥ 3/4 of the participating area and heads; the rest more than half. */
const specialItems: readonly number[] = [6, 7, 8];

/** Item 3: 选举业主委员会或者更换业主委员会成员. */
export const electionItem = 3;

/** Short Chinese names of the items, for the console's picker and the printed notice. */
export const itemNames: Record<MatterItem, string> = {
  1: '制定和修改业主大会议事规则',
  2: '制定和修改管理规约',
  3: '选举业主委员会或者更换业主委员会成员',
  4: '选聘和解聘物业服务企业或者其他管理人',
  5: '使用建筑物及其附属设施的维修资金',
  6: '筹集建筑物及其附属设施的维修资金',
  7: '改建、重建建筑物及其附属设施',
  8: '改变共有部分的用途或者利用共有部分从事经营活动',
  9: '有关共有和共同管理权利的其他重大事项',
};

export type MatterProblem = 'matter_election_item' | 'matter_seats_required' | 'matter_seats_invalid';

/** The kind a matter is counted as, or why the combination is wrong. */
export function matterKind(item: MatterItem, election: boolean): MatterKind | MatterProblem {
  if (election) return item === electionItem ? 'election' : 'matter_election_item';
  return specialItems.includes(item) ? 'special' : 'ordinary';
}

/**
 * A compound with at most this many rooms counts as small: its committee may have 3 members
 * (业主人数较少的，可以由3人组成); otherwise 5 to 11, always an odd number.
 */
export const smallCompoundMaxRooms = 100;

export function seatsProblem(seats: number | undefined, compoundRooms: number): MatterProblem | null {
  if (seats === undefined) return 'matter_seats_required';
  if (!Number.isInteger(seats) || seats % 2 === 0) return 'matter_seats_invalid';
  if (seats >= 5 && seats <= 11) return null;
  return seats === 3 && compoundRooms <= smallCompoundMaxRooms ? null : 'matter_seats_invalid';
}

/** How a candidate came forward (自荐, 组织推荐, 业主联名推荐). */
export const nominations = ['self', 'organisation', 'joint'] as const;
export type Nomination = (typeof nominations)[number];

/** Owners who must sign a joint recommendation when a community has not set its own number. */
export const defaultJointNominators = 5;

export type NominationProblem =
  'candidate_org_required' | 'candidate_nominators_too_few' | 'candidate_nominates_self';

/**
 * Whether a nomination is complete: an organisation recommendation names the organisation; a
 * joint one is signed by at least `minimum` distinct owners other than the candidate (the caller
 * checks that each signer is an owner).
 */
export function nominationProblem(
  n: { nomination: Nomination; organisation?: string | null; nominators?: readonly string[] },
  candidatePersonId: string,
  minimum: number,
): NominationProblem | null {
  if (n.nomination === 'organisation' && !n.organisation?.trim()) return 'candidate_org_required';
  if (n.nomination === 'joint') {
    const signers = new Set(n.nominators ?? []);
    if (signers.has(candidatePersonId)) return 'candidate_nominates_self';
    if (signers.size < minimum) return 'candidate_nominators_too_few';
  }
  return null;
}
