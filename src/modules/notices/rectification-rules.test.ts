import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkResults,
  deliveryMethods,
  finalRectificationStates,
  nextState,
  nextSteps,
  rectificationStates,
  summarise,
  type RectificationEvent,
  type SummaryRow,
} from './rectification-rules';

const event: fc.Arbitrary<RectificationEvent> = fc.oneof(
  fc.constant({ type: 'reply' as const }),
  fc.record({
    type: fc.constant('check' as const),
    result: fc.constantFrom(...checkResults),
    nextStep: fc.option(fc.constantFrom(...nextSteps)),
  }),
);

describe('the rectification notice', () => {
  it('follows its table of steps', () => {
    const check = (result: 'done' | 'not_done', nextStep: (typeof nextSteps)[number] | null = null) =>
      ({ type: 'check', result, nextStep }) as const;
    expect(nextState('issued', { type: 'reply' })).toBe('replied');
    expect(nextState('replied', { type: 'reply' })).toBeNull();
    expect(nextState('issued', check('done'))).toBe('done');
    expect(nextState('replied', check('done'))).toBe('done');
    expect(nextState('replied', check('not_done'))).toBe('issued');
    expect(nextState('issued', check('not_done', 'law_enforcement'))).toBe('not_done');
    expect(nextState('replied', check('not_done', 'second_notice'))).toBe('not_done');
    expect(nextState('issued', check('done', 'deliberation'))).toBeNull();
  });

  it('never leaves an outcome, and every walk ends in a known state', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        let state: (typeof rectificationStates)[number] = 'issued';
        for (const e of events) {
          const next = nextState(state, e);
          if (finalRectificationStates.includes(state)) expect(next).toBeNull();
          if (next) state = next;
          expect(rectificationStates).toContain(state);
        }
      }),
    );
  });
});

const row: fc.Arbitrary<SummaryRow> = fc.record({
  state: fc.constantFrom(...rectificationStates),
  round: fc.integer({ min: 1, max: 3 }),
  deliveryMethod: fc.option(fc.constantFrom(...deliveryMethods)),
  readAt: fc.option(fc.integer({ min: 1 })),
  nextStep: fc.option(fc.constantFrom(...nextSteps)),
  deadline: fc.constantFrom('2025-03-01', '2025-03-10', '2025-03-20'),
  householdId: fc.option(fc.constantFrom('h1', 'h2', 'h3')),
});

describe('the campaign summary', () => {
  it('adds up: every notice is done, not done or pending; deliveries by method add to the delivered', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const s = summarise(rows, [], '2025-03-10');
        expect(s.done + s.notDone + s.pending).toBe(s.notices);
        expect(s.notices).toBe(rows.length);
        expect(Object.values(s.deliveredBy).reduce((a, b) => a + b, 0)).toBe(s.delivered);
        expect(s.places + s.secondNotices).toBe(s.notices);
        expect(s.households).toBeLessThanOrEqual(s.places);
        expect(s.overdue).toBeLessThanOrEqual(s.pending);
        expect(s.replied).toBeLessThanOrEqual(s.pending);
        expect(Object.values(s.nextSteps).reduce((a, b) => a + b, 0)).toBe(
          rows.filter((r) => r.nextStep).length,
        );
      }),
    );
  });

  it('counts overdue from the day after the deadline and keeps the free figures as given', () => {
    const base = { round: 1, deliveryMethod: null, readAt: null, nextStep: null, householdId: 'h1' } as const;
    const figures = [{ label: '清运杂物', value: 8, unit: '车' }];
    const s = summarise(
      [
        { ...base, state: 'issued', deadline: '2025-03-09' },
        { ...base, state: 'replied', deadline: '2025-03-10' },
        { ...base, state: 'done', deadline: '2025-03-01' },
      ],
      figures,
      '2025-03-10',
    );
    expect([s.overdue, s.pending, s.done]).toEqual([1, 2, 1]);
    expect(s.figures).toEqual(figures);
  });
});
