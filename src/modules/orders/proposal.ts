/**
 * Which squad and which members to propose for an order (派单建议). Pure: the dispatch route and the
 * order's creation feed it the community's squads and members; the tests feed it hand-made ones.
 *
 * Squads by place first of all: one working the order's grid, else its compound, else the whole
 * community (a squad in another compound is never proposed); among those the category's squad type
 * comes first (南湖: four squads by grid; 耐火小区: teams by speciality). Members by skill (一技之长)
 * for the category, then by how few orders they hold open, and those at their cap last.
 */

export interface SquadCandidate {
  id: string;
  name: string;
  type: string;
  compoundId: string | null;
  gridId: string | null;
}

export interface OrderPlace {
  compoundId: string;
  gridId: string | null;
}

export interface RankedSquad extends SquadCandidate {
  /** grid | compound | community: how close it works to the order. */
  reach: 'grid' | 'compound' | 'community';
  typeMatches: boolean;
}

function reachOf(squad: SquadCandidate, place: OrderPlace): RankedSquad['reach'] | null {
  if (squad.gridId) return squad.gridId === place.gridId ? 'grid' : null;
  if (squad.compoundId) return squad.compoundId === place.compoundId ? 'compound' : null;
  return 'community';
}

const reachRank = { grid: 0, compound: 1, community: 2 } as const;

export function rankSquads(
  squads: readonly SquadCandidate[],
  place: OrderPlace,
  squadType: string,
): RankedSquad[] {
  return squads
    .flatMap((s) => {
      const reach = reachOf(s, place);
      return reach ? [{ ...s, reach, typeMatches: s.type === squadType }] : [];
    })
    .sort(
      (a, b) =>
        Number(b.typeMatches) - Number(a.typeMatches) ||
        reachRank[a.reach] - reachRank[b.reach] ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.id.localeCompare(b.id),
    );
}

export interface MemberCandidate {
  personId: string;
  name: string;
  role: string;
  skills: readonly string[];
  /** Orders this member holds open now. */
  openOrders: number;
  /** Whether the member can be reached in the app (a linked account). */
  hasAccount: boolean;
}

export interface RankedMember extends MemberCandidate {
  /** The skills that fit the category. */
  matchingSkills: string[];
  atCap: boolean;
}

/** A skill fits when it names the category or a word of it: 水电 fits 水电维修, 理发 fits 上门理发. */
export function skillFits(
  skill: string,
  category: { code: string; nameZh: string; nameEn: string },
): boolean {
  const s = skill.trim().toLowerCase();
  if (!s) return false;
  const names = [category.code, category.nameZh, category.nameEn].map((n) => n.toLowerCase());
  return names.some((n) => n.includes(s) || s.includes(n));
}

export function rankMembers(
  members: readonly MemberCandidate[],
  category: { code: string; nameZh: string; nameEn: string },
  cap: number,
): RankedMember[] {
  return members
    .map((m) => ({
      ...m,
      matchingSkills: m.skills.filter((s) => skillFits(s, category)),
      atCap: m.openOrders >= cap,
    }))
    .sort(
      (a, b) =>
        Number(a.atCap) - Number(b.atCap) ||
        Number(b.matchingSkills.length > 0) - Number(a.matchingSkills.length > 0) ||
        a.openOrders - b.openOrders ||
        Number(b.hasAccount) - Number(a.hasAccount) ||
        a.name.localeCompare(b.name, 'zh-CN') ||
        a.personId.localeCompare(b.personId),
    );
}
