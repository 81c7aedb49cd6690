import { topicStates, type TopicState } from './rules';

/**
 * 议事成效: the figures of a community's deliberation over a period, computed from its rows with no
 * I/O (the route loads the rows; tests feed them directly).
 */

export interface FigureTopic {
  state: string;
  category: string;
  created_at: number;
  decided_at: number | null;
  done_at: number | null;
}
export interface FigureMeeting {
  state: string;
  /** Invitees who were invited (not walk-ins), and how many of them signed in. */
  invited: number;
  invitedSignedIn: number;
  walkIns: number;
}
export interface FigureAction {
  state: string;
  due_date: string;
}

const hourMs = 60 * 60 * 1000;

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const hours = (ms: number) => Math.round((ms / hourMs) * 10) / 10;

export function deliberationFigures(
  topics: readonly FigureTopic[],
  meetings: readonly FigureMeeting[],
  actions: readonly FigureAction[],
  /** Today in the community's calendar (YYYY-MM-DD): an open action due before it is overdue. */
  today: string,
) {
  const byState = Object.fromEntries(topicStates.map((s) => [s, 0])) as Record<TopicState, number>;
  const byCategory = new Map<string, number>();
  for (const t of topics) {
    if (t.state in byState) byState[t.state as TopicState] += 1;
    byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1);
  }
  const toDecided = median(
    topics.filter((t) => t.decided_at !== null).map((t) => t.decided_at! - t.created_at),
  );
  const toDone = median(
    topics.filter((t) => t.decided_at !== null && t.done_at !== null).map((t) => t.done_at! - t.decided_at!),
  );
  const held = meetings.filter((m) => m.state === 'held');
  const invited = held.reduce((n, m) => n + m.invited, 0);
  const present = held.reduce((n, m) => n + m.invitedSignedIn, 0);
  const open = actions.filter((a) => a.state === 'open');
  return {
    topics: {
      total: topics.length,
      byState,
      byCategory: [...byCategory.entries()]
        .map(([code, count]) => ({ code, count }))
        .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    },
    medianHoursRaisedToDecided: toDecided === null ? null : hours(toDecided),
    medianHoursDecidedToDone: toDone === null ? null : hours(toDone),
    meetings: {
      held: held.length,
      cancelled: meetings.filter((m) => m.state === 'cancelled').length,
      upcoming: meetings.filter((m) => m.state === 'scheduled' || m.state === 'in_progress').length,
      invited,
      signedIn: present,
      walkIns: held.reduce((n, m) => n + m.walkIns, 0),
      /** Invited people who signed in at held meetings, as a share of those invited (0–1). */
      attendanceRate: invited ? Math.round((present / invited) * 1000) / 1000 : null,
    },
    actions: {
      open: open.length,
      overdue: open.filter((a) => a.due_date < today).length,
      done: actions.filter((a) => a.state === 'done').length,
      cancelled: actions.filter((a) => a.state === 'cancelled').length,
    },
  };
}
