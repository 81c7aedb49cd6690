import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database, LoggerLike } from './db';

/**
 * Live events (DESIGN §3): what a page needs to hear without reloading — a new notification, an
 * order taken, a ballot counted. Delivered to every subscriber in this process at once and, on
 * PostgreSQL, to every other server process on the same database through LISTEN/NOTIFY.
 *
 * Topics: `account:<accountId>`, `orders:<communityId>`, `assembly:<assemblyId>`. Publish after the
 * transaction commits, so nobody hears of a row they cannot yet read.
 */

export interface BusEvent {
  topic: string;
  type: string;
  data: unknown;
}

export type BusListener = (e: BusEvent) => void;

export interface EventBus {
  publish(topic: string, type: string, data: unknown): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(topic: string, listener: BusListener): () => void;
  close(): Promise<void>;
}

/** The one NOTIFY channel all processes share; NOTIFY is scoped to the database already. */
export const eventChannel = 'gongzhi_events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay clear of it. */
export const maxPayloadBytes = 7_500;

/**
 * Data too large for one NOTIFY keeps only its ids (`id`, `…Id`, `…Ids`): a subscriber then loads
 * what it needs. Applied in every process alike so a listener sees the same shape wherever it runs.
 */
export function fitPayload(data: unknown, budget: number): unknown {
  if (Buffer.byteLength(JSON.stringify(data ?? null)) <= budget) return data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { truncated: true };
  const ids = Object.fromEntries(Object.entries(data).filter(([key]) => key === 'id' || /Ids?$/.test(key)));
  const reduced = { ...ids, truncated: true };
  return Buffer.byteLength(JSON.stringify(reduced)) <= budget ? reduced : { truncated: true };
}

/** Subscribers in this process, by topic. */
class LocalFanOut {
  private readonly topics = new Map<string, Set<BusListener>>();

  constructor(private readonly logger: LoggerLike) {}

  subscribe(topic: string, listener: BusListener): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      const current = this.topics.get(topic);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.topics.delete(topic);
    };
  }

  deliver(e: BusEvent): void {
    for (const listener of [...(this.topics.get(e.topic) ?? [])]) {
      // One broken subscriber (a socket gone bad) must not keep the event from the others.
      try {
        listener(e);
      } catch (err) {
        this.logger.error({ err, topic: e.topic, type: e.type }, 'event listener failed');
      }
    }
  }

  clear(): void {
    this.topics.clear();
  }
}

/** What travels on the wire: the event and the process it came from, so that process skips its own. */
interface Wire {
  o: string;
  t: string;
  y: string;
  d: unknown;
}

function encode(
  origin: string,
  topic: string,
  type: string,
  data: unknown,
): { json: string; event: BusEvent } {
  const overhead = Buffer.byteLength(JSON.stringify({ o: origin, t: topic, y: type, d: null }));
  const wire: Wire = { o: origin, t: topic, y: type, d: fitPayload(data, maxPayloadBytes - overhead) };
  const json = JSON.stringify(wire);
  // Subscribers here get exactly what other processes parse: plain JSON, no shared references.
  const parsed = JSON.parse(json) as Wire;
  return { json, event: { topic, type, data: parsed.d } };
}

/** SQLite means one process: the fan-out in memory is all there is. */
export class InProcessEventBus implements EventBus {
  private readonly local: LocalFanOut;
  private closed = false;

  constructor(logger: LoggerLike = console) {
    this.local = new LocalFanOut(logger);
  }

  async publish(topic: string, type: string, data: unknown): Promise<void> {
    if (this.closed) return;
    this.local.deliver(encode('', topic, type, data).event);
  }

  subscribe(topic: string, listener: BusListener): () => void {
    return this.local.subscribe(topic, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.local.clear();
  }
}

const firstRetryMs = 500;
const maxRetryMs = 30_000;

/**
 * PostgreSQL: publish with pg_notify through the pool; listen on one dedicated connection (a pooled
 * one would be handed to other queries and lose its LISTEN). The listening connection opens with
 * the first subscription, so commands that never subscribe (migrate, import) do not hold one, and
 * it reconnects with backoff when the database restarts. Events published while it is down are
 * missed by this process: live pages fetch their state again when their stream reconnects.
 */
export class PgEventBus implements EventBus {
  private readonly origin = randomUUID();
  private readonly local: LocalFanOut;
  private client: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = firstRetryMs;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly logger: LoggerLike & { warn?(msg: string): void } = console,
  ) {
    this.local = new LocalFanOut(logger);
  }

  async publish(topic: string, type: string, data: unknown): Promise<void> {
    if (this.closed) return;
    const { json, event } = encode(this.origin, topic, type, data);
    this.local.deliver(event);
    try {
      await sql`select pg_notify(${eventChannel}, ${json})`.execute(this.database.db);
    } catch (err) {
      // The write it announces has committed; failing the request now would only mislead the caller.
      this.logger.error({ err, topic, type }, 'could not publish event to other processes');
    }
  }

  subscribe(topic: string, listener: BusListener): () => void {
    const unsubscribe = this.local.subscribe(topic, listener);
    void this.ready().catch(() => {});
    return unsubscribe;
  }

  /** Resolves once this process is listening for other processes' events (opens the connection if needed). */
  ready(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.listening ??= this.listen();
    return this.listening;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.database.location });
    this.client = client;
    client.on('notification', (msg) => this.receive(msg.payload));
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = null;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      if (this.closed) return;
      this.logger.error({ err }, `event listener lost its connection; retrying in ${this.retryMs} ms`);
      this.scheduleRetry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${eventChannel}`);
      this.retryMs = firstRetryMs;
    } catch (err) {
      lost(err as Error);
      throw err;
    }
  }

  private scheduleRetry() {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, maxRetryMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.ready().catch(() => {});
    }, wait);
    this.retryTimer.unref();
  }

  private receive(payload: string | undefined) {
    if (!payload) return;
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (wire.o === this.origin || typeof wire.t !== 'string' || typeof wire.y !== 'string') return;
    this.local.deliver({ topic: wire.t, type: wire.y, data: wire.d });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.local.clear();
    const client = this.client;
    this.client = null;
    this.listening = null;
    if (client) await client.end().catch(() => {});
  }
}

export function createEventBus(database: Database, logger: LoggerLike = console): EventBus {
  return database.dialect === 'postgres' ? new PgEventBus(database, logger) : new InProcessEventBus(logger);
}
