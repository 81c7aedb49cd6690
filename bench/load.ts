import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import autocannon from 'autocannon';
import type { Manifest } from './city';
import { lastMonth } from './direct';

/**
 * The load clients: real logins (session cookie and CSRF token) for the manifest's residents, voters
 * and staff, and the workloads autocannon drives over loopback, each alone and as the mix.
 */

export interface Session {
  cookie: string;
  csrf: string;
  communityId: string;
}

export async function login(
  base: string,
  phone: string,
  password: string,
  communityId = '',
): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (res.status !== 200) throw new Error(`login ${phone}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('gz_sid='));
  if (!cookie) throw new Error(`login ${phone}: no session cookie`);
  return { cookie, csrf: csrfToken, communityId };
}

/** Logs in `items` two at a time (scrypt is slow on purpose, and the machine has two cores). */
export async function loginAll<T>(
  items: readonly T[],
  one: (item: T) => Promise<Session>,
): Promise<Session[]> {
  const out: Session[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(one))));
  return out;
}

export interface Sessions {
  residents: Session[];
  voters: Session[];
  staff: Session[];
}

type Req = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const key = () => randomBytes(12).toString('hex');

const asSession = (s: Session, extra: Record<string, string> = {}) => ({
  cookie: s.cookie,
  'x-csrf-token': s.csrf,
  'accept-language': 'zh-CN',
  ...extra,
});

/** One request of each kind, for a random load account. */
export function requestMakers(m: Manifest, s: Sessions) {
  const categories = new Map(m.communities.map((c) => [c.id, c.categoryIds]));
  const month = lastMonth(m.now);
  const { assembly } = m;
  let read = 0;
  return {
    /** Resident home (my households) and my orders, in turn. */
    residentRead: (): Req => {
      const r = pick(s.residents);
      return {
        method: 'GET',
        path: read++ % 2 ? '/api/v1/me/orders?pageSize=20' : '/api/v1/me/households',
        headers: asSession(r),
      };
    },
    orderCreate: (): Req => {
      const r = pick(s.residents);
      return {
        method: 'POST',
        path: '/api/v1/me/orders',
        headers: asSession(r, { 'content-type': 'application/json', 'idempotency-key': key() }),
        body: JSON.stringify({
          categoryId: pick(categories.get(r.communityId)!),
          description: '压测：厨房水龙头一直滴水',
        }),
      };
    },
    ballotCast: (): Req => ({
      method: 'POST',
      path: `/api/v1/me/assemblies/${assembly.id}/matters/${assembly.matterId}/ballots`,
      headers: asSession(pick(s.voters), { 'content-type': 'application/json' }),
      body: JSON.stringify({ choice: pick(['yes', 'yes', 'no', 'abstain']), idempotencyKey: key() }),
    }),
    /** The dispatch board's first page as the console opens it (no filters, newest first). */
    board: (): Req => {
      const st = pick(s.staff);
      return {
        method: 'GET',
        path: `/api/v1/communities/${st.communityId}/orders?page=1&pageSize=20`,
        headers: asSession(st),
      };
    },
    figures: (): Req => {
      const st = pick(s.staff);
      return {
        method: 'GET',
        path: `/api/v1/communities/${st.communityId}/orders/figures?from=${month.from}&to=${month.to}`,
        headers: asSession(st),
      };
    },
  };
}

export type Maker = () => Req;

/** Draws each request from `weights`: the mix is 70% resident reads and 10% each of the rest. */
export function mixOf(makers: Record<string, Maker>, weights: Record<string, number>): Maker {
  const entries = Object.entries(weights);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  return () => {
    let r = Math.random() * total;
    for (const [name, w] of entries) if ((r -= w) < 0) return makers[name]!();
    return makers[entries[0]![0]]!();
  };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
  /** A body of a non-2xx answer, to say why. */
  failure?: string;
  rssMaxMb?: number;
  /**
   * The server's CPU time per answered request: on a machine shared with other work, what a request
   * costs matters more than how many the scheduler let through.
   */
  serverCpuMsPerRequest?: number;
}

/** CPU time the process has used (user + system), in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** Drives `make` over `connections` for `seconds`, sampling the server's RSS as it goes. */
export async function drive(
  url: string,
  make: Maker,
  opts: { seconds: number; connections: number; pid?: number },
): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  let failure: string | undefined;
  let rssMax = 0;
  const cpuBefore = opts.pid ? cpuMs(opts.pid) : 0;
  const sampler = opts.pid
    ? setInterval(() => (rssMax = Math.max(rssMax, rssMb(opts.pid!))), 250)
    : undefined;
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [
      {
        setupRequest: (req) => ({ ...req, ...make() }),
        onResponse: (status, body) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if ((status < 200 || status > 299) && !failure) failure = `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  });
  if (sampler) clearInterval(sampler);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
    ...(failure ? { failure } : {}),
    ...(opts.pid
      ? {
          rssMaxMb: Math.max(rssMax, rssMb(opts.pid)),
          serverCpuMsPerRequest:
            Math.round(((cpuMs(opts.pid) - cpuBefore) / Math.max(1, result.requests.total)) * 1000) / 1000,
        }
      : {}),
  };
}

export { rssMb };
