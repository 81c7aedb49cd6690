import type { CreateTableBuilder, Kysely } from 'kysely';

/**
 * Builders for tenant tables (DESIGN §5): every table holding a community's data carries
 * `community_id NOT NULL`, and its primary key, unique constraints and foreign keys to other tenant
 * tables all include it, so the data can be sharded by community (Citus) without rewriting.
 */
export function createTenantTable(db: Kysely<unknown>, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('community_id', 'text', (c) => c.notNull().references('communities.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ['community_id', 'id']);
}

/** A foreign key from a tenant table to another tenant table, through the community. */
export function tenantRef<T extends string, C extends string>(
  builder: CreateTableBuilder<T, C>,
  table: string,
  column: string,
  target: string,
) {
  return builder.addForeignKeyConstraint(`${table}_${column}_fk`, ['community_id', column] as never, target, [
    'community_id',
    'id',
  ]);
}

export function tenantUnique<T extends string, C extends string>(
  builder: CreateTableBuilder<T, C>,
  table: string,
  columns: string[],
) {
  return builder.addUniqueConstraint(`${table}_${columns.join('_')}_uq`, [
    'community_id',
    ...columns,
  ] as never);
}
