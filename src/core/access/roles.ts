/**
 * Roles (DESIGN §1) and what each may do. Pure data: the policy functions in policy.ts read it,
 * and the authorisation matrix test walks it.
 */
export const roles = [
  'resident', // 居民
  'owner', // 业主
  'volunteer', // 志愿者
  'partyMember', // 党员
  'squadLeader', // 分队长
  'gridWorker', // 网格员
  'branch', // 小区党支部
  'committee', // 业委会
  'property', // 物业
  'communityStaff', // 社区工作人员
  'communityAdmin', // 社区书记 / 管理员
  'streetAdmin', // 街道
] as const;
export type Role = (typeof roles)[number];

export const scopeKinds = ['street', 'community', 'compound', 'building', 'grid', 'squad'] as const;
export type ScopeKind = (typeof scopeKinds)[number];

export const actions = [
  'org.read', // the community model: compounds, buildings, rooms, grids, party tree, committees, squads…
  'org.write',
  'people.read', // people and households, personal data masked
  'people.write',
  'people.unmask', // see a full phone or ID number; every use audited
  'ownership.write', // who owns which room and who votes for it
  'invitations.manage', // issue household invitation codes, confirm residents' bindings
  'grants.manage', // grant and revoke roles
  'audit.read',
  'communities.manage', // open and edit communities in a street
  'orders.read', // residents' service orders (求助订单) in scope, personal data masked
  'orders.create', // order on a resident's behalf (代客下单): phoned or walked in
  'orders.dispatch', // assign (指派), publish to a squad's board, escalate, log return visits (回访)
  'orders.manage', // order categories, their default squads and clocks
  'assemblies.read', // owners' assemblies (业主大会): matters, turnout, results
  'assemblies.manage', // draft, announce, open, close and publish assemblies; candidates
  'ballots.enter', // enter or confirm paper and proxy ballots
  'canvass.record', // door-to-door canvassing (扫楼) records
  'deliberation.read', // topics (议题), meetings, decisions and action items in scope
  'deliberation.manage', // accept or decline topics, hold meetings (议事会), record decisions, track actions
  'care.read', // the care roster (关爱对象): sensitive, every read audited
  'care.manage', // care records, pairings with volunteers, contact plans, help alarms
  'visits.record', // door-knock rounds (敲门行动, 走访) and household contact (党员联系户)
  'notices.manage', // notices (公告) to a community, compound, building or entrance, with read receipts
  'rectification.manage', // rectification notices (整改告知书) and their campaigns
  'volunteers.read', // volunteer profiles, squad join requests, service records (服务记录) and their figures
  'volunteers.manage', // recruitment campaigns, approving squad joins, activities (活动): screening, check-in, summaries
  'patrols.manage', // patrol routes (巡逻路线), checkpoints and their QR sheets; runs and findings reviewed
  'duty.manage', // duty rosters (值班表): shifts, rotations, swaps approved
  'surveys.read', // survey and property evaluation (物业评议) results
  'surveys.manage', // build surveys, enter paper answers, run evaluation rounds and rectification cases
  'conventions.manage', // residents' conventions (居民公约): drafts, opinions, adoption, pledges; duty rules (九不准)
  'redBlack.propose', // propose red/black list (红黑榜) entries with evidence
  'redBlack.review', // review and publish red/black list entries, answer appeals
] as const;
export type Action = (typeof actions)[number];

const staffActions: Action[] = [
  'org.read',
  'org.write',
  'people.read',
  'people.write',
  'people.unmask',
  'ownership.write',
  'invitations.manage',
  'orders.read',
  'orders.create',
  'orders.dispatch',
  'orders.manage',
  'assemblies.read',
  'assemblies.manage',
  'ballots.enter',
  'canvass.record',
  'deliberation.read',
  'deliberation.manage',
  'care.read',
  'care.manage',
  'visits.record',
  'notices.manage',
  'rectification.manage',
  'volunteers.read',
  'volunteers.manage',
  'patrols.manage',
  'duty.manage',
  'surveys.read',
  'surveys.manage',
  'conventions.manage',
  'redBlack.propose',
  'redBlack.review',
];

