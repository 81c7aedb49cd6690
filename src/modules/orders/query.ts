import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { unresolvedStates, waitingStates } from './rules';

/** SQL pieces of the order lists: what is overdue now, and the calendar days filters name. */

/** Overdue now, in SQL: the marks the row keeps, or a deadline passed while its clock still runs. */
export function whereOverdue<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  now: number,
): Expression<SqlBool> {
  const col = (name: string) => sql.ref(`o.${name}`);
  return eb.or([
    eb(col('accept_overdue'), '=', 1),
    eb(col('resolve_overdue'), '=', 1),
    eb.and([eb(col('state'), 'in', [...waitingStates]), eb(col('accept_due_at'), '<', now)]),
    eb.and([eb(col('state'), 'in', [...unresolvedStates]), eb(col('resolve_due_at'), '<', now)]),
  ]);
}

/** No rows: for a caller who serves in no squad, lives nowhere, or is nobody in any community. */
export const nothing = sql<SqlBool>`1 = 0`;

/** A Shanghai calendar day's first instant. */
export const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
