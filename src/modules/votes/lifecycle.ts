/**
 * The life of an owners' assembly (业主大会会议), as pure rules: which step may follow which, and
 * when. No I/O: the routes and the clock job ask these functions and act on the answer.
 *
 *   draft (草稿) → announced (公告) → voting (投票中) → closed (投票结束) → published (结果公示) → archived (归档)
 *
 * A draft or an announced assembly may instead be cancelled (取消), with a reason. The notice
 * period runs from the announcement to the start of voting (业主大会会议应于召开十五日以前通知全体业主).
 * The deadline may be extended once, with a reason that is published with the assembly.
 */

export const assemblyStatuses = [
  'draft',
  'announced',
  'voting',
  'closed',
  'published',
  'archived',
  'cancelled',
] as const;
export type AssemblyStatus = (typeof assemblyStatuses)[number];

export const assemblySteps = ['announce', 'open', 'extend', 'close', 'publish', 'archive', 'cancel'] as const;
export type AssemblyStep = (typeof assemblySteps)[number];

export const dayMs = 24 * 60 * 60 * 1000;

/** The notice period when a community has not set its own (days). */
export const defaultNoticeDays = 15;
export const maxNoticeDays = 90;

/** Where each step may start from, and where it leads. Extending keeps the assembly where it is. */
const transitions: Record<AssemblyStep, { from: readonly AssemblyStatus[]; to: AssemblyStatus | null }> = {
  announce: { from: ['draft'], to: 'announced' },
  open: { from: ['announced'], to: 'voting' },
  extend: { from: ['announced', 'voting'], to: null },
  close: { from: ['voting'], to: 'closed' },
  publish: { from: ['closed'], to: 'published' },
  archive: { from: ['published'], to: 'archived' },
  cancel: { from: ['draft', 'announced'], to: 'cancelled' },
};

/** The facts about an assembly the rules reason on. */
export interface Schedule {
  status: AssemblyStatus;
  noticeDays: number;
  votingStartsAt: number;
  votingEndsAt: number;
  announcedAt: number | null;
  /** Set once the deadline has been extended. */
  extendedAt: number | null;
}

/** Every code a refused step can answer with; each is a message code in src/core/i18n.ts. */
export type LifecycleProblem =
  | 'assembly_step_invalid'
  | 'assembly_notice_too_short'
  | 'assembly_not_started'
  | 'assembly_deadline_not_reached'
  | 'assembly_already_extended'
  | 'assembly_extend_earlier'
  | 'assembly_window_order';

export type Verdict =
  | { ok: true; to: AssemblyStatus }
  | { ok: false; problem: LifecycleProblem; params: Record<string, string | number> };

const refuse = (problem: LifecycleProblem, params: Record<string, string | number> = {}): Verdict => ({
  ok: false,
  problem,
  params,
});

/** The earliest instant voting may start if the assembly is announced at `announcedAt`. */
export const earliestStart = (announcedAt: number, noticeDays: number) => announcedAt + noticeDays * dayMs;

/** A voting window as entered: it must end after it starts. */
export function windowProblem(votingStartsAt: number, votingEndsAt: number): LifecycleProblem | null {
  return votingEndsAt > votingStartsAt ? null : 'assembly_window_order';
}

/**
 * Whether `step` may be taken now. For `extend`, `newEndsAt` is the deadline asked for. Checks that
 * need more than the schedule (matters present, candidate lists published) are the caller's.
 */
export function checkStep(a: Schedule, step: AssemblyStep, now: number, newEndsAt?: number): Verdict {
  const rule = transitions[step];
  if (!rule.from.includes(a.status)) return refuse('assembly_step_invalid', { step, status: a.status });
  switch (step) {
    case 'announce':
      if (a.votingStartsAt < earliestStart(now, a.noticeDays))
        return refuse('assembly_notice_too_short', { days: a.noticeDays });
      break;
    case 'open':
      if (now < a.votingStartsAt) return refuse('assembly_not_started');
      break;
    case 'close':
      if (now < a.votingEndsAt) return refuse('assembly_deadline_not_reached');
      break;
    case 'extend':
      if (a.extendedAt !== null) return refuse('assembly_already_extended');
      if (newEndsAt === undefined || newEndsAt <= a.votingEndsAt || newEndsAt <= now)
        return refuse('assembly_extend_earlier');
      break;
    default:
      break;
  }
  return { ok: true, to: rule.to ?? a.status };
}

/** Ballots are taken while voting is open and the deadline has not passed. */
export function ballotWindowOpen(
  a: Pick<Schedule, 'status' | 'votingStartsAt' | 'votingEndsAt'>,
  now: number,
) {
  return a.status === 'voting' && now >= a.votingStartsAt && now < a.votingEndsAt;
}

/** What the clock should do to an assembly at `now`: open it when its start has come, close it after its deadline. */
export function dueStep(a: Schedule, now: number): 'open' | 'close' | null {
  if (a.status === 'announced' && checkStep(a, 'open', now).ok) return 'open';
  if (a.status === 'voting' && checkStep(a, 'close', now).ok) return 'close';
  return null;
}

/** Drafts alone may be edited: once announced, what owners were told stays what they vote on. */
export const editable = (status: AssemblyStatus) => status === 'draft';

/** Owners see an assembly once it is announced; a cancelled one stays visible with its reason. */
export const visibleToOwners = (status: AssemblyStatus) => status !== 'draft';

/** Results exist once voting has closed. */
export const hasResults = (status: AssemblyStatus) =>
  status === 'closed' || status === 'published' || status === 'archived';

/** Results are public (公示) once published. */
export const resultsPublic = (status: AssemblyStatus) => status === 'published' || status === 'archived';