export const roleActions: Record<Role, readonly Action[]> = {
  // Residents, owners, volunteers and party members reach their own household through /me, not grants.
  resident: [],
  owner: [],
  // Volunteers and party members take orders through their squad memberships, not grants.
  volunteer: ['canvass.record'],
  // 党员联系户: members visit the households assigned to them.
  partyMember: ['canvass.record', 'visits.record'],
  // A squad leader runs the squad's activities, patrols and duty, scoped to the squad.
  squadLeader: [
    'org.read',
    'people.read',
    'orders.read',
    'orders.dispatch',
    'volunteers.read',
    'volunteers.manage',
    'patrols.manage',
    'duty.manage',
  ],
  gridWorker: [
    'org.read',
    'people.read',
    'people.write',
    'people.unmask',
    'invitations.manage',
    'orders.read',
    'orders.create',
    'orders.dispatch',
    'assemblies.read',
    'canvass.record',
    'deliberation.read',
    // The grid worker sees every vulnerable person in the grid (DESIGN §7) and knocks on its doors.
    'care.read',
    'care.manage',
    'visits.record',
    'notices.manage',
    'rectification.manage',
    'volunteers.read',
    'patrols.manage',
    // Door-to-door: paper survey answers and red/black list proposals come from the grid.
    'surveys.read',
    'surveys.manage',
    'redBlack.propose',
  ],
  // The branch convenes the joint meetings (联席会议) and keeps the loop closed.
  branch: [
    'org.read',
    'people.read',
    'orders.read',
    'assemblies.read',
    'canvass.record',
    'deliberation.read',
    'deliberation.manage',
    'visits.record',
    'notices.manage',
    'rectification.manage',
    'volunteers.read',
    'volunteers.manage',
    'patrols.manage',
    'duty.manage',
    // The branch organises property evaluations, conventions and the red/black list with the committee.
    'surveys.read',
    'surveys.manage',
    'conventions.manage',
    'redBlack.propose',
    'redBlack.review',
  ],
  committee: [
    'org.read',
    'people.read',
    'orders.read',
    'assemblies.read',
    'assemblies.manage',
    'ballots.enter',
    'canvass.record',
    'deliberation.read',
    'deliberation.manage',
    'notices.manage',
    'volunteers.read',
    'surveys.read',
    'surveys.manage',
    'conventions.manage',
    'redBlack.propose',
    'redBlack.review',
  ],
  // The property company sees the orders escalated to it (the orders module narrows the rows).
  // It sees its own evaluation results (aggregated, never who answered) and keeps its security patrols and duty.
  property: [
    'org.read',
    'orders.read',
    'deliberation.read',
    'notices.manage',
    'rectification.manage',
    'patrols.manage',
    'duty.manage',
    'surveys.read',
    'redBlack.propose',
  ],
  communityStaff: staffActions,
  communityAdmin: [...staffActions, 'grants.manage', 'audit.read'],
  streetAdmin: [
    'org.read',
    'people.read',
    'grants.manage',
    'audit.read',
    'communities.manage',
    'orders.read',
    'assemblies.read',
    'deliberation.read',
    'volunteers.read',
    'surveys.read',
  ],
};

/** Which scope kinds a role may be granted on; a squad leader leads a squad, a grid worker a grid. */
export const roleScopes: Record<Role, readonly ScopeKind[]> = {
  resident: ['compound', 'building'],
  owner: ['compound', 'building'],
  volunteer: ['community', 'compound', 'grid', 'squad'],
  partyMember: ['community', 'compound', 'building', 'grid'],
  squadLeader: ['squad'],
  gridWorker: ['grid', 'compound'],
  branch: ['compound'],
  committee: ['compound'],
  property: ['compound'],
  communityStaff: ['community'],
  communityAdmin: ['community'],
  streetAdmin: ['street'],
};

/** Rank for delegation: nobody grants a role above their own. */
export const roleRank: Record<Role, number> = {
  resident: 0,
  owner: 0,
  volunteer: 0,
  partyMember: 0,
  squadLeader: 1,
  gridWorker: 2,
  branch: 2,
  committee: 2,
  property: 2,
  communityStaff: 3,
  communityAdmin: 4,
  streetAdmin: 5,
};
