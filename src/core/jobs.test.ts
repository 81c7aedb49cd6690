import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Deps } from './deps';
import { startJobs, type Job } from './jobs';

const deps = {} as Deps;
const logger = () => ({ info: vi.fn(), error: vi.fn() });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('runs each job on its clock; a failing job is logged and the others keep running', async () => {
  const runs: string[] = [];
  const failing: Job = {
    name: 'failing',
    everyMs: 1_000,
    run: async () => {
      runs.push('failing');
      throw new Error('gateway down');
    },
  };
  const steady: Job = { name: 'steady', everyMs: 1_000, run: async () => void runs.push('steady') };
  const log = logger();
  const scheduler = startJobs(deps, [failing, steady], log);
  await vi.advanceTimersByTimeAsync(10_500);
  await scheduler.stop();
  const count = (name: string) => runs.filter((r) => r === name).length;
  expect(count('steady')).toBeGreaterThanOrEqual(9);
  // The failing job was tried again at each turn, not dropped after its first failure.
  expect(count('failing')).toBe(count('steady'));
  expect(log.error).toHaveBeenCalledTimes(count('failing'));
  expect(log.error.mock.calls[0]![0]).toMatchObject({ job: 'failing' });
});

it('never overlaps two runs of one job, and passes the clock’s time', async () => {
  let inFlight = 0;
  let most = 0;
  const seen: number[] = [];
  const slow: Job = {
    name: 'slow',
    everyMs: 100,
    run: async (_deps, now) => {
      seen.push(now);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      inFlight--;
    },
  };
  const scheduler = startJobs(deps, [slow], logger(), () => 42);
  await vi.advanceTimersByTimeAsync(5_000);
  const stopping = scheduler.stop();
  await vi.advanceTimersByTimeAsync(1_000);
  await stopping;
  expect(most).toBe(1);
  expect(seen.length).toBeGreaterThan(1);
  expect(seen.every((n) => n === 42)).toBe(true);
});

it('stop() waits for a run in progress and schedules no more', async () => {
  let finished = 0;
  let started = 0;
  const job: Job = {
    name: 'job',
    everyMs: 50,
    run: async () => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 500));
      finished++;
    },
  };
  const scheduler = startJobs(deps, [job], logger());
  await vi.advanceTimersByTimeAsync(60);
  expect(started).toBe(1);
  const stopping = scheduler.stop();
  await vi.advanceTimersByTimeAsync(500);
  await stopping;
  expect(finished).toBe(1);
  await vi.advanceTimersByTimeAsync(5_000);
  expect(started).toBe(1);
});
