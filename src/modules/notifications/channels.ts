import { createHmac } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { NotificationDeliveriesTable } from '../../core/db/schema';
import type { Config, Locale } from '../../core/config';
import type { Deps } from '../../core/deps';
import type { Job } from '../../core/jobs';
import { localeOf, renderNotification, type NotifyParams } from './text';

/**
 * Outside channels (a WeChat template-message or SMS gateway behind a webhook). notify() queues one
 * delivery per enabled channel in notification_deliveries (the outbox); a job sends what is due,
 * retries with growing pauses, and gives up after NOTIFY_WEBHOOK_MAX_ATTEMPTS (status `failed`,
 * with the last error, listed for the community's administrators).
 */

/** One notification as an outside channel receives it, its text already in the reader's language. */
export interface OutgoingNotification {
  id: string;
  kind: string;
  communityId: string;
  accountId: string;
  locale: Locale;
  text: string;
  link: string | null;
  createdAt: number;
}

export interface NotificationChannel {
  name: string;
  enabled(config: Config): boolean;
  /** Resolves once the channel has accepted the message; throws (with a short reason) otherwise. */
  send(message: OutgoingNotification, config: Config): Promise<void>;
}

export const signatureHeader = 'x-gongzhi-signature';
export const timestampHeader = 'x-gongzhi-timestamp';

/** `sha256=<hex>` of `<timestamp>.<body>`: the receiver recomputes it with the shared secret and checks the time. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export const webhookChannel: NotificationChannel = {
  name: 'webhook',
  enabled: (config) => !!config.notifyWebhookUrl,
  async send(message, config) {
    const body = JSON.stringify(message);
    const timestamp = String(Date.now());
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'gongzhi-notify/1',
      [timestampHeader]: timestamp,
    };
    if (config.notifyWebhookSecret)
      headers[signatureHeader] = webhookSignature(config.notifyWebhookSecret, timestamp, body);
    let res: Response;
    try {
      res = await fetch(config.notifyWebhookUrl!, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(config.notifyWebhookTimeoutSeconds * 1000),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError')
        throw new Error(`no answer within ${config.notifyWebhookTimeoutSeconds} s`, { cause: err });
      throw new Error(e.cause?.code ?? e.message, { cause: err });
    }
    // Read (and drop) the body so the connection can be reused.
    const answer = (await res.text().catch(() => '')).slice(0, 200);
    if (!res.ok) throw new Error(`HTTP ${res.status}${answer ? `: ${answer}` : ''}`);
  },
};

export const channels: readonly NotificationChannel[] = [webhookChannel];

/** Pause before attempt n+1 after n failures: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(failures: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failures - 1), 60 * 60_000);
}

const batchSize = 50;
const parallel = 5;

async function deliverDue(deps: Deps, channel: NotificationChannel, now: number): Promise<void> {
  const { db, config } = deps;
  const due = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', (j) =>
      j.onRef('n.community_id', '=', 'd.community_id').onRef('n.id', '=', 'd.notification_id'),
    )
    .innerJoin('accounts as a', 'a.id', 'n.account_id')
    .select([
      'd.community_id',
      'd.id',
      'd.attempts',
      'd.next_attempt_at',
      'n.id as notification_id',
      'n.account_id',
      'n.kind',
      'n.params_json',
      'n.link',
      'n.created_at',
      'a.locale',
    ])
    .where('d.channel', '=', channel.name)
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .orderBy('d.next_attempt_at')
    .limit(batchSize)
    .execute();

  // Hold a claimed row long enough for the slowest answer, so another process leaves it alone.
  const leaseMs = config.notifyWebhookTimeoutSeconds * 1000 + 60_000;
  const deliverOne = async (row: (typeof due)[number]) => {
    const claimed = await db
      .updateTable('notification_deliveries')
      .set({ next_attempt_at: now + leaseMs })
      .where('community_id', '=', row.community_id)
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;

    const locale = localeOf(row, config.defaultLocale);
    const params = JSON.parse(row.params_json) as NotifyParams;
    const attempts = row.attempts + 1;
    const settle = (set: Updateable<NotificationDeliveriesTable>) =>
      db
        .updateTable('notification_deliveries')
        .set(set)
        .where('community_id', '=', row.community_id)
        .where('id', '=', row.id)
        .execute();
    try {
      await channel.send(
        {
          id: row.notification_id,
          kind: row.kind,
          communityId: row.community_id,
          accountId: row.account_id,
          locale,
          text: renderNotification(row.kind, params, locale),
          link: row.link,
          createdAt: row.created_at,
        },
        config,
      );
      await settle({ status: 'sent', attempts, sent_at: Date.now(), last_error: null });
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const giveUp = attempts >= config.notifyWebhookMaxAttempts;
      await settle({
        status: giveUp ? 'failed' : 'pending',
        attempts,
        last_error: reason,
        next_attempt_at: giveUp ? now : now + retryDelayMs(attempts),
      });
    }
  };
  for (let i = 0; i < due.length; i += parallel)
    await Promise.all(due.slice(i, i + parallel).map(deliverOne));
}

export const notificationJobs: Job[] = [
  {
    name: 'notifications.deliver',
    everyMs: 5_000,
    async run(deps, now) {
      for (const channel of channels) if (channel.enabled(deps.config)) await deliverDue(deps, channel, now);
    },
  },
];
