import { newId } from '../../core/ids';
import type { ImportResult } from './store';

/**
 * Running imports, polled for progress. Kept in the memory of the process that runs them: a job
 * belongs to the process that took the upload, and lives an hour after it ends.
 */

export interface ImportJob {
  id: string;
  communityId: string;
  compoundId: string;
  accountId: string | null;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: ImportResult | null;
  /** The upload's request id, quoted when the job fails. */
  requestId: string;
  startedAt: number;
  finishedAt: number | null;
}

const keepMs = 60 * 60 * 1000;

export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();

  /** The job running for a compound, if any: one import per compound at a time. */
  runningIn(communityId: string, compoundId: string): ImportJob | undefined {
    return [...this.jobs.values()].find(
      (j) => j.status === 'running' && j.communityId === communityId && j.compoundId === compoundId,
    );
  }

  /**
   * Starts `work` in the background. It reports progress through the callback it is given; its
   * result or failure ends the job. `onError` hears about failures (for the log).
   */
  start(
    meta: Pick<ImportJob, 'communityId' | 'compoundId' | 'accountId' | 'requestId' | 'total'>,
    work: (progress: (done: number) => void) => Promise<ImportResult>,
    onError: (err: unknown) => void,
  ): ImportJob {
    this.prune();
    const job: ImportJob = {
      ...meta,
      id: newId(),
      status: 'running',
      done: 0,
      result: null,
      startedAt: Date.now(),
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    void work((done) => {
      job.done = done;
    }).then(
      (result) => {
        Object.assign(job, { status: 'done', result, done: job.total, finishedAt: Date.now() });
      },
      (err: unknown) => {
        Object.assign(job, { status: 'failed', finishedAt: Date.now() });
        onError(err);
      },
    );
    return job;
  }

  get(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves once no job is running (for a clean shutdown). */
  async idle(): Promise<void> {
    while ([...this.jobs.values()].some((j) => j.status === 'running'))
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private prune(now = Date.now()) {
    for (const [id, job] of this.jobs)
      if (job.finishedAt !== null && now - job.finishedAt > keepMs) this.jobs.delete(id);
  }
}
