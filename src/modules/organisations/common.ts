import type { Kysely } from 'kysely';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';

/** Plumbing shared by the organisation routes: finding tenant rows, and calendar dates. */

/** Tables whose rows are (community_id, id)-keyed: the ones a route can look up by an id in its path. */
export type TenantTable = {
  [K in keyof DB]: DB[K] extends { community_id: string; id: string } ? K : never;
}[keyof DB];

type Keyed = { tenant_table: { community_id: string; id: string } };

/** One row of a tenant table in this community, or undefined. */
export async function findRow<T extends TenantTable>(
  db: Kysely<DB>,
  table: T,
  communityId: string,
  id: string,
): Promise<DB[T] | undefined> {
  // Kysely cannot narrow a generic table name; every TenantTable has these two columns.
  const row = await (db as unknown as Kysely<Keyed>)
    .selectFrom(table as 'tenant_table')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row as DB[T] | undefined;
}

/** The row a path names: 404 when it is not in this community. */
export async function mustFind<T extends TenantTable>(
  db: Kysely<DB>,
  table: T,
  communityId: string,
  id: string,
): Promise<DB[T]> {
  const row = await findRow(db, table, communityId, id);
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/**
 * The row a request body refers to through `field`: 400 when it is missing, archived or closed,
 * since a new link to something retired is a mistake the caller can fix.
 */
export async function mustRefer<T extends TenantTable>(
  db: Kysely<DB>,
  table: T,
  communityId: string,
  id: string,
  field: string,
): Promise<DB[T]> {
  const row = await findRow(db, table, communityId, id);
  const retired = row as { archived_at?: number | null; closed_at?: number | null } | undefined;
  if (!row || retired?.archived_at != null || retired?.closed_at != null)
    throw new AppError(400, 'bad_reference', { what: field });
  return row;
}

/** Today's date in China (UTC+8, no daylight saving), as 'YYYY-MM-DD'. */
export function chinaDate(epochMs: number = Date.now()): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** 400 when a period ends before it starts; either end may be open. */
export function assertDateOrder(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) throw new AppError(400, 'date_order');
}

/** Only the keys the caller sent, so a PATCH leaves the rest alone. */
export function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
