import type { Kysely } from 'kysely';
import { hashPassword } from '../../core/auth/passwords';
import type { Deps } from '../../core/deps';
import type { DB } from '../../core/db/schema';
import { newId } from '../../core/ids';
import { seedAssemblies } from './assemblies';
import { seedDeliberation } from './deliberation';
import {
  buildDemo,
  demoPassword,
  demoStreetCode,
  type DemoGuide,
  type DemoLogin,
  type DemoRows,
} from './data';
import { prepareSheets } from './sheets';

export type { DemoGuide, DemoLogin };
export { demoStreetCode };

export interface DemoSeeded {
  logins: DemoLogin[];
  /** Rows written, per table. */
  counts: Partial<Record<keyof DB, number>>;
  /** Wall time of the whole load, password hashing included. */
  ms: number;
  guide: DemoGuide;
}

/** Parents before children, so every foreign key finds its row (party_orgs lists parents first too). */
const insertOrder = [
  'streets',
  'communities',
  'property_companies',
  'accounts',
  'street_grants',
  'grants',
  'compounds',
  'buildings',
  'entrances',
  'rooms',
  'people',
  'households',
  'residencies',
  'ownerships',
  'grids',
  'grid_buildings',
  'grid_workers',
  'party_orgs',
  'party_positions',
  'owner_committees',
  'committee_members',
  'property_contracts',
  'cobuild_units',
  'squads',
  'squad_members',
  'household_bindings',
  'order_categories',
  'orders',
  'order_events',
] as const satisfies readonly (keyof DB)[];

// At most 16 000 bound values a statement: well below SQLite's 32 766 and PostgreSQL's 65 535.
const valuesPerStatement = 16_000;

async function insertChunks<T extends keyof DB>(db: Kysely<DB>, table: T, rows: readonly DB[T][]) {
  const chunkSize = Math.floor(valuesPerStatement / Math.max(1, Object.keys(rows[0] ?? {}).length));
  for (let i = 0; i < rows.length; i += chunkSize)
    // Kysely cannot relate a generic table name to its row type; every row here is a full DB[T].
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunkSize) as never)
      .execute();
}

export async function demoExists(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const street = await deps.db
    .selectFrom('streets')
    .select('id')
    .where('code', '=', demoStreetCode)
    .executeTakeFirst();
  return !!street;
}

/**
 * Loads the demo street in one transaction, in batches: all of it or nothing (the scans of its paper
 * ballots, written meanwhile, are removed again if the load fails). Refuses when one of the demo's phone
 * numbers is already registered, rather than half-linking someone's account.
 */
export async function seedDemo(deps: Pick<Deps, 'db' | 'vault' | 'config'>): Promise<DemoSeeded> {
  const started = performance.now();
  const passwordHash = await hashPassword(demoPassword);
  const { rows, logins, assemblies, deliberation, guide } = buildDemo({
    id: newId,
    now: Date.now(),
    vault: deps.vault,
    passwordHash,
  });
  const unordered = Object.keys(rows).filter((t) => !(insertOrder as readonly string[]).includes(t));
  if (unordered.length)
    throw new Error(`the demo has rows for ${unordered.join(', ')} but no place to insert them`);
  const sheets = await prepareSheets(
    deps.config,
    assemblies.open.row.community_id,
    [assemblies.published, assemblies.open].flatMap((a) =>
      a.ballots.flatMap((b) => (b.paper ? [b.paper] : [])),
    ),
  );
  const voting = await deps.db
    .transaction()
    .execute(async (trx) => {
      const taken = await trx
        .selectFrom('accounts')
        .select('id')
        .where(
          'phone_hash',
          'in',
          (rows.accounts ?? []).map((a) => a.phone_hash),
        )
        .executeTakeFirst();
      if (taken)
        throw new Error(
          'a demo phone number (1380000xxxx or 1990000xxxx) is already registered; use a fresh database',
        );
      // The scans go to disk while the rows go in; a failed write fails the load.
      const written = sheets.write();
      written.catch(() => undefined);
      for (const table of insertOrder) await insertChunks(trx, table, (rows as DemoRows)[table] ?? []);
      const seeded = await seedAssemblies(trx, assemblies, sheets);
      const deliberated = await seedDeliberation(trx, deliberation);
      await written;
      return { ...seeded, deliberated };
    })
    .catch(async (err: unknown) => {
      await sheets.remove();
      throw err;
    });
  const counts: DemoSeeded['counts'] = {
    ...Object.fromEntries(insertOrder.map((t) => [t, rows[t]?.length ?? 0])),
    assemblies: voting.assemblies,
    assembly_voters: voting.voters,
    ballots: voting.ballots,
    paper_ballots: voting.paperSheets,
    canvass_records: voting.canvassRecords,
    ...voting.deliberated,
  };
  return { logins, counts, ms: Math.round(performance.now() - started), guide };
}

/** Loads the demo street when the database has no street yet; returns what it loaded, or null if it did nothing. */
export async function seedDemoIfEmpty(
  deps: Pick<Deps, 'db' | 'vault' | 'config'>,
): Promise<DemoSeeded | null> {
  const any = await deps.db.selectFrom('streets').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  return seedDemo(deps);
}
