import http from 'node:http';

/**
 * A caller over real HTTP to a server in another process: what a phone or a browser does, cookies
 * and CSRF token included. It sends exactly the bytes it is given (raw paths, any content type, bodies
 * that are not JSON), so the fuzzer can reach the server's parsers; a dropped connection is an
 * answer of its own (`status: 0`), which is what the crash part counts as "no answer".
 */

export interface Answer {
  /** 0: no answer (connection refused or dropped, or timed out). */
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Why there was no answer. */
  error?: string;
}

export const json = <T = Record<string, unknown>>(a: Answer): T => JSON.parse(a.text) as T;

export interface Sent {
  /** A JSON value, sent as application/json; or a Buffer/string sent as it is with `contentType`. */
  body?: unknown;
  raw?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One request. A kept-alive socket the server had already closed (after a 413, say) fails with
 * ECONNRESET before the server saw anything: that is sent once more on a new socket, as browsers do.
 */
export function request(base: string, method: string, path: string, sent: Sent = {}): Promise<Answer> {
  return attempt(base, method, path, sent, true);
}

function attempt(base: string, method: string, path: string, sent: Sent, mayRetry: boolean): Promise<Answer> {
  const url = new URL(base);
  const payload =
    sent.raw !== undefined
      ? Buffer.from(sent.raw)
      : sent.body !== undefined
        ? Buffer.from(JSON.stringify(sent.body))
        : undefined;
  const headers: Record<string, string | number> = { ...sent.headers };
  if (payload) {
    headers['content-type'] = sent.contentType ?? 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent, timeout: sent.timeoutMs ?? 30_000 },
      (res) => {
        // A live event stream never ends: its status and headers are the answer.
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy();
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', (err) => resolve({ status: 0, headers: {}, text: '', error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (mayRetry && req.reusedSocket && err.code === 'ECONNRESET')
        resolve(attempt(base, method, path, sent, false));
      else resolve({ status: 0, headers: {}, text: '', error: err.code ?? err.message });
    });
    req.end(payload);
  });
}

/** A logged-in (or anonymous) caller: keeps the session cookie, sends the CSRF token and a language. */
export class HttpClient {
  private cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    public base: string,
    readonly locale = 'zh-CN',
  ) {}

  async send(method: string, path: string, sent: Sent = {}): Promise<Answer> {
    const answer = await request(this.base, method, path, {
      ...sent,
      headers: {
        'accept-language': this.locale,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...sent.headers,
      },
    });
    for (const line of [answer.headers['set-cookie'] ?? []].flat()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', at = ''] = a.trim().split('=');
        return (
          (/^max-age$/i.test(key) && Number(at) <= 0) ||
          (/^expires$/i.test(key) && Date.parse(at) < Date.now())
        );
      });
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return answer;
  }

  get(path: string, sent?: Sent) {
    return this.send('GET', path, sent);
  }

  post(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.send('POST', path, { body, ...(headers ? { headers } : {}) });
  }

  async login(phone: string, password: string): Promise<this> {
    const res = await this.post('/api/v1/auth/login', { phone, password });
    if (res.status !== 200) throw new Error(`login ${phone} failed: ${res.status} ${res.text}`);
    this.csrf = json<{ csrfToken: string }>(res).csrfToken;
    return this;
  }
}
