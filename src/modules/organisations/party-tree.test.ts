import { describe, expect, it } from 'vitest';
import { buildPartyTree, type PartyOrgNode } from './party-tree';

const org = (id: string, kind: string, parentId: string | null, name = id): PartyOrgNode => ({
  id,
  parentId,
  kind,
  name,
  compoundId: null,
  buildingId: null,
  householdId: null,
});

describe('buildPartyTree', () => {
  const orgs = [
    org('h1', 'central_household', 'g1'),
    org('g1', 'group', 'b1'),
    org('b2', 'branch', 'c', '乙支部'),
    org('b1', 'branch', 'c', '甲支部'),
    org('c', 'committee', null),
  ];

  it('nests each organisation under its parent, siblings by name, members by position', () => {
    const tree = buildPartyTree(orgs, [
      { orgId: 'b1', personId: 'p2', name: '委员乙', position: 'committee_member' },
      { orgId: 'b1', personId: 'p1', name: '书记甲', position: 'secretary' },
    ]);
    expect(tree.map((n) => n.id)).toEqual(['c']);
    expect(tree[0]!.children.map((n) => n.name)).toEqual(['乙支部', '甲支部']);
    const b1 = tree[0]!.children[1]!;
    expect(b1.members.map((m) => m.name)).toEqual(['书记甲', '委员乙']);
    expect(b1.children[0]!.children[0]!.id).toBe('h1');
  });

  it('makes roots of organisations whose parent the viewer cannot see', () => {
    const partial = orgs.filter((o) => o.id !== 'c' && o.id !== 'b2');
    const tree = buildPartyTree(partial, []);
    expect(tree.map((n) => n.id)).toEqual(['b1']);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(['g1']);
  });
});
