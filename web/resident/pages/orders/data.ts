import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, type Page } from '../../../shared/api';
import { useLiveEvents } from '../../../shared/live';
import type { LiveOrder, OrderCategory } from '../../../shared/orders';
import type { MyHousehold } from '../Household';

/** What the resident's and the volunteer's order pages fetch, and how they stay live. */

export function useMyHouseholds() {
  return useQuery({
    queryKey: ['my-households'],
    queryFn: () => get<{ items: MyHousehold[] }>('/me/households'),
  });
}

/** The categories residents of a community choose from, in the community's order. */
export function useCategories(communityId: string | undefined) {
  return useQuery({
    queryKey: ['order-categories', communityId],
    enabled: !!communityId,
    queryFn: () => get<Page<OrderCategory>>(`/communities/${communityId}/order-categories?pageSize=100`),
    staleTime: 5 * 60_000,
  });
}

/** A member of one of my squads, as GET /me/squads lists them (names in full among the squad). */
export interface Colleague {
  personId: string;
  name: string;
  role: string;
  skills: string[];
  /** Orders they hold open now, and whether that is the community's cap. */
  openOrders: number;
  atCap: boolean;
  /** Only members with the app can accept an order handed to them. */
  hasAccount: boolean;
  me: boolean;
}

/** One squad I serve in, as GET /me/squads answers. */
export interface MySquad {
  communityId: string;
  communityName: string;
  squadId: string;
  squadName: string;
  squadType: string;
  compoundName: string | null;
  gridName: string | null;
  personId: string;
  role: string;
  skills: string[];
  /** The community's cap of open orders per member, and how many I hold there now. */
  openCap: number;
  openOrders: number;
  members: Colleague[];
}

/** The squads I serve in now: whether to offer the volunteer pages, my load, my colleagues. */
export function useMySquads() {
  return useQuery({
    queryKey: ['my-squads'],
    queryFn: async () => (await get<{ items: MySquad[] }>('/me/squads')).items,
    staleTime: 60_000,
  });
}

/** The buildings of my compounds, for saying where a public-place order is. */
export function useMyBuildings(compoundId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['my-buildings', compoundId],
    enabled: !!compoundId && enabled,
    queryFn: () => get<Page<MyBuilding>>(`/me/buildings?compoundId=${compoundId}&pageSize=200`),
    staleTime: 5 * 60_000,
  });
}

export interface MyBuilding {
  id: string;
  name: string;
  compoundId: string;
  compoundName: string;
}

/**
 * Refetches the queries under `keys` whenever an order event (about the order `orderId`, when given)
 * arrives on the stream at `path`, and on every (re)connection, since events may have been missed.
 */
export function useOrderEvents(path: string | null, keys: readonly (readonly unknown[])[], orderId?: string) {
  const queryClient = useQueryClient();
  useLiveEvents(path, (event) => {
    const about = event.type === 'order' && (!orderId || (event.data as LiveOrder).id === orderId);
    if (!about && event.type !== 'ready') return;
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  });
}
