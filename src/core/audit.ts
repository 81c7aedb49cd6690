import type { Kysely } from 'kysely';
import type { DB } from './db/schema';
import { newId } from './ids';

/**
 * The append-only audit log (DESIGN §5): role grants, bindings, unmasking and every write that
 * changes a person's rights or a public figure. Rows are only ever inserted.
 */
export interface AuditEntry {
  actorAccountId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends one entry, or many in one statement (a bulk import's rows), to the community's log. */
export async function audit(
  db: Kysely<DB>,
  communityId: string,
  entries: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
  if (!list.length) return;
  const at = Date.now();
  await db
    .insertInto('audit_log')
    .values(
      list.map((entry) => ({
        community_id: communityId,
        id: newId(),
        at,
        actor_account_id: entry.actorAccountId,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId ?? null,
        before_json: json(entry.before),
        after_json: json(entry.after),
        ip: entry.ip ?? null,
        request_id: entry.requestId ?? null,
      })),
    )
    .execute();
}

/** For what happens above any one community: streets, communities, street grants, accounts. */
export async function auditPlatform(
  db: Kysely<DB>,
  streetId: string | null,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('platform_audit_log')
    .values({
      id: newId(),
      at: Date.now(),
      street_id: streetId,
      actor_account_id: entry.actorAccountId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      before_json: json(entry.before),
      after_json: json(entry.after),
      ip: entry.ip ?? null,
      request_id: entry.requestId ?? null,
    })
    .execute();
}
