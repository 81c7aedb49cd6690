import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, get, post } from '../../../shared/api';

/**
 * What the patrol pages fetch (src/modules/patrols: GET /me/patrol-routes, /me/patrol-runs/:id,
 * /patrol/scan-target/:qrToken) and the offline queue of scans: a patrol in a basement with no signal
 * keeps its scans on the phone and sends them when the signal returns. Every scan carries its own
 * clientKey from the moment it is made, so a resend after a lost answer never counts twice.
 */

export type RunState = 'in_progress' | 'done' | 'abandoned' | 'missed';

/** Today's scheduled slot of a route and whether it was run (and by me). */
export interface RouteSlot {
  scheduledFor: number;
  graceEndsAt: number;
  runId: string | null;
  runState: RunState | null;
  runnerName: string | null;
  mine: boolean;
}

export interface MyPatrolRoute {
  id: string;
  communityId: string;
  compoundName: string;
  squadName: string | null;
  name: string;
  graceMinutes: number;
  checkpointCount: number;
  today: RouteSlot[];
  /** My run of this route still in progress, to carry on with. */
  openRunId: string | null;
}

export interface RunCheckpoint {
  id: string;
  position: number;
  name: string;
  placeHint: string | null;
  scanned: boolean;
  firstScannedAt: number | null;
  archived: boolean;
}

export interface RunScan {
  id: string;
  checkpointId: string;
  scannedAt: number;
  note: string | null;
  finding: boolean;
  findingOrderId: string | null;
}

export interface PatrolRun {
  id: string;
  communityId: string;
  routeId: string;
  routeName: string;
  scheduledFor: number | null;
  runnerName: string | null;
  state: RunState;
  startedAt: number | null;
  finishedAt: number | null;
  missedPoints: number;
  outOfOrder: boolean;
  late: boolean;
  flagged: boolean;
  findings: number;
  checkpoints: RunCheckpoint[];
  scans: RunScan[];
}

export interface ScanTarget {
  communityId: string;
  routeId: string;
  routeName: string;
  compoundName: string;
  checkpointId: string;
  checkpointName: string;
  position: number;
  placeHint: string | null;
  checkpointCount: number;
  /** My run of the route in progress, to scan into. */
  openRunId: string | null;
}

export function useMyPatrolRoutes() {
  return useQuery({
    queryKey: ['patrol', 'routes'],
    queryFn: async () => (await get<{ items: MyPatrolRoute[] }>('/me/patrol-routes')).items,
  });
}

export const runKey = (runId: string) => ['patrol', 'run', runId] as const;

export function usePatrolRun(runId: string) {
  return useQuery({
    queryKey: runKey(runId),
    queryFn: () => get<PatrolRun>(`/me/patrol-runs/${runId}`),
    // Offline the last answer stands: the queue shows what is waiting to go.
    retry: false,
  });
}

export const newClientKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

/** Starts a run (or gets the one a repeated tap already started: same clientKey, same run). */
export function startRun(routeId: string, scheduledFor: number | null, clientKey = newClientKey()) {
  return post<PatrolRun>('/me/patrol-runs', {
    routeId,
    ...(scheduledFor ? { scheduledFor } : {}),
    clientKey,
  });
}

/* ---------- The offline queue ---------- */

export interface QueuedScan {
  runId: string;
  /** For the list on screen while it waits. */
  checkpointName: string;
  checkpointId?: string;
  body: {
    qrToken?: string;
    checkpointId?: string;
    scannedAt: number;
    note?: string;
    finding?: boolean;
    fileIds?: string[];
    clientKey: string;
  };
}

/** A scan the server refused for good (a 4xx): kept out of the queue, shown once. */
export interface RefusedScan {
  checkpointName: string;
  message: string;
}

const storageKey = 'gz-patrol-queue';
const listeners = new Set<() => void>();
let snapshot: QueuedScan[] | null = null;

function read(): QueuedScan[] {
  if (snapshot) return snapshot;
  try {
    snapshot = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as QueuedScan[];
  } catch {
    snapshot = [];
  }
  return snapshot;
}

function write(items: QueuedScan[]) {
  snapshot = items;
  localStorage.setItem(storageKey, JSON.stringify(items));
  for (const l of listeners) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== storageKey) return;
    snapshot = null;
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function enqueueScan(scan: QueuedScan) {
  write([...read(), scan]);
}

let flushing: Promise<RefusedScan[]> | null = null;

/**
 * Sends the waiting scans in the order they were made. A network failure stops and keeps the rest
 * for the next try; a refusal (e.g. a run already finished) drops that one scan and says why.
 */
export function flushQueue(): Promise<RefusedScan[]> {
  if (flushing) return flushing;
  // Cleared in a later tick: a run that stops at once (offline) must not leave itself behind.
  flushing = sendWaiting().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function sendWaiting(): Promise<RefusedScan[]> {
  const refused: RefusedScan[] = [];
  for (;;) {
    const next = read()[0];
    if (!next || navigator.onLine === false) break;
    try {
      await post(`/me/patrol-runs/${next.runId}/scans`, next.body);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) break;
      refused.push({ checkpointName: next.checkpointName, message: err.message });
    }
    write(read().filter((s) => s.body.clientKey !== next.body.clientKey));
  }
  return refused;
}

/** While scans wait, try again this often (a basement's signal comes and goes). */
const retryEveryMs = 5_000;
/** The network is often not quite up when the phone says it is back: first try a moment later. */
const backOnlineDelayMs = 800;

/**
 * The queue as the page sees it: what waits (all runs, or one), whether the phone is online, and a
 * send that runs by itself when the signal returns and every few seconds while anything waits.
 */
export function usePatrolQueue(runId?: string) {
  const queryClient = useQueryClient();
  const all = useSyncExternalStore(subscribe, read, () => []);
  const pending = runId ? all.filter((s) => s.runId === runId) : all;
  const [online, setOnline] = useState(() => navigator.onLine);
  const [refused, setRefused] = useState<RefusedScan[]>([]);

  const send = useCallback(async () => {
    const before = read().length;
    const out = await flushQueue();
    if (out.length) setRefused((old) => [...old, ...out]);
    if (read().length !== before)
      await queryClient.invalidateQueries({ queryKey: ['patrol'] }).catch(() => undefined);
  }, [queryClient]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const up = () => {
      setOnline(true);
      timer = setTimeout(() => void send(), backOnlineDelayMs);
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, [send]);

  const waiting = all.length > 0;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      // The phone's own word counts too, in case an online event was missed.
      setOnline(navigator.onLine);
      void send();
    }, retryEveryMs);
    return () => clearInterval(timer);
  }, [waiting, send]);

  return {
    pending,
    online,
    refused,
    clearRefused: () => setRefused([]),
    /** Keeps the scan on the phone first, then tries to send everything waiting. */
    add: async (scan: QueuedScan) => {
      enqueueScan(scan);
      await send();
    },
    send,
  };
}
