import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BusEvent } from '../events';
import { AppError } from '../errors';

/**
 * Server-sent events: a GET route becomes a stream of the events published on some topics.
 *
 * Every message is the default `message` event with a JSON envelope, so one EventSource handler
 * hears every kind (named events would need a listener per type):
 *
 *   id: 3
 *   data: {"type":"notification","topic":"account:…","data":{…}}
 *
 * The first message has type `ready`: from then on the caller is subscribed. A comment line every
 * SSE_HEARTBEAT_SECONDS keeps proxies and phones' networks from dropping an idle connection.
 * Authorise before calling; `filter` re-checks each event for this caller. Only callers that ask for
 * a stream get one (EventSource sends Accept: text/event-stream): any other GET gets 406 at once
 * instead of a response that never ends.
 */

export type EventFilter = (e: BusEvent) => boolean | Promise<boolean>;

/** How long the browser waits before reconnecting a dropped stream. */
export const reconnectMs = 3_000;
/** A client that stops reading (a phone gone to sleep) is cut off rather than buffered without end. */
const maxBufferedBytes = 1024 * 1024;

const openStreams = new WeakMap<object, Set<() => void>>();

export function streamEvents(
  req: FastifyRequest,
  reply: FastifyReply,
  topics: string[],
  filter?: EventFilter,
): Promise<void> {
  if (!/text\/event-stream/.test(req.headers.accept ?? '')) throw new AppError(406, 'stream_accept');
  const { events, config } = req.server.deps;
  // Taken out of Fastify's hands: no compression, no serialisation, no onSend hooks on a stream.
  reply.hijack();
  const res = reply.raw;
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) res.setHeader(name, value);
  res.writeHead(200, {
    'x-request-id': req.id,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.flushHeaders();

  let sequence = 0;
  let ended = false;
  const write = (chunk: string) => {
    if (ended) return;
    res.write(chunk);
    if (res.writableLength > maxBufferedBytes) end();
  };
  const send = (type: string, topic: string | null, data: unknown) =>
    write(`id: ${++sequence}\ndata: ${JSON.stringify({ type, topic, data })}\n\n`);

  // Filters may be async; a chain keeps the events in the order they were published.
  let queue = Promise.resolve();
  const onEvent = (e: BusEvent) => {
    queue = queue.then(async () => {
      if (ended) return;
      try {
        if (filter && !(await filter(e))) return;
      } catch (err) {
        req.log.warn({ err, topic: e.topic, type: e.type }, 'event filter failed; event not sent');
        return;
      }
      send(e.type, e.topic, e.data);
    });
  };
  const unsubscribes = topics.map((topic) => events.subscribe(topic, onEvent));
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), config.sseHeartbeatSeconds * 1000);

  const registry = openStreams.get(req.server.server);
  let resolveDone: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  function end() {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribes) unsubscribe();
    registry?.delete(end);
    if (!res.writableEnded) res.end();
    resolveDone();
  }
  registry?.add(end);
  res.on('close', end);
  res.on('error', end);

  write(`retry: ${reconnectMs}\n\n`);
  send('ready', null, { topics });
  return done;
}

/**
 * Ends every open stream when the server closes, so `app.close()` does not wait on connections
 * that never finish by themselves. Registered once in server.ts.
 */
export const eventStreams = fp(async (app) => {
  const streams = new Set<() => void>();
  openStreams.set(app.server, streams);
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });
});
