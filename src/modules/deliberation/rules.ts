/**
 * The topic (议题) as pure rules: where each event takes it, and when its actions finish it. No I/O:
 * the trail (trail.ts), the meetings and the tests all call these.
 *
 *   raised ─accept / threshold→ accepted ─schedule→ scheduled ─decide→ decided ─finish→ done
 *     │                          │  ↑                  │
 *     └──────decline─────────────┴→ declined           └─unschedule (item removed / deferred)→ accepted
 *
 * 集民需 (raised) → 议民事 (scheduled) → 解民忧 (decided, done) → 暖民心 (rated once done).
 */

export const topicStates = ['raised', 'accepted', 'scheduled', 'decided', 'done', 'declined'] as const;
export type TopicState = (typeof topicStates)[number];

export const topicEvents = [
  'accept', // staff accept it onto the agenda queue
  'threshold', // neighbours' supports reached the community's threshold
  'decline', // staff decline it, with a reason
  'schedule', // put on a meeting's agenda
  'unschedule', // its agenda item was removed or deferred: back to the queue
  'decide', // a decision was recorded on its agenda item
  'finish', // its actions are finished (or its decision had none)
] as const;
export type TopicEvent = (typeof topicEvents)[number];

/** From which states each event may be taken, and where it leads. */
export const topicMoves: Record<TopicEvent, { from: readonly TopicState[]; to: TopicState }> = {
  accept: { from: ['raised'], to: 'accepted' },
  threshold: { from: ['raised'], to: 'accepted' },
  decline: { from: ['raised', 'accepted'], to: 'declined' },
  schedule: { from: ['accepted'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'accepted' },
  decide: { from: ['scheduled'], to: 'decided' },
  finish: { from: ['decided'], to: 'done' },
};

export type TopicStep = { ok: true; state: TopicState } | { ok: false; code: 'topic_state' };

export function applyTopicEvent(state: TopicState, event: TopicEvent): TopicStep {
  const move = topicMoves[event];
  return move.from.includes(state) ? { ok: true, state: move.to } : { ok: false, code: 'topic_state' };
}

/** The trail entry (topic_events.kind) each event writes. */
export const trailKindOf: Record<TopicEvent, string> = {
  accept: 'accepted',
  threshold: 'supported_threshold',
  decline: 'declined',
  schedule: 'scheduled',
  unschedule: 'unscheduled',
  decide: 'decided',
  finish: 'done',
};

/** Trail entries that do not move the topic. */
export const noteKinds = [
  'discussed',
  'action_added',
  'action_done',
  'action_cancelled',
  'rated',
  'linked_order',
  'comment_hidden',
] as const;
export type NoteKind = (typeof noteKinds)[number];

/** The moment columns each event stamps (unschedule clears scheduled_at: it is no longer on one). */
export function stampsOf(event: TopicEvent, now: number) {
  switch (event) {
    case 'accept':
    case 'threshold':
      return { accepted_at: now };
    case 'decline':
      return { declined_at: now };
    case 'schedule':
      return { scheduled_at: now };
    case 'unschedule':
      return { scheduled_at: null };
    case 'decide':
      return { decided_at: now };
    case 'finish':
      return { done_at: now };
  }
}

/**
 * A decided topic is done when every action item is done or cancelled and at least one was done. A
 * decision with no actions finishes its topic directly (the caller does so); an empty list here is
 * "not finished": cancelling everything solved nothing.
 */
export function topicFinished(actions: readonly { state: string }[]): boolean {
  return (
    actions.length > 0 &&
    actions.every((a) => a.state === 'done' || a.state === 'cancelled') &&
    actions.some((a) => a.state === 'done')
  );
}

/**
 * Action items may be added to a decision later while its topic is decided (every item cancelled,
 * say, and the work still to do). A done topic is closed: a new need is a new topic.
 */
export const takesActions = (state: TopicState): boolean => state === 'decided';

/** Residents may support (附议) a topic until it is decided; comments stay open unless it was declined. */
export const openStates: readonly TopicState[] = ['raised', 'accepted', 'scheduled'];

/**
 * The results board's four columns (收集 / 协商 / 决议 / 办结). Each public topic sits in exactly one,
 * so the counts are the rows; declined topics are not on the board.
 */
export const boardStages = ['raised', 'discussed', 'decided', 'done'] as const;
export type BoardStage = (typeof boardStages)[number];
export const stageStates: Record<BoardStage, readonly TopicState[]> = {
  raised: ['raised', 'accepted'],
  discussed: ['scheduled'],
  decided: ['decided'],
  done: ['done'],
};
export function stageOf(state: TopicState): BoardStage | null {
  return boardStages.find((s) => stageStates[s].includes(state)) ?? null;
}
