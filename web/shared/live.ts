import { useEffect, useRef } from 'react';

/** One message of a live stream (src/core/http/sse.ts): `ready` first, then what was published. */
export interface LiveEvent {
  type: string;
  topic: string | null;
  data: unknown;
}

const firstRetryMs = 2_000;
const maxRetryMs = 60_000;

/**
 * Listens to a server-sent event stream under /api/v1 (e.g. `/me/events`) while the component is
 * mounted; `null` listens to nothing. The browser sends the session cookie with it. EventSource
 * reconnects by itself after a dropped connection; when the server refuses or the stream is closed
 * for good (a restart, an expired session), this opens it again with growing pauses. Each
 * (re)connection starts with a `ready` event: refetch then, since events may have been missed.
 */
export function useLiveEvents(path: string | null, onEvent: (event: LiveEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (!path || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let wait = firstRetryMs;
    let stopped = false;
    const open = () => {
      source = new EventSource(`/api/v1${path}`);
      source.onmessage = (message: MessageEvent<string>) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(message.data) as LiveEvent;
        } catch {
          return;
        }
        if (event.type === 'ready') wait = firstRetryMs;
        handler.current(event);
      };
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        retry = setTimeout(open, wait);
        wait = Math.min(wait * 2, maxRetryMs);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [path]);
}
