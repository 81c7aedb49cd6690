import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export const menuGroups = ['structure', 'people', 'organisations', 'access'] as const;

export interface ConsolePage {
  path: string;
  title: string;
  group: (typeof menuGroups)[number];
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
];
