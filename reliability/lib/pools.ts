import { sql } from 'kysely';
import type { Database } from '../../src/core/db';
import { describeSchema } from '../../src/core/db/introspect';
import { tablesFor, type Operation, type Pools } from '../fuzz/cases';

/**
 * Real ids for the fuzzer, read from the server's database: for each parameter the operations
 * name (`orderId`, `topicId`, body fields ending in Id), a few ids from the table it points at,
 * preferring rows of the caller's community, so generated requests reach past the lookups.
 */
export async function idPools(
  database: Database,
  operations: Operation[],
  communityId: string,
): Promise<Pools> {
  const tables = (await describeSchema(database)).filter((t) => t.columns.some((c) => c.name === 'id'));
  const sample = new Map<string, string[]>();
  for (const t of tables) {
    const scoped = t.columns.some((c) => c.name === 'community_id');
    const rows = await sql<{ id: string }>`select id from ${sql.table(t.name)} ${
      scoped ? sql`where community_id = ${communityId}` : sql``
    } order by id limit 6`.execute(database.db);
    if (rows.rows.length)
      sample.set(
        t.name,
        rows.rows.map((r) => String(r.id)),
      );
  }
  const names = new Set<string>();
  for (const op of operations) {
    for (const p of [...op.pathParams, ...op.query]) names.add(p.name);
    collectIdFields(op.body, names);
  }
  const byName: Record<string, string[]> = {};
  for (const name of names) {
    if (!/Ids?$/.test(name)) continue;
    const ids = tablesFor(name, [...sample.keys()]).flatMap((t) => sample.get(t) ?? []);
    if (ids.length) byName[name.replace(/Ids$/, 'Id')] = ids;
  }
  return { byName, any: [...sample.values()].flatMap((ids) => ids.slice(0, 1)) };
}

function collectIdFields(schema: Operation['body'], into: Set<string>, depth = 0) {
  if (!schema || depth > 6) return;
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    into.add(key);
    collectIdFields(s, into, depth + 1);
    collectIdFields(s.items ?? null, into, depth + 1);
  }
}
