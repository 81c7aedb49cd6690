import { sql } from 'kysely';
import type { Database } from './index';

/** The shape of the live schema, read from the database itself, the same on SQLite and PostgreSQL. */
export interface TableShape {
  name: string;
  columns: { name: string; type: string; notNull: boolean; hasSequence: boolean }[];
  primaryKey: string[];
  uniques: string[][];
  foreignKeys: { columns: string[]; refTable: string; refColumns: string[] }[];
}

const ignored = (name: string) => name.startsWith('schema_migrations') || name.startsWith('sqlite_');

export async function describeSchema(database: Database): Promise<TableShape[]> {
  return database.dialect === 'sqlite' ? describeSqlite(database) : describePostgres(database);
}

async function describeSqlite(database: Database): Promise<TableShape[]> {
  const raw = database.sqlite!;
  const tables = raw.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as {
    name: string;
  }[];
  return tables
    .filter((t) => !ignored(t.name))
    .map(({ name }) => {
      const info = raw.prepare(`pragma table_info(${JSON.stringify(name)})`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      const indexes = raw.prepare(`pragma index_list(${JSON.stringify(name)})`).all() as {
        name: string;
        unique: number;
        origin: string;
      }[];
      const uniques = indexes
        .filter((i) => i.unique && i.origin !== 'pk')
        .map((i) =>
          (
            raw.prepare(`pragma index_info(${JSON.stringify(i.name)})`).all() as {
              seqno: number;
              name: string;
            }[]
          )
            .sort((a, b) => a.seqno - b.seqno)
            .map((c) => c.name),
        );
      const fks = raw.prepare(`pragma foreign_key_list(${JSON.stringify(name)})`).all() as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
      }[];
      const byId = new Map<number, typeof fks>();
      for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      return {
        name,
        columns: info.map((c) => ({
          name: c.name,
          type: c.type.toLowerCase(),
          // A lone INTEGER PRIMARY KEY is SQLite's rowid: a database-made id.
          notNull: c.notnull === 1 || c.pk > 0,
          hasSequence: primaryKey.length === 1 && c.pk === 1 && c.type.toLowerCase() === 'integer',
        })),
        primaryKey,
        uniques,
        foreignKeys: [...byId.values()].map((parts) => {
          const sorted = parts.sort((a, b) => a.seq - b.seq);
          return {
            columns: sorted.map((p) => p.from),
            refTable: sorted[0]!.table,
            refColumns: sorted.map((p) => p.to),
          };
        }),
      };
    });
}

async function describePostgres(database: Database): Promise<TableShape[]> {
  const { db } = database;
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(
    db,
  );
  const constraints = await sql<{
    table_name: string;
    contype: string;
    columns: string[];
    ref_table: string | null;
    ref_columns: string[] | null;
  }>`
    select rel.relname as table_name, con.contype,
      array(select att.attname from unnest(con.conkey) with ordinality k(n, o)
            join pg_attribute att on att.attrelid = con.conrelid and att.attnum = k.n order by k.o)::text[] as columns,
      frel.relname as ref_table,
      case when con.confrelid = 0 then null else
        array(select att.attname from unnest(con.confkey) with ordinality k(n, o)
              join pg_attribute att on att.attrelid = con.confrelid and att.attnum = k.n order by k.o)::text[] end as ref_columns
    from pg_constraint con
    join pg_class rel on rel.oid = con.conrelid
    join pg_namespace ns on ns.oid = rel.relnamespace and ns.nspname = current_schema()
    left join pg_class frel on frel.oid = con.confrelid
    where con.contype in ('p', 'u', 'f')`.execute(db);
  const uniqueIndexes = await sql<{ table_name: string; columns: string[] }>`
    select t.relname as table_name,
      array(select a.attname from unnest(ix.indkey) with ordinality k(n, o)
            join pg_attribute a on a.attrelid = t.oid and a.attnum = k.n order by k.o)::text[] as columns
    from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_class i on i.oid = ix.indexrelid
    join pg_namespace ns on ns.oid = t.relnamespace and ns.nspname = current_schema()
    where ix.indisunique and not ix.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid)`.execute(db);
  const names = [...new Set(columns.rows.map((c) => c.table_name))].filter((n) => !ignored(n)).sort();
  return names.map((name) => {
    const cons = constraints.rows.filter((c) => c.table_name === name);
    return {
      name,
      columns: columns.rows
        .filter((c) => c.table_name === name)
        .map((c) => ({
          name: c.column_name,
          type: c.data_type.toLowerCase(),
          notNull: c.is_nullable === 'NO',
          hasSequence: !!c.column_default?.startsWith('nextval(') || false,
        })),
      primaryKey: cons.find((c) => c.contype === 'p')?.columns ?? [],
      uniques: [
        ...cons.filter((c) => c.contype === 'u').map((c) => c.columns),
        ...uniqueIndexes.rows.filter((u) => u.table_name === name).map((u) => u.columns),
      ],
      foreignKeys: cons
        .filter((c) => c.contype === 'f')
        .map((c) => ({ columns: c.columns, refTable: c.ref_table!, refColumns: c.ref_columns ?? [] })),
    };
  });
}
