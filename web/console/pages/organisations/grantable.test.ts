import { describe, expect, it } from 'vitest';
import { grantableRoles, scopeKindsFor } from './grantable';

const community = { id: 'cA', streetId: 'sS' };
const grant = (role: string, scopeKind: string, communityId: string | null, streetId = 'sS') => ({
  role,
  scopeKind,
  scopeId: 'x',
  communityId,
  streetId,
});

describe('roles the grants page offers', () => {
  it('offers a community secretary every community role up to their own, never the street’s', () => {
    const offered = grantableRoles(
      { platformAdmin: false, grants: [grant('communityAdmin', 'community', 'cA')] },
      community,
    );
    expect(offered).toContain('gridWorker');
    expect(offered).toContain('communityAdmin');
    expect(offered).not.toContain('streetAdmin');
  });

  it('lets a street administrator grant inside the street’s communities only', () => {
    const me = { platformAdmin: false, grants: [grant('streetAdmin', 'street', null)] };
    expect(grantableRoles(me, community)).toContain('communityAdmin');
    expect(grantableRoles(me, { id: 'cC', streetId: 'sT' })).toEqual([]);
  });

  it('offers nothing to roles without grants.manage, or for another community', () => {
    expect(
      grantableRoles(
        { platformAdmin: false, grants: [grant('communityStaff', 'community', 'cA')] },
        community,
      ),
    ).toEqual([]);
    expect(
      grantableRoles(
        { platformAdmin: false, grants: [grant('communityAdmin', 'community', 'cB')] },
        community,
      ),
    ).toEqual([]);
  });

  it('knows where each role can be held in a community', () => {
    expect(scopeKindsFor('gridWorker')).toEqual(['grid', 'compound']);
    expect(scopeKindsFor('squadLeader')).toEqual(['squad']);
    expect(scopeKindsFor('streetAdmin')).toEqual([]);
  });
});
