import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { rowFilter, rowVisible, type Principal, type RowFilter } from '../../core/access/policy';
import type { Action } from '../../core/access/roles';
import { whereVisible } from '../../core/db/query';
import type { OrdersTable } from '../../core/db/schema';
import type { SquadService } from './people';

/**
 * Who sees which order. Staff, grid workers, squad leaders and branches see their scope through their
 * grants, like every other list. The property company sees only what was escalated to it (大事) in
 * its compounds. Members see their own orders and their squads' boards; residents their own orders.
 */

/** Where an order sits, as its row and its live events both carry it. */
export interface OrderScope {
  compoundId: string;
  buildingId: string | null;
  gridId: string | null;
  squadId: string | null;
  escalatedTo: string | null;
}

/** Where an order row sits. */
export const scopeOf = (
  o: Pick<OrdersTable, 'compound_id' | 'building_id' | 'grid_id' | 'squad_id' | 'escalated_to'>,
): OrderScope => ({
  compoundId: o.compound_id,
  buildingId: o.building_id,
  gridId: o.grid_id,
  squadId: o.squad_id,
  escalatedTo: o.escalated_to,
});

export interface StaffScope {
  general: RowFilter;
  /** Rows seen through property grants: only those escalated to the property company. */
  property: RowFilter;
}

export function staffScope(
  principal: Principal,
  action: Action,
  streetId: string,
  communityId: string,
): StaffScope {
  const through = (property: boolean): RowFilter =>
    rowFilter(
      {
        ...principal,
        platformAdmin: property ? false : principal.platformAdmin,
        grants: principal.grants.filter((g) => (g.role === 'property') === property),
      },
      action,
      streetId,
      communityId,
    );
  return { general: through(false), property: through(true) };
}

export function staffSees(scope: StaffScope, o: OrderScope): boolean {
  return rowVisible(scope.general, o) || (o.escalatedTo === 'property' && rowVisible(scope.property, o));
}

const columns = {
  compound: 'o.compound_id',
  building: 'o.building_id',
  grid: 'o.grid_id',
  squad: 'o.squad_id',
};

/** The same as staffSees, for a query over `orders as o`. */
export function whereStaffSees<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: StaffScope,
): Expression<SqlBool> {
  const general = whereVisible(eb, scope.general, columns);
  if (!scope.property.all && !scope.property.compoundIds.length) return general;
  return eb.or([
    general,
    eb.and([
      eb(eb.ref('o.escalated_to' as never), '=', 'property' as never),
      whereVisible(eb, scope.property, columns),
    ]),
  ]);
}

export interface MemberScope {
  service: readonly SquadService[];
  /** The member's people, by community. */
  persons: readonly { community_id: string; id: string }[];
}

export const handledBy = (member: MemberScope, o: { communityId: string; assigneePersonId: string | null }) =>
  member.persons.some((p) => p.community_id === o.communityId && p.id === o.assigneePersonId);

/** A member sees the orders they handle and what is on their squads' boards. */
export function memberSees(
  member: MemberScope,
  o: { communityId: string; state: string; squadId: string | null; assigneePersonId: string | null },
): boolean {
  return (
    handledBy(member, o) ||
    (o.state === 'published' &&
      member.service.some((s) => s.communityId === o.communityId && s.squadId === o.squadId))
  );
}
