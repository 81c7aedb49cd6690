import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export const menuGroups = ['structure', 'people', 'organisations', 'orders', 'assemblies', 'access'] as const;

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
    path: 'assemblies',
    title: 'menu.assemblies',
    group: 'assemblies',
    component: lazy(() => import('./assemblies/AssembliesPage')),
  },
];
