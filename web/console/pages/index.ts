import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export const menuGroups = [
  'structure',
  'people',
  'organisations',
  'orders',
  'deliberation',
  'assemblies',
  'notices',
  'care',
  'access',
] as const;

export interface ConsolePage {
  path: string;
  title: string;
  /** null: routed but not in the menu (a detail reached by links, e.g. from a notification). */
  group: (typeof menuGroups)[number] | null;
  component: LazyExoticComponent<ComponentType>;
}

/** Every console page, lazily loaded: the menu and the routes both come from this list. */
export const consolePages: ConsolePage[] = [
  {
    path: 'compounds',
    title: 'menu.compounds',
    group: 'structure',
    component: lazy(() => import('./Compounds')),
  },
  {
    path: 'buildings',
    title: 'menu.buildings',
    group: 'structure',
    component: lazy(() => import('./Buildings')),
  },
  {
    path: 'entrances',
    title: 'menu.entrances',
    group: 'structure',
    component: lazy(() => import('./Entrances')),
  },
  {
    path: 'rooms',
    title: 'menu.rooms',
    group: 'structure',
    component: lazy(() => import('./Rooms')),
  },
  {
    path: 'roster-import',
    title: 'menu.rosterImport',
    group: 'structure',
    component: lazy(() => import('./RosterImport')),
  },
  {
    path: 'people',
    title: 'menu.people',
    group: 'people',
    component: lazy(() => import('./People')),
  },
  {
    path: 'households',
    title: 'menu.households',
    group: 'people',
    component: lazy(() => import('./Households')),
  },
  {
    path: 'electorate',
    title: 'menu.electorate',
    group: 'people',
    component: lazy(() => import('./Electorate')),
  },
  {
    path: 'join-requests',
    title: 'menu.joinRequests',
    group: 'people',
    component: lazy(() => import('./JoinRequests')),
  },
  {
    path: 'grids',
    title: 'menu.grids',
    group: 'organisations',
    component: lazy(() => import('./Grids')),
  },
  {
    path: 'party',
    title: 'menu.partyTree',
    group: 'organisations',
    component: lazy(() => import('./PartyTree')),
  },
  {
    path: 'owner-committees',
    title: 'menu.committees',
    group: 'organisations',
    component: lazy(() => import('./OwnerCommittees')),
  },
  {
    path: 'property',
    title: 'menu.property',
    group: 'organisations',
    component: lazy(() => import('./PropertyContracts')),
  },
  {
    path: 'cobuild-units',
    title: 'menu.cobuild',
    group: 'organisations',
    component: lazy(() => import('./CobuildUnits')),
  },
  {
    path: 'squads',
    title: 'menu.squads',
    group: 'organisations',
    component: lazy(() => import('./Squads')),
  },
  {
    path: 'grants',
    title: 'menu.grants',
    group: 'access',
    component: lazy(() => import('./Grants')),
  },
  {
    path: 'audit',
    title: 'menu.audit',
    group: 'access',
    component: lazy(() => import('./AuditLog')),
  },
  {
    path: 'orders',
    title: 'menu.orders',
    group: 'orders',
    component: lazy(() => import('./orders/DispatchBoard')),
  },
  {
    path: 'orders/:orderId',
    title: 'menu.orders',
    group: null,
    component: lazy(() => import('./orders/DispatchBoard')),
  },
  {
    path: 'order-plan',
    title: 'menu.orderPlan',
    group: 'orders',
    component: lazy(() => import('./orders/CompoundPlan')),
  },
  {
    path: 'order-figures',
    title: 'menu.orderFigures',
    group: 'orders',
    component: lazy(() => import('./orders/Figures')),
  },
  {
    path: 'order-categories',
    title: 'menu.orderCategories',
    group: 'orders',
    component: lazy(() => import('./orders/Categories')),
  },
  {
    path: 'topics',
    title: 'menu.topics',
    group: 'deliberation',
    component: lazy(() => import('./deliberation/TopicsPage')),
  },
  {
    path: 'topics/:topicId',
    title: 'menu.topics',
    group: null,
    component: lazy(() => import('./deliberation/TopicsPage')),
  },
  {
    path: 'meetings',
    title: 'menu.meetings',
    group: 'deliberation',
    component: lazy(() => import('./deliberation/MeetingsPage')),
  },
  {
    path: 'meetings/:meetingId',
    title: 'menu.meetings',
    group: null,
    component: lazy(() => import('./deliberation/MeetingPage')),
  },
  {
    path: 'action-items',
    title: 'menu.actionItems',
    group: 'deliberation',
    component: lazy(() => import('./deliberation/ActionsPage')),
  },
  {
    path: 'deliberation-figures',
    title: 'menu.deliberationFigures',
    group: 'deliberation',
    component: lazy(() => import('./deliberation/FiguresPage')),
  },
  {
    path: 'assemblies',
    title: 'menu.assemblies',
    group: 'assemblies',
    component: lazy(() => import('./assemblies/AssembliesPage')),
  },
  {
    path: 'notices',
    title: 'menu.notices',
    group: 'notices',
    component: lazy(() => import('./notices/NoticesPage')),
  },
  {
    path: 'notices/:noticeId',
    title: 'menu.notices',
    group: null,
    component: lazy(() => import('./notices/NoticeReceipts')),
  },
  {
    path: 'rectifications',
    title: 'menu.rectifications',
    group: 'notices',
    component: lazy(() => import('./notices/CampaignsPage')),
  },
  {
    path: 'rectifications/:campaignId',
    title: 'menu.rectifications',
    group: null,
    component: lazy(() => import('./notices/CampaignPage')),
  },
  {
    path: 'care/overview',
    title: 'menu.careOverview',
    group: 'care',
    component: lazy(() => import('./care/CareOverview')),
  },
  {
    path: 'care/records',
    title: 'menu.careRecords',
    group: 'care',
    component: lazy(() => import('./care/CareRoster')),
  },
  {
    path: 'care/records/:recordId',
    title: 'menu.careRecords',
    group: null,
    component: lazy(() => import('./care/CareRoster')),
  },
  {
    path: 'care/visit-rounds',
    title: 'menu.visitRounds',
    group: 'care',
    component: lazy(() => import('./care/VisitRounds')),
  },
  {
    path: 'care/visit-coverage',
    title: 'menu.visitCoverage',
    group: 'care',
    component: lazy(() => import('./care/VisitCoverage')),
  },
  {
    path: 'care/contact-assignments',
    title: 'menu.contactAssignments',
    group: 'care',
    component: lazy(() => import('./care/ContactAssignments')),
  },
  {
    path: 'care/settings',
    title: 'menu.careSettings',
    group: 'care',
    component: lazy(() => import('./care/CareSettings')),
  },
];
