import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { describeProblem } from '../../core/http/errors';
import { translate } from '../../core/i18n';
import { toHalfWidth } from '../../core/personal';
import { parseArea } from './area';

/** Helpers shared by the building, entrance and room routes. */

/**
 * A name or room number as people type it: half-width (so "１０１" and "101" are the same door) and
 * trimmed. A blank one is refused with the same message as an empty field.
 */
export function cleanName(req: FastifyRequest, field: string, value: string): string {
  const text = toHalfWidth(value).trim();
  if (!text) {
    const problem = describeProblem(
      { instancePath: `/${field}`, keyword: 'minLength', params: { limit: 1 } },
      'body',
      req.locale,
    );
    throw new AppError(400, 'validation', { detail: `${problem.field} ${problem.message}` }, [problem]);
  }
  return text;
}

/** The request's area in hundredths of m², or a 400 that says what is wrong with it. */
export function readArea(req: FastifyRequest, value: unknown): number {
  const result = parseArea(value);
  if (result.ok) return result.centi;
  throw new AppError(400, result.problem, {}, [
    { field: 'area', message: translate(result.problem, req.locale) },
  ]);
}

/** Nothing is added under an archived compound, building or entrance. */
export function requireLive(parent: { name: string; archived_at: number | null }): void {
  if (parent.archived_at !== null) throw new AppError(409, 'parent_archived', { name: parent.name });
}

/** Archives a row, keeping the first archiving time if it was already archived. */
export async function archiveRow(
  db: Kysely<DB>,
  table: 'buildings' | 'entrances' | 'rooms',
  row: { community_id: string; id: string; archived_at: number | null },
): Promise<void> {
  const now = Date.now();
  await db
    .updateTable(table)
    .set({ archived_at: row.archived_at ?? now, updated_at: now })
    .where('community_id', '=', row.community_id)
    .where('id', '=', row.id)
    .execute();
}

/** Keys that order a text column as people read the numbers in it: 902 before 1001, 2栋 before 10栋. */
export function naturalKeys(column: string) {
  return [sql`length(${sql.ref(column)})`, sql.ref(column)];
}
