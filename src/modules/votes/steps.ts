import type { Kysely } from 'kysely';
import { audit, type AuditEntry } from '../../core/audit';
import type { Deps } from '../../core/deps';
import type { AssembliesTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { newId } from '../../core/ids';
import { todayInShanghai } from '../../core/time';
import { endMemberships } from '../organisations/memberships';
import { notify } from '../notifications/notify';
import { checkStep, type AssemblyStatus, type AssemblyStep, type Verdict } from './lifecycle';
import {
  countMatter,
  freezeElectorate,
  kindOf,
  listedCandidates,
  liveMatters,
  locked,
  ownerAccounts,
  settingsOf,
  statusOf,
  unitsOf,
} from './store';
import type { ElectionTally } from './tally';

/**
 * The steps of an assembly's life with their effects: the state change (conditional, so two
 * processes or a person and the clock cannot both take a step), the electorate frozen at opening,
 * results frozen at closing, the new committee recorded at publication, the audit entry, and then,
 * once committed, the owners' notifications and the live event.
 */

export type Who = Pick<AuditEntry, 'actorAccountId' | 'ip' | 'requestId'>;
type StepDeps = Pick<Deps, 'db' | 'config' | 'events' | 'database'>;

export const assemblyTopic = (assemblyId: string) => `assembly:${assemblyId}`;

/** 409 with the rule's own code (400 for a deadline that is not later: the caller can fix the body). */
export function enforce(verdict: Verdict): asserts verdict is Extract<Verdict, { ok: true }> {
  if (verdict.ok) return;
  const status = verdict.problem === 'assembly_extend_earlier' ? 400 : 409;
  throw new AppError(status, verdict.problem, verdict.params);
}

export const schedule = (a: AssembliesTable) => ({
  status: statusOf(a),
  noticeDays: a.notice_days,
  votingStartsAt: a.voting_starts_at,
  votingEndsAt: a.voting_ends_at,
  announcedAt: a.announced_at,
  extendedAt: a.extended_at,
});

/** Moves the assembly from the status it was read in; 409 when someone else moved it first. */
async function move(
  trx: Kysely<DB>,
  a: AssembliesTable,
  step: AssemblyStep,
  to: AssemblyStatus,
  set: Partial<AssembliesTable>,
  who: Who,
  now: number,
) {
  const moved = await trx
    .updateTable('assemblies')
    .set({ ...set, status: to, updated_at: now })
    .where('community_id', '=', a.community_id)
    .where('id', '=', a.id)
    .where('status', '=', a.status)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1)
    throw new AppError(409, 'assembly_step_invalid', { step, status: a.status });
  await audit(trx, a.community_id, {
    ...who,
    action: `assembly.${step}`,
    targetType: 'assemblies',
    targetId: a.id,
    before: { status: a.status },
    after: { status: to, ...set },
  });
}

type OwnerNotice =
  | 'assembly_announced'
  | 'assembly_opened'
  | 'assembly_extended'
  | 'assembly_cancelled'
  | 'assembly_published';

/** After commit: tell the compound's owners (when there is something for them) and every open page. */
async function announceStep(
  deps: StepDeps,
  a: AssembliesTable,
  status: AssemblyStatus,
  kind: OwnerNotice | null,
  params: Record<string, string> = {},
) {
  if (kind)
    await notify(deps, a.community_id, await ownerAccounts(deps.db, a), {
      kind,
      params: { title: a.title, ...params },
      link: `/assemblies/${a.id}`,
    });
  await deps.events.publish(assemblyTopic(a.id), 'status', { id: a.id, status });
}

