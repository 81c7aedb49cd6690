import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Locale } from '../../core/config';
import type { Deps } from '../../core/deps';
import type { DB, NotificationsTable } from '../../core/db/schema';
import { messages, type MessageCode } from '../../core/i18n';
import { newId } from '../../core/ids';
import { Nullable } from '../../core/http/schemas';
import { channels } from './channels';
import { localeOf, renderNotification, type NotifyParams } from './text';

/**
 * The inbox (消息): one row per account told something — an order assigned, an assembly announced.
 * The text is not stored: `kind` names the message `notify.<kind>` in src/core/i18n.ts (rendered by
 * the server for outside channels and lists) and in web/shared/locales (rendered by the pages), so
 * each reader sees it in their own language.
 */

/** Every kind with a text in src/core/i18n.ts, so a kind without one does not compile. */
export type NotifyKind = MessageCode extends infer C ? (C extends `notify.${infer K}` ? K : never) : never;

export interface NotifyMessage {
  kind: NotifyKind;
  params?: NotifyParams;
  /** Where the notification leads inside the app, e.g. `/orders/<id>`; never an outside address. */
  link?: string | null;
}

export const accountTopic = (accountId: string) => `account:${accountId}`;

/** The event type published on `account:<id>` for each new notification; its data is a Notification. */
export const notificationEvent = 'notification';
/** Published when notifications are marked read, so the account's other tabs update their badge. */
export const notificationsReadEvent = 'notifications.read';

export const Notification = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  kind: Type.String({ description: 'message code notify.<kind>' }),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  text: Type.String({ description: 'rendered in the request’s language' }),
  link: Nullable(Type.String()),
  createdAt: Type.Integer(),
  readAt: Nullable(Type.Integer()),
});

export function notificationView(row: NotificationsTable, locale: Locale) {
  const params = JSON.parse(row.params_json) as NotifyParams;
  return {
    id: row.id,
    communityId: row.community_id,
    kind: row.kind,
    params,
    text: renderNotification(row.kind, params, locale),
    link: row.link,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** Bulk notices reach thousands of accounts: insert in slices within SQLite's limit on parameters. */
function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface Notified {
  /** The new notifications' ids, one per account told, in the order the accounts were given. */
  ids: string[];
  /**
   * Tells the accounts' open pages. notify() calls it itself when it wrote outside a transaction;
   * with `trx`, call it once the transaction has committed. Calling it again does nothing.
   */
  publish(): Promise<void>;
}

/**
 * Writes a notification for each account (live, not disabled; duplicates told once), queues it
 * for every configured outside channel, and tells the accounts' open pages. Pass `trx` to write
 * inside your transaction, then call the returned `publish()` after it commits.
 */
export async function notify(
  deps: Pick<Deps, 'db' | 'config' | 'events'>,
  communityId: string,
  accountIds: readonly string[],
  message: NotifyMessage,
  options: { trx?: Kysely<DB> } = {},
): Promise<Notified> {
  const { kind, params = {}, link = null } = message;
  if (!(`notify.${kind}` in messages)) throw new Error(`notification kind ${kind} has no text in i18n.ts`);
  if (link !== null && !/^\/(?!\/)/.test(link))
    throw new Error(`notification link must be a path inside the app, got ${link}`);
  const db = options.trx ?? deps.db;
  const wanted = [...new Set(accountIds)];
  const live = wanted.length
    ? await db
        .selectFrom('accounts')
        .select(['id', 'locale'])
        .where('id', 'in', wanted)
        .where('disabled_at', 'is', null)
        .execute()
    : [];
  // In the caller's order, so `ids[i]` is the notification of the i-th account told.
  const accounts = wanted.flatMap((id) => live.filter((a) => a.id === id));
  const now = Date.now();
  const rows: NotificationsTable[] = accounts.map((a) => ({
    community_id: communityId,
    id: newId(),
    account_id: a.id,
    kind,
    params_json: JSON.stringify(params),
    link,
    created_at: now,
    read_at: null,
  }));
  if (rows.length) {
    for (const chunk of chunks(rows)) await db.insertInto('notifications').values(chunk).execute();
    const outbox = channels
      .filter((c) => c.enabled(deps.config))
      .flatMap((c) =>
        rows.map((n) => ({
          community_id: communityId,
          id: newId(),
          notification_id: n.id,
          channel: c.name,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          sent_at: null,
        })),
      );
    for (const chunk of chunks(outbox))
      await db.insertInto('notification_deliveries').values(chunk).execute();
  }

  let published = false;
  const notified: Notified = {
    ids: rows.map((r) => r.id),
    async publish() {
      if (published) return;
      published = true;
      for (const [i, row] of rows.entries()) {
        const locale = localeOf(accounts[i]!, deps.config.defaultLocale);
        await deps.events.publish(
          accountTopic(row.account_id),
          notificationEvent,
          notificationView(row, locale),
        );
      }
    },
  };
  if (!options.trx) await notified.publish();
  return notified;
}
