import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assemblyStatuses,
  assemblySteps,
  ballotWindowOpen,
  checkStep,
  dayMs,
  dueStep,
  editable,
  hasResults,
  resultsPublic,
  visibleToOwners,
  windowProblem,
  type AssemblyStatus,
  type Schedule,
} from './lifecycle';

const t0 = Date.UTC(2026, 0, 1);
const schedule = (extra: Partial<Schedule> = {}): Schedule => ({
  status: 'draft',
  noticeDays: 15,
  votingStartsAt: t0 + 15 * dayMs,
  votingEndsAt: t0 + 22 * dayMs,
  announcedAt: null,
  extendedAt: null,
  ...extra,
});

describe('assembly steps', () => {
  it('the only legal paths: draft → announced → voting → closed → published → archived, or cancelled early', () => {
    const legal: Record<string, AssemblyStatus[]> = {
      announce: ['draft'],
      open: ['announced'],
      extend: ['announced', 'voting'],
      close: ['voting'],
      publish: ['closed'],
      archive: ['published'],
      cancel: ['draft', 'announced'],
    };
    for (const step of assemblySteps)
      for (const status of assemblyStatuses) {
        // A time far enough on that no clock rule gets in the way; a later deadline for extend.
        const verdict = checkStep(
          schedule({ status, votingStartsAt: t0 + 20 * dayMs }),
          step,
          step === 'announce' ? t0 : t0 + 40 * dayMs,
          t0 + 50 * dayMs,
        );
        const expected = legal[step]!.includes(status);
        expect(verdict.ok, `${step} from ${status}`).toBe(expected);
        if (!verdict.ok && !expected) {
          expect(verdict.problem).toBe('assembly_step_invalid');
          expect(verdict.params).toEqual({ step, status });
        }
      }
  });

  it('each step leads where it should; extending stays put', () => {
    const at = (status: AssemblyStatus, step: Parameters<typeof checkStep>[1], now: number, end?: number) =>
      checkStep(schedule({ status }), step, now, end);
    expect(at('draft', 'announce', t0)).toEqual({ ok: true, to: 'announced' });
    expect(at('announced', 'open', t0 + 15 * dayMs)).toEqual({ ok: true, to: 'voting' });
    expect(at('voting', 'extend', t0 + 16 * dayMs, t0 + 30 * dayMs)).toEqual({ ok: true, to: 'voting' });
    expect(at('voting', 'close', t0 + 22 * dayMs)).toEqual({ ok: true, to: 'closed' });
    expect(at('closed', 'publish', t0 + 23 * dayMs)).toEqual({ ok: true, to: 'published' });
    expect(at('published', 'archive', t0 + 60 * dayMs)).toEqual({ ok: true, to: 'archived' });
    expect(at('announced', 'cancel', t0 + dayMs)).toEqual({ ok: true, to: 'cancelled' });
  });

  it('announcing needs the whole notice period before voting starts: exactly 15 days is enough, a minute less is not', () => {
    expect(checkStep(schedule(), 'announce', t0).ok).toBe(true);
    const late = checkStep(schedule(), 'announce', t0 + 60_000);
    expect(late).toEqual({ ok: false, problem: 'assembly_notice_too_short', params: { days: 15 } });
    expect(checkStep(schedule({ noticeDays: 0, votingStartsAt: t0 }), 'announce', t0).ok).toBe(true);
  });

  it('voting opens at its start, not a millisecond before; closes at its deadline, not before', () => {
    const announced = schedule({ status: 'announced', announcedAt: t0 });
    expect(checkStep(announced, 'open', t0 + 15 * dayMs - 1)).toMatchObject({
      ok: false,
      problem: 'assembly_not_started',
    });
    expect(checkStep(announced, 'open', t0 + 15 * dayMs).ok).toBe(true);
    const voting = schedule({ status: 'voting' });
    expect(checkStep(voting, 'close', t0 + 22 * dayMs - 1)).toMatchObject({
      ok: false,
      problem: 'assembly_deadline_not_reached',
    });
    expect(checkStep(voting, 'close', t0 + 22 * dayMs).ok).toBe(true);
  });

  it('the deadline moves later once only', () => {
    const voting = schedule({ status: 'voting' });
    const now = t0 + 20 * dayMs;
    expect(checkStep(voting, 'extend', now, t0 + 22 * dayMs)).toMatchObject({
      problem: 'assembly_extend_earlier',
    });
    expect(checkStep(voting, 'extend', now)).toMatchObject({ problem: 'assembly_extend_earlier' });
    expect(checkStep(voting, 'extend', now, t0 + 22 * dayMs + 1).ok).toBe(true);
    expect(checkStep({ ...voting, extendedAt: now }, 'extend', now, t0 + 30 * dayMs)).toMatchObject({
      problem: 'assembly_already_extended',
    });
    // After the deadline has passed, a new deadline must still lie in the future.
    const overdue = t0 + 25 * dayMs;
    expect(checkStep(voting, 'extend', overdue, t0 + 24 * dayMs)).toMatchObject({
      problem: 'assembly_extend_earlier',
    });
  });

  it('a window must end after it starts', () => {
    expect(windowProblem(t0, t0 + 1)).toBeNull();
    expect(windowProblem(t0, t0)).toBe('assembly_window_order');
    expect(windowProblem(t0 + 1, t0)).toBe('assembly_window_order');
  });
});

describe('the ballot window', () => {
  it('is open only while voting, from the start (inclusive) to the deadline (exclusive)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...assemblyStatuses),
        fc.integer({ min: -3 * dayMs, max: 30 * dayMs }),
        (status, offset) => {
          const a = schedule({ status });
          const now = t0 + offset;
          expect(ballotWindowOpen(a, now)).toBe(
            status === 'voting' && now >= a.votingStartsAt && now < a.votingEndsAt,
          );
        },
      ),
    );
    const voting = schedule({ status: 'voting' });
    expect(ballotWindowOpen(voting, voting.votingStartsAt)).toBe(true);
    expect(ballotWindowOpen(voting, voting.votingEndsAt - 1)).toBe(true);
    expect(ballotWindowOpen(voting, voting.votingEndsAt)).toBe(false);
  });
});

describe('the clock', () => {
  it('opens an announced assembly when its start comes and closes a voting one after its deadline', () => {
    expect(dueStep(schedule({ status: 'announced' }), t0 + 15 * dayMs - 1)).toBeNull();
    expect(dueStep(schedule({ status: 'announced' }), t0 + 15 * dayMs)).toBe('open');
    expect(dueStep(schedule({ status: 'voting' }), t0 + 22 * dayMs - 1)).toBeNull();
    expect(dueStep(schedule({ status: 'voting' }), t0 + 22 * dayMs)).toBe('close');
    for (const status of ['draft', 'closed', 'published', 'archived', 'cancelled'] as const)
      expect(dueStep(schedule({ status }), t0 + 100 * dayMs)).toBeNull();
  });
});

describe('what each status allows', () => {
  it('editing in draft only; owners see all but drafts; results from closing; public from publishing', () => {
    const table = assemblyStatuses.map((s) => [
      s,
      editable(s),
      visibleToOwners(s),
      hasResults(s),
      resultsPublic(s),
    ]);
    expect(table).toEqual([
      ['draft', true, false, false, false],
      ['announced', false, true, false, false],
      ['voting', false, true, false, false],
      ['closed', false, true, true, false],
      ['published', false, true, true, true],
      ['archived', false, true, true, true],
      ['cancelled', false, true, false, false],
    ]);
  });
});
