/**
 * The party organisation system of a community as a tree (pure): 社区党组织 → 小区党支部 →
 * 楼栋党小组 → 党员中心户. Shared by the API and anything that prints the organisation chart.
 */

export const partyKinds = ['committee', 'branch', 'group', 'central_household'] as const;
export type PartyKind = (typeof partyKinds)[number];

/** The kind each kind hangs under; the community organisation has none. */
export const parentKindOf: Record<PartyKind, PartyKind | null> = {
  committee: null,
  branch: 'committee',
  group: 'branch',
  central_household: 'group',
};

export const partyPositions = ['secretary', 'deputy_secretary', 'committee_member', 'member'] as const;

export interface PartyOrgNode {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  compoundId: string | null;
  buildingId: string | null;
  householdId: string | null;
}

export interface PartyMember {
  orgId: string;
  personId: string;
  name: string;
  position: string;
}

export type PartyTreeNode = Omit<PartyOrgNode, 'parentId'> & {
  members: { personId: string; name: string; position: string }[];
  children: PartyTreeNode[];
};

/** Code-point order, as the lists sort names in the database. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const byKindThenName = (a: PartyOrgNode, b: PartyOrgNode) =>
  partyKinds.indexOf(a.kind as PartyKind) - partyKinds.indexOf(b.kind as PartyKind) ||
  byText(a.name, b.name) ||
  byText(a.id, b.id);

const positionRank = (p: string) => {
  const i = partyPositions.indexOf(p as (typeof partyPositions)[number]);
  return i < 0 ? partyPositions.length : i;
};

/**
 * Nests the given organisations under their parents. An organisation whose parent is not among
 * them (the viewer sees only part of the tree) becomes a root, so a compound's branch secretary
 * gets their branch with everything under it.
 */
export function buildPartyTree(orgs: PartyOrgNode[], members: PartyMember[]): PartyTreeNode[] {
  const ids = new Set(orgs.map((o) => o.id));
  const childrenOf = new Map<string | null, PartyOrgNode[]>();
  for (const org of orgs) {
    const key = org.parentId && ids.has(org.parentId) ? org.parentId : null;
    childrenOf.set(key, [...(childrenOf.get(key) ?? []), org]);
  }
  const node = (org: PartyOrgNode): PartyTreeNode => ({
    id: org.id,
    kind: org.kind,
    name: org.name,
    compoundId: org.compoundId,
    buildingId: org.buildingId,
    householdId: org.householdId,
    members: members
      .filter((m) => m.orgId === org.id)
      .sort((a, b) => positionRank(a.position) - positionRank(b.position) || byText(a.name, b.name))
      .map((m) => ({ personId: m.personId, name: m.name, position: m.position })),
    children: (childrenOf.get(org.id) ?? []).sort(byKindThenName).map(node),
  });
  return (childrenOf.get(null) ?? []).sort(byKindThenName).map(node);
}
