import type { Kysely } from 'kysely';

/**
 * A password made up for someone (an account created with a role grant) works for a week and must be
 * changed at first login: the office hands it over on paper or by phone, so it must not last.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('password_expires_at', 'bigint').execute();
}
