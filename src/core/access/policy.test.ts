import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  can,
  canGrant,
  canWithin,
  rowFilter,
  rowVisible,
  type Grant,
  type Principal,
  type Target,
} from './policy';
import { actions, roleActions, roles, roleScopes } from './roles';

const street = 'S';
const community = 'A';
const grant = (g: Partial<Grant> & Pick<Grant, 'role' | 'kind' | 'id'>): Grant => ({
  streetId: street,
  communityId: community,
  ...g,
});
const who = (...grants: Grant[]): Principal => ({ accountId: 'x', platformAdmin: false, grants });
const at = (t: Partial<Target>): Target => ({ streetId: street, communityId: community, ...t });

describe('scope coverage', () => {
  const branchA1 = who(grant({ role: 'branch', kind: 'compound', id: 'A1' }));
  it('a compound grant covers its compound and nothing beside it', () => {
    expect(can(branchA1, 'org.read', at({ compoundId: 'A1', buildingId: 'b1' }))).toBe(true);
    expect(can(branchA1, 'org.read', at({ compoundId: 'A2' }))).toBe(false);
    expect(can(branchA1, 'org.read', at({}))).toBe(false);
    // Same compound id in another community is another compound.
    expect(can(branchA1, 'org.read', { streetId: street, communityId: 'B', compoundId: 'A1' })).toBe(false);
  });
  it('a grant only allows its role’s actions', () => {
    expect(can(branchA1, 'org.write', at({ compoundId: 'A1' }))).toBe(false);
    expect(can(branchA1, 'people.unmask', at({ compoundId: 'A1' }))).toBe(false);
  });
  it('a grid grant covers the grid and the buildings in it', () => {
    const grid = who(grant({ role: 'gridWorker', kind: 'grid', id: 'g1', buildingIds: ['b1', 'b2'] }));
    expect(can(grid, 'people.read', at({ buildingId: 'b2', compoundId: 'A1' }))).toBe(true);
    expect(can(grid, 'people.read', at({ gridId: 'g1' }))).toBe(true);
    expect(can(grid, 'people.read', at({ buildingId: 'b3', compoundId: 'A1' }))).toBe(false);
  });
  it('a street grant covers every community in the street and none outside', () => {
    const s = who({ role: 'streetAdmin', kind: 'street', id: street, streetId: street });
    expect(can(s, 'org.read', { streetId: street, communityId: 'B' })).toBe(true);
    expect(can(s, 'org.read', { streetId: 'T', communityId: 'C' })).toBe(false);
    expect(canWithin(s, 'org.read', street, 'B')).toBe(true);
    expect(canWithin(s, 'org.write', street, 'B')).toBe(false);
  });
  it('a platform administrator does everything except see unmasked personal data', () => {
    const admin: Principal = { accountId: 'p', platformAdmin: true, grants: [] };
    expect(can(admin, 'org.write', at({}))).toBe(true);
    expect(can(admin, 'people.unmask', at({}))).toBe(false);
  });
  it('the union of grants, never more: a random set of grants allows an action only through one grant that allows it', () => {
    const kinds = ['community', 'compound', 'building', 'grid', 'squad'] as const;
    const arbGrant = fc.record({
      role: fc.constantFrom(...roles.filter((r) => r !== 'streetAdmin')),
      kind: fc.constantFrom(...kinds),
      id: fc.constantFrom('A', 'A1', 'A2', 'b1', 'g1', 'q1'),
      communityId: fc.constantFrom('A', 'B'),
      streetId: fc.constant(street),
    });
    const arbTarget = fc.record({
      streetId: fc.constant(street),
      communityId: fc.constantFrom('A', 'B'),
      compoundId: fc.constantFrom('A1', 'A2', null),
      buildingId: fc.constantFrom('b1', 'b2', null),
      squadId: fc.constantFrom('q1', null),
    });
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 4 }),
        arbTarget,
        fc.constantFrom(...actions),
        (grants, target, action) => {
          const union = grants.some((g) => can(who(g), action, target));
          expect(can(who(...grants), action, target)).toBe(union);
          const filter = rowFilter(who(...grants), action, street, target.communityId);
          // The list filter and the per-row check agree.
          expect(rowVisible(filter, target)).toBe(union);
        },
      ),
    );
  });
});

describe('list filters', () => {
  it('is everything for community-wide roles and the listed scopes for others', () => {
    expect(
      rowFilter(
        who(grant({ role: 'communityStaff', kind: 'community', id: community })),
        'org.read',
        street,
        community,
      ),
    ).toEqual({ all: true });
    const f = rowFilter(
      who(
        grant({ role: 'branch', kind: 'compound', id: 'A1' }),
        grant({ role: 'gridWorker', kind: 'grid', id: 'g1', buildingIds: ['b9'] }),
        grant({ role: 'branch', kind: 'compound', id: 'X', communityId: 'B' }),
      ),
      'org.read',
      street,
      community,
    );
    expect(f).toEqual({
      all: false,
      compoundIds: ['A1'],
      buildingIds: ['b9'],
      gridIds: ['g1'],
      squadIds: [],
    });
    expect(rowVisible(f, { compoundId: 'X' })).toBe(false);
    expect(rowVisible(f, { buildingId: 'b9' })).toBe(true);
  });
  it('is nothing for a role without the action', () => {
    const f = rowFilter(
      who(grant({ role: 'resident', kind: 'compound', id: 'A1' })),
      'people.read',
      street,
      community,
    );
    expect(rowVisible(f, { compoundId: 'A1' })).toBe(false);
  });
});

describe('delegation', () => {
  const admin = who(grant({ role: 'communityAdmin', kind: 'community', id: community }));
  it('a community administrator grants roles up to their own inside their community', () => {
    expect(canGrant(admin, 'gridWorker', 'grid', at({ gridId: 'g1' }))).toBe(true);
    expect(canGrant(admin, 'communityAdmin', 'community', at({}))).toBe(true);
    expect(canGrant(admin, 'streetAdmin', 'street', { streetId: street })).toBe(false);
    expect(canGrant(admin, 'gridWorker', 'grid', { streetId: street, communityId: 'B', gridId: 'g1' })).toBe(
      false,
    );
  });
  it('only on scope kinds the role can be held on', () => {
    expect(canGrant(admin, 'squadLeader', 'compound', at({ compoundId: 'A1' }))).toBe(false);
  });
  it('without grants.manage nobody grants anything', () => {
    const staff = who(grant({ role: 'communityStaff', kind: 'community', id: community }));
    for (const role of roles)
      for (const kind of roleScopes[role]) expect(canGrant(staff, role, kind, at({}))).toBe(false);
  });
  it('every role’s actions are known actions', () => {
    for (const role of roles) for (const a of roleActions[role]) expect(actions).toContain(a);
  });
});
