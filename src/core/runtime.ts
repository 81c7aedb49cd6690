import type { Config } from './config';
import { createVault, loadOrCreateKey } from './crypto';
import { openDatabase, type LoggerLike } from './db';
import { migrateToLatest } from './db/migrator';
import type { Deps } from './deps';
import { createEventBus } from './events';

/** Opens the database, brings its schema up to date, and loads the key: everything a command needs. */
export async function openRuntime(
  config: Config,
  logger: LoggerLike & { warn(msg: string): void } = console,
): Promise<Deps> {
  const key = loadOrCreateKey(config.secretKey, config.dataDir);
  if (key.created)
    logger.warn(
      `Generated a new encryption key at ${key.file}. Back it up: without it the phone and ID numbers in the database cannot be read.`,
    );
  const database = openDatabase(config, logger);
  try {
    await migrateToLatest(database.db as never);
  } catch (err) {
    await database.close();
    throw err;
  }
  return {
    config,
    database,
    db: database.db,
    vault: createVault(key.key),
    events: createEventBus(database, logger),
  };
}
