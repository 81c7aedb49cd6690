import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Client } from './client';

/** One message of a server-sent event stream, as src/core/http/sse.ts writes it. */
export interface StreamEvent {
  id: string | null;
  type: string;
  topic: string | null;
  data: unknown;
}

export interface EventStream {
  /** The response headers the stream was opened with. */
  headers: http.IncomingHttpHeaders;
  /**
   * The next event (of `type`, when given; others before it are passed over). Rejects after
   * `timeoutMs` so a missing event fails the test instead of hanging it.
   */
  next(type?: string, timeoutMs?: number): Promise<StreamEvent>;
  /** Comment lines seen so far (heartbeats). */
  comments(): number;
  close(): void;
}

const listening = new WeakMap<FastifyInstance, Promise<string>>();

/** The app's address on loopback, listening on a free port the first time it is asked. */
export function baseUrl(app: FastifyInstance): Promise<string> {
  let url = listening.get(app);
  if (!url) {
    const address = app.server.address() as AddressInfo | null;
    url = address
      ? Promise.resolve(`http://127.0.0.1:${address.port}`)
      : app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
          const { port } = app.server.address() as AddressInfo;
          return `http://127.0.0.1:${port}`;
        });
    listening.set(app, url);
  }
  return url;
}

/**
 * Opens `path` as an event stream over a real socket (app.inject cannot stream), as `client`: its
 * session cookie and language. Resolves once the server has sent `ready`, i.e. once it is
 * subscribed, so an event published afterwards is sure to arrive. A refused stream (401, 403, 404)
 * rejects with the status and body.
 */
export async function openEventStream(
  client: Client,
  path: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const url = new URL(path, await baseUrl(client.app));
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { ...client.headers(), accept: 'text/event-stream', ...headers } },
      resolve,
    );
    req.on('error', reject);
  });
  if (res.statusCode !== 200) {
    let text = '';
    for await (const chunk of res) text += String(chunk);
    throw new Error(`event stream ${path} answered ${res.statusCode}: ${text}`);
  }
  res.setEncoding('utf8');

  const queue: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  let comments = 0;
  let buffer = '';
  let closed = false;
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let id: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments++;
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) {
        const envelope = JSON.parse(data.join('\n')) as Omit<StreamEvent, 'id'>;
        queue.push({ id, ...envelope });
      }
    }
    wake();
  });
  res.on('close', () => {
    closed = true;
    wake();
  });

  const stream: EventStream = {
    headers: res.headers,
    comments: () => comments,
    next(type, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (queue.length) {
            const e = queue.shift()!;
            if (!type || e.type === type) {
              done();
              resolve(e);
              return;
            }
          }
          if (closed) {
            done();
            reject(new Error(`event stream ${path} closed while waiting for ${type ?? 'an event'}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${type ?? 'event'} on ${path} within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      res.destroy();
    },
  };
  await stream.next('ready');
  return stream;
}