/** Announces the assembly under the notice period the community's settings require today. */
export async function announceAssembly(deps: StepDeps, a: AssembliesTable, who: Who, now: number) {
  const noticeDays = (await settingsOf(deps.db, a.community_id)).noticeDays;
  enforce(checkStep({ ...schedule(a), noticeDays }, 'announce', now));
  const matters = await liveMatters(deps.db, a);
  if (!matters.length) throw new AppError(409, 'assembly_no_matters');
  const set = { announced_at: now, notice_days: noticeDays };
  await deps.db.transaction().execute((trx) => move(trx, a, 'announce', 'announced', set, who, now));
  await announceStep(deps, a, 'announced', 'assembly_announced');
}

/** Opens voting: freezes the electorate. Every election needs its published candidate list first. */
export async function openAssembly(deps: StepDeps, a: AssembliesTable, who: Who, now: number) {
  enforce(checkStep(schedule(a), 'open', now));
  const matters = await liveMatters(deps.db, a);
  for (const m of matters.filter((m) => kindOf(m) === 'election')) {
    if (m.candidates_published_at === null || !(await listedCandidates(deps.db, m)).length)
      throw new AppError(409, 'assembly_candidates_unpublished', { title: m.title });
  }
  await deps.db.transaction().execute(async (trx) => {
    await move(trx, a, 'open', 'voting', { opened_at: now }, who, now);
    const totals = await freezeElectorate(trx, a, now);
    await trx
      .updateTable('assemblies')
      .set({
        total_area_centi: totals.totalAreaCenti,
        total_heads: totals.totalHeads,
        room_count: totals.roomCount,
      })
      .where('community_id', '=', a.community_id)
      .where('id', '=', a.id)
      .execute();
  });
  await announceStep(deps, a, 'voting', 'assembly_opened');
}

/**
 * Closes voting and freezes each matter's result. Each matter row is locked as it is counted, so
 * a ballot appended in the same instant is either in the count or refused, never lost between.
 */
export async function closeAssembly(deps: StepDeps, a: AssembliesTable, who: Who, now: number) {
  enforce(checkStep(schedule(a), 'close', now));
  await deps.db.transaction().execute(async (trx) => {
    await move(trx, a, 'close', 'closed', { closed_at: now }, who, now);
    const units = await unitsOf(trx, a);
    for (const listed of await liveMatters(trx, a)) {
      const m = await locked(
        trx
          .selectFrom('assembly_matters')
          .selectAll()
          .where('community_id', '=', a.community_id)
          .where('id', '=', listed.id),
        deps.database.dialect,
      ).executeTakeFirstOrThrow();
      const result = await countMatter(trx, m, units);
      await trx
        .updateTable('assembly_matters')
        .set({ result_json: JSON.stringify(result), updated_at: now })
        .where('community_id', '=', m.community_id)
        .where('id', '=', m.id)
        .execute();
    }
  });
  await announceStep(deps, a, 'closed', null);
}

/**
 * Publishes the results (公示). An election's winners become the compound's new owners' committee
 * term: serving at once when every seat is filled (the serving term ends), else preparing (筹备)
 * until a runoff fills the rest.
 */
export async function publishAssembly(deps: StepDeps, a: AssembliesTable, who: Who, now: number) {
  enforce(checkStep(schedule(a), 'publish', now));
  await deps.db.transaction().execute(async (trx) => {
    await move(trx, a, 'publish', 'published', { published_at: now }, who, now);
    for (const m of await liveMatters(trx, a)) {
      if (kindOf(m) !== 'election' || !m.result_json) continue;
      const result = JSON.parse(m.result_json) as ElectionTally;
      if (!result.elected.length) continue;
      const candidates = await listedCandidates(trx, m);
      const people = result.elected.map((key) => candidates.find((c) => c.candidate_key === key)!.person_id);
      await seatCommittee(trx, a, people, result.elected.length === result.seats && !result.runoff, who, now);
    }
  });
  await announceStep(deps, a, 'published', 'assembly_published');
}

