import { sql, type Expression, type SelectQueryBuilder, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { RowFilter } from '../access/policy';
import type { PageQuery } from '../http/schemas';

/**
 * Restricts a list to the rows the caller's grants cover (the row-level half of authorisation).
 * `columns` names the query's columns that hold each scope; a scope the table lacks is left out.
 */
export function whereVisible<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  filter: RowFilter,
  columns: { compound?: string; building?: string; grid?: string; squad?: string },
): Expression<SqlBool> {
  if (filter.all) return sql<SqlBool>`1 = 1`;
  const ors: Expression<SqlBool>[] = [];
  const add = (column: string | undefined, ids: string[]) => {
    if (column && ids.length) ors.push(eb(sql.ref(column), 'in', ids));
  };
  add(columns.compound, filter.compoundIds);
  add(columns.building, filter.buildingIds);
  add(columns.grid, filter.gridIds);
  add(columns.squad, filter.squadIds);
  return ors.length ? eb.or(ors) : sql<SqlBool>`1 = 0`;
}

export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Runs a list query as one page plus the total count. The query must already be ordered. `counted`,
 * when given, is the same list without the joins that only add names (they never add or drop a row):
 * counting a large list through them costs as much as reading it.
 */
export async function paginate<DB, TB extends keyof DB, O, CDB, CTB extends keyof CDB, CO>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: Pick<PageQuery, 'page' | 'pageSize'>,
  counted?: SelectQueryBuilder<CDB, CTB, CO>,
): Promise<PageResult<O>> {
  const pageNo = page.page ?? 1;
  const pageSize = page.pageSize ?? 20;
  const n = sql<number>`count(*)`.as('n');
  const [items, total] = await Promise.all([
    query
      .limit(pageSize)
      .offset((pageNo - 1) * pageSize)
      .execute(),
    counted
      ? counted.clearSelect().clearOrderBy().select(n).executeTakeFirst()
      : query.clearSelect().clearOrderBy().select(n).executeTakeFirst(),
  ]);
  return { items, total: Number((total as { n?: number } | undefined)?.n ?? 0), page: pageNo, pageSize };
}

/** Free-text search on a column: the user's % and _ are taken literally; same result on SQLite and PostgreSQL. */
export function contains(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.trim().replace(/[\\%_]/g, (ch) => '\\' + ch)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`;
}
