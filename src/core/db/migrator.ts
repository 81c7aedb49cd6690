import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/0001_foundation';
import * as oneLiveRow from './migrations/0002_one_live_row';
import * as live from './migrations/0003_live';
import * as orders from './migrations/0004_orders';
import * as assemblies from './migrations/0005_assemblies';
import * as deliberation from './migrations/0006_deliberation';
import * as benchIndexes from './migrations/0007_bench_indexes';
import * as care from './migrations/0008_care';
import * as notices from './migrations/0009_notices';
import * as volunteers from './migrations/0010_volunteers';
import * as patrols from './migrations/0011_patrols';
import * as surveys from './migrations/0012_surveys';
import * as conventions from './migrations/0013_conventions';
import * as temporaryPasswords from './migrations/0014_temporary_passwords';

/** Every migration, in order. Later modules append theirs here. */
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_one_live_row': oneLiveRow,
  '0003_live': live,
  '0004_orders': orders,
  '0005_assemblies': assemblies,
  '0006_deliberation': deliberation,
  '0007_bench_indexes': benchIndexes,
  '0008_care': care,
  '0009_notices': notices,
  '0010_volunteers': volunteers,
  '0011_patrols': patrols,
  '0012_surveys': surveys,
  '0013_conventions': conventions,
  '0014_temporary_passwords': temporaryPasswords,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