async function seatCommittee(
  trx: Kysely<DB>,
  a: AssembliesTable,
  personIds: string[],
  complete: boolean,
  who: Who,
  now: number,
) {
  const today = todayInShanghai(now);
  const terms = await trx
    .selectFrom('owner_committees')
    .select(['id', 'term_no', 'status'])
    .where('community_id', '=', a.community_id)
    .where('compound_id', '=', a.compound_id)
    .execute();
  if (complete)
    for (const serving of terms.filter((t) => t.status === 'serving')) {
      await endMemberships(trx, 'committee_members', a.community_id, serving.id, who);
      await trx
        .updateTable('owner_committees')
        .set({ status: 'ended', term_end: today, updated_at: now })
        .where('community_id', '=', a.community_id)
        .where('id', '=', serving.id)
        .execute();
    }
  const committeeId = newId();
  const termNo = Math.max(0, ...terms.map((t) => t.term_no)) + 1;
  const status = complete ? 'serving' : 'preparing';
  await trx
    .insertInto('owner_committees')
    .values({
      community_id: a.community_id,
      id: committeeId,
      compound_id: a.compound_id,
      term_no: termNo,
      term_start: complete ? today : null,
      term_end: null,
      status,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await trx
    .insertInto('committee_members')
    .values(
      personIds.map((personId) => ({
        community_id: a.community_id,
        id: newId(),
        committee_id: committeeId,
        person_id: personId,
        position: 'member',
        since: today,
        until: null,
        created_at: now,
        ended_at: null,
      })),
    )
    .execute();
  await audit(trx, a.community_id, {
    ...who,
    action: 'owner_committee.elected',
    targetType: 'owner_committees',
    targetId: committeeId,
    after: { assemblyId: a.id, termNo, status, members: personIds },
  });
}

export async function extendAssembly(
  deps: StepDeps,
  a: AssembliesTable,
  votingEndsAt: number,
  reason: string,
  who: Who,
  now: number,
) {
  enforce(checkStep(schedule(a), 'extend', now, votingEndsAt));
  const set = {
    voting_ends_at: votingEndsAt,
    original_ends_at: a.voting_ends_at,
    extension_reason: reason,
    extended_at: now,
  };
  await deps.db.transaction().execute(async (trx) => {
    // Conditional on no extension yet, so two staff extending at once cannot both succeed.
    const moved = await trx
      .updateTable('assemblies')
      .set({ ...set, updated_at: now })
      .where('community_id', '=', a.community_id)
      .where('id', '=', a.id)
      .where('status', '=', a.status)
      .where('extended_at', 'is', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'assembly_already_extended');
    await audit(trx, a.community_id, {
      ...who,
      action: 'assembly.extend',
      targetType: 'assemblies',
      targetId: a.id,
      before: { votingEndsAt: a.voting_ends_at },
      after: { votingEndsAt, reason },
    });
  });
  await announceStep(deps, a, statusOf(a), 'assembly_extended', { reason });
}

/** Archiving and cancelling: a status change and its record, nothing more. */
export async function simpleStep(
  deps: StepDeps,
  a: AssembliesTable,
  step: 'archive' | 'cancel',
  who: Who,
  now: number,
  reason?: string,
) {
  const verdict = checkStep(schedule(a), step, now);
  enforce(verdict);
  const set: Partial<AssembliesTable> =
    step === 'archive' ? { archived_at: now } : { cancelled_at: now, cancel_reason: reason ?? null };
  await deps.db.transaction().execute((trx) => move(trx, a, step, verdict.to, set, who, now));
  // Owners told of an announced assembly hear that it is off.
  const told = step === 'cancel' && a.status === 'announced';
  await announceStep(deps, a, verdict.to, told ? 'assembly_cancelled' : null, { reason: reason ?? '' });
}

/** Finds an assembly's row again after a step, for the response. */
export const reload = (db: Kysely<DB>, a: AssembliesTable) =>
  db
    .selectFrom('assemblies')
    .selectAll()
    .where('community_id', '=', a.community_id)
    .where('id', '=', a.id)
    .executeTakeFirstOrThrow();
