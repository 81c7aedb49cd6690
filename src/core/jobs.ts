import type { Deps } from './deps';

/**
 * Work done on a clock rather than on a request: sending queued webhooks, clearing unattached
 * uploads, closing overdue orders. Modules export their jobs and list them in src/modules/index.ts;
 * `gongzhi serve` runs them, tests call `run(deps, now)` directly with the `now` they choose.
 *
 * Two server processes on one database both run every job, so a job must be idempotent: claim
 * rows with a conditional UPDATE (… WHERE status = 'pending') and act only on what it claimed.
 */
export interface Job {
  name: string;
  everyMs: number;
  run(deps: Deps, now: number): Promise<void>;
}

export interface JobLogger {
  info(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface Scheduler {
  /** Stops the timers and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs each job every `everyMs`, never two runs of one job at once (the next run is timed from the
 * end of the last). A failing run is logged and the job runs again at its next turn; the other
 * jobs are not affected. The first run comes after a short random delay so processes started
 * together do not all run at the same instant.
 */
export function startJobs(
  deps: Deps,
  jobs: readonly Job[],
  logger: JobLogger,
  clock: () => number = Date.now,
): Scheduler {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const schedule = (job: Job, delay: number) => {
    if (stopped) return;
    timers.set(
      job.name,
      setTimeout(() => {
        const run = job
          .run(deps, clock())
          .catch((err: unknown) => logger.error({ err, job: job.name }, `job ${job.name} failed`))
          .finally(() => {
            running.delete(run);
            schedule(job, job.everyMs);
          });
        running.add(run);
      }, delay),
    );
  };
  for (const job of jobs) schedule(job, Math.min(job.everyMs, 1_000 + Math.floor(Math.random() * 4_000)));
  if (jobs.length) logger.info({ jobs: jobs.map((j) => j.name) }, 'background jobs started');

  return {
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
