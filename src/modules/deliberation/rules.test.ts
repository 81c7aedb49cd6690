import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTopicEvent,
  boardStages,
  openStates,
  stageOf,
  stampsOf,
  takesActions,
  topicEvents,
  topicFinished,
  topicStates,
  type TopicEvent,
  type TopicState,
} from './rules';

/** The machine as the issue describes it, written again by hand so the tests do not read the table. */
const spec = `
  raised --accept--> accepted
  raised --threshold--> accepted
  raised --decline--> declined
  accepted --decline--> declined
  accepted --schedule--> scheduled
  scheduled --unschedule--> accepted
  scheduled --decide--> decided
  decided --finish--> done
`;
const allowed = new Map(
  spec
    .trim()
    .split('\n')
    .map((line) => {
      const [, from, event, to] = /(\w+) --(\w+)--> (\w+)/.exec(line.trim())!;
      return [`${from} ${event}`, to as TopicState];
    }),
);

describe('topic state machine', () => {
  it.each(topicStates.flatMap((s) => topicEvents.map((e) => [s, e] as const)))(
    '%s --%s-->',
    (state, event) => {
      const to = allowed.get(`${state} ${event}`);
      expect(applyTopicEvent(state, event)).toEqual(
        to ? { ok: true, state: to } : { ok: false, code: 'topic_state' },
      );
    },
  );

  it('done and declined are final', () => {
    for (const e of topicEvents) {
      expect(applyTopicEvent('done', e).ok).toBe(false);
      expect(applyTopicEvent('declined', e).ok).toBe(false);
    }
  });

  it('any sequence of events stays within the states and never leaves a final state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...topicEvents), { maxLength: 30 }), (events: TopicEvent[]) => {
        let state: TopicState = 'raised';
        for (const e of events) {
          const step = applyTopicEvent(state, e);
          if (state === 'done' || state === 'declined') expect(step.ok).toBe(false);
          if (step.ok) state = step.state;
          expect(topicStates).toContain(state);
        }
      }),
    );
  });

  it('a topic reaches done only through a decision, and a decision only through a meeting', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...topicEvents), { maxLength: 30 }), (events: TopicEvent[]) => {
        let state: TopicState = 'raised';
        const taken: TopicEvent[] = [];
        for (const e of events) {
          const step = applyTopicEvent(state, e);
          if (!step.ok) continue;
          taken.push(e);
          state = step.state;
          if (state === 'decided') expect(taken.at(-2)).toBe('schedule');
          if (state === 'done') expect(taken.at(-2)).toBe('decide');
        }
      }),
    );
  });

  it('stamps the moment of each step; leaving the agenda clears scheduled_at', () => {
    expect(stampsOf('accept', 5)).toEqual({ accepted_at: 5 });
    expect(stampsOf('threshold', 5)).toEqual({ accepted_at: 5 });
    expect(stampsOf('decline', 5)).toEqual({ declined_at: 5 });
    expect(stampsOf('schedule', 5)).toEqual({ scheduled_at: 5 });
    expect(stampsOf('unschedule', 5)).toEqual({ scheduled_at: null });
    expect(stampsOf('decide', 5)).toEqual({ decided_at: 5 });
    expect(stampsOf('finish', 5)).toEqual({ done_at: 5 });
  });

  it('is open to supports and comments until decided', () => {
    expect([...openStates].sort()).toEqual(['accepted', 'raised', 'scheduled']);
  });
});

describe('topicFinished', () => {
  const a = (...states: string[]) => states.map((state) => ({ state }));
  it('needs every action closed and at least one done', () => {
    expect(topicFinished(a('done'))).toBe(true);
    expect(topicFinished(a('done', 'cancelled'))).toBe(true);
    expect(topicFinished(a('done', 'open'))).toBe(false);
    expect(topicFinished(a('cancelled', 'cancelled'))).toBe(false);
    expect(topicFinished(a())).toBe(false);
  });

  it('agrees with its definition on any list', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('open', 'done', 'cancelled')), (states) => {
        const done = states.filter((s) => s === 'done').length;
        const open = states.filter((s) => s === 'open').length;
        expect(topicFinished(a(...states))).toBe(done > 0 && open === 0);
      }),
    );
  });
});

describe('takesActions', () => {
  it('lets a decision gain action items only while its topic is decided', () => {
    expect(topicStates.filter(takesActions)).toEqual(['decided']);
  });
});

describe('results board stages', () => {
  it('puts every state but declined in exactly one stage', () => {
    expect(topicStates.map(stageOf)).toEqual(['raised', 'raised', 'discussed', 'decided', 'done', null]);
    expect(boardStages).toEqual(['raised', 'discussed', 'decided', 'done']);
  });
});
