import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { audit, type AuditEntry } from '../../core/audit';
import type { DB, EvaluationCasesTable, EvaluationRoundsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { DateOnly, Nullable, StringEnum } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { answersOf, replaceQuestions } from './store';
import {
  belowItems,
  caseStates,
  defaultEvaluationItems,
  defaultThresholdPercent,
  evaluationFigures,
  evaluationQuestions,
  nextCaseState,
  overallCode,
  type Cadence,
  type CaseAction,
  type CaseState,
  type EvaluationItem,
  type ItemRate,
} from './rules';

/** Property evaluation (物业评议) in the database: settings, rounds on surveys, and the cases they open. */

type Db = Kysely<DB>;

export interface EvaluationSettings {
  items: EvaluationItem[];
  thresholdPercent: number;
  cadence: Cadence;
  updatedAt: number | null;
}

export async function evaluationSettings(db: Db, communityId: string): Promise<EvaluationSettings> {
  const row = await db
    .selectFrom('evaluation_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return {
    items: row ? (JSON.parse(row.items) as EvaluationItem[]) : defaultEvaluationItems,
    thresholdPercent: row?.threshold_percent ?? defaultThresholdPercent,
    cadence: (row?.cadence as Cadence | undefined) ?? 'quarterly',
    updatedAt: row?.updated_at ?? null,
  };
}

// ---- rounds ----

const RateFigures = {
  satisfied: Nullable(Type.Integer({ description: 'ratings of 4–5 (满意 + 非常满意)' })),
  rated: Nullable(Type.Integer({ description: 'ratings given (有效评价)' })),
  rate: Nullable(Type.Number({ description: '满意率: satisfied / rated, 0–1' })),
  below: Type.Boolean({ description: 'below the round’s threshold' }),
};

export const Round = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  propertyCompanyId: Type.String(),
  propertyCompanyName: Type.String(),
  period: Type.String(),
  surveyId: Type.String(),
  state: StringEnum(['open', 'closed'] as const),
  thresholdPercent: Type.Integer(),
  responses: Type.Integer({ description: 'answers so far; on a closed round, those its figures count' }),
  overallRate: Nullable(
    Type.Number({ description: '满意率 of the overall question, 0–1; null until closed' }),
  ),
  overall: Type.Object(RateFigures),
  items: Type.Array(
    Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), ...RateFigures }),
  ),
  below: Type.Array(Type.String(), { description: "'overall' and the item codes below the threshold" }),
  reevaluatesCaseId: Nullable(Type.String()),
  caseId: Nullable(Type.String({ description: 'the case this round opened' })),
  caseState: Nullable(StringEnum(caseStates)),
  createdAt: Type.Integer(),
  closedAt: Nullable(Type.Integer()),
});
export type RoundView = Static<typeof Round>;

/** Rounds with their compound's and company's names, live answer count and the case they opened. */
export function roundRows(db: Db) {
  return db
    .selectFrom('evaluation_rounds as r')
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'r.community_id').onRef('c.id', '=', 'r.compound_id'),
    )
    .innerJoin('property_companies as pc', 'pc.id', 'r.property_company_id')
    .leftJoin('evaluation_cases as k', (j) =>
      j.onRef('k.community_id', '=', 'r.community_id').onRef('k.round_id', '=', 'r.id'),
    )
    .selectAll('r')
    .select((eb) => [
      'c.name as compound_name',
      'pc.name as company_name',
      'k.id as case_id',
      'k.state as case_state',
      eb
        .selectFrom('survey_responses as sr')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('sr.community_id', '=', 'r.community_id')
        .whereRef('sr.survey_id', '=', 'r.survey_id')
        .as('live_responses'),
    ]);
}
type RoundRow = EvaluationRoundsTable & {
  compound_name: string;
  company_name: string;
  case_id: string | null;
  case_state: string | null;
  live_responses: number | string | null;
};

export function roundView(r: RoundRow): RoundView {
  const items = JSON.parse(r.items) as EvaluationItem[];
  const rates = r.item_rates ? (JSON.parse(r.item_rates) as (ItemRate & { below: boolean })[]) : [];
  const overall = rates.find((x) => x.code === overallCode);
  const figures = (x: (ItemRate & { below: boolean }) | undefined) => ({
    satisfied: x?.satisfied ?? null,
    rated: x?.rated ?? null,
    rate: x?.rate ?? null,
    below: x?.below ?? false,
  });
  return {
    id: r.id,
    communityId: r.community_id,
    compoundId: r.compound_id,
    compoundName: r.compound_name,
    propertyCompanyId: r.property_company_id,
    propertyCompanyName: r.company_name,
    period: r.period,
    surveyId: r.survey_id,
    state: r.state as 'open' | 'closed',
    thresholdPercent: r.threshold_percent,
    responses: r.responses ?? Number(r.live_responses ?? 0),
    overallRate: r.overall_rate,
    overall: figures(overall),
    items: items.map((i) => ({ ...i, ...figures(rates.find((x) => x.code === i.code)) })),
    below: rates.filter((x) => x.below).map((x) => x.code),
    reevaluatesCaseId: r.reevaluates_case_id,
    caseId: r.case_id,
    caseState: r.case_state as CaseState | null,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

export async function loadRound(db: Db, communityId: string, roundId: string): Promise<RoundRow> {
  const row = await roundRows(db)
    .where('r.community_id', '=', communityId)
    .where('r.id', '=', roundId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/**
 * Opens a round: a survey of kind property_evaluation for the compound's households (anonymous: the
 * property company never learns who rated it), one rating per item, an overall rating and a comment.
 */
export async function openRound(
  trx: Db,
  input: {
    communityId: string;
    compound: { id: string; name: string; property_company_id: string };
    period: string;
    settings: EvaluationSettings;
    reevaluatesCaseId: string | null;
    accountId: string;
  },
  now = Date.now(),
): Promise<string> {
  const surveyId = newId();
  const roundId = newId();
  const { communityId, compound, period, settings } = input;
  await trx
    .insertInto('surveys')
    .values({
      community_id: communityId,
      id: surveyId,
      compound_id: compound.id,
      title: `${compound.name}物业服务满意度评议（${period}）`,
      intro: '本次评议匿名进行，物业公司只能看到汇总结果。满意率 = (满意 + 非常满意) / 有效评价。',
      kind: 'property_evaluation',
      respondent: 'household',
      anonymous: 1,
      results_public: 1,
      state: 'open',
      opens_at: null,
      closes_at: null,
      audience: null,
      opened_at: now,
      closed_at: null,
      created_by: input.accountId,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
  await replaceQuestions(trx, communityId, surveyId, evaluationQuestions(settings.items));
  try {
    await trx
      .insertInto('evaluation_rounds')
      .values({
        community_id: communityId,
        id: roundId,
        compound_id: compound.id,
        property_company_id: compound.property_company_id,
        period,
        survey_id: surveyId,
        state: 'open',
        items: JSON.stringify(settings.items),
        threshold_percent: settings.thresholdPercent,
        reevaluates_case_id: input.reevaluatesCaseId,
        responses: null,
        overall_rate: null,
        item_rates: null,
        created_by: input.accountId,
        created_at: now,
        closed_at: null,
        closed_by: null,
      })
      .execute();
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505')
      throw new AppError(409, 'evaluation_round_exists', { period });
    throw err;
  }
  return roundId;
}

/** The figures of a round from its responses, as stored on close (and recomputable at any time). */
export async function roundFigures(db: Db, round: EvaluationRoundsTable) {
  const items = JSON.parse(round.items) as EvaluationItem[];
  const figures = evaluationFigures(
    items,
    (await answersOf(db, round.community_id, round.survey_id)).answers,
  );
  const below = belowItems(figures, round.threshold_percent);
  const rates = [{ code: overallCode, ...figures.overall }, ...figures.items].map((x) => ({
    ...x,
    below: below.includes(x.code),
  }));
  return { figures, below, rates };
}

/**
 * Closes a round: its survey stops taking answers, its figures are computed and stored, and a case
 * opens when the overall rate or any item's is below the threshold (a re-evaluation round reports
 * to the case it belongs to instead of opening another). Audited: the figures are public ones.
 */
export async function closeRound(
  db: Db,
  round: EvaluationRoundsTable,
  actor: Omit<AuditEntry, 'action' | 'targetType'>,
  now = Date.now(),
): Promise<{ caseId: string | null }> {
  return db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('evaluation_rounds')
      .set({ state: 'closed', closed_at: now, closed_by: actor.actorAccountId })
      .where('community_id', '=', round.community_id)
      .where('id', '=', round.id)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (!closed.numUpdatedRows) throw new AppError(409, 'evaluation_round_closed');
    await trx
      .updateTable('surveys')
      .set((eb) => ({ state: 'closed', closed_at: now, updated_at: now, version: eb('version', '+', 1) }))
      .where('community_id', '=', round.community_id)
      .where('id', '=', round.survey_id)
      .execute();
    // Read after the survey closed, inside the transaction: no answer slips in uncounted.
    const { figures, below, rates } = await roundFigures(trx, round);
    await trx
      .updateTable('evaluation_rounds')
      .set({
        responses: figures.responses,
        overall_rate: figures.overall.rate,
        item_rates: JSON.stringify(rates),
      })
      .where('community_id', '=', round.community_id)
      .where('id', '=', round.id)
      .execute();
    const entries: AuditEntry[] = [
      {
        ...actor,
        action: 'evaluation_round.close',
        targetType: 'evaluation_round',
        targetId: round.id,
        after: { responses: figures.responses, overall: figures.overall, items: figures.items, below },
      },
    ];
    let caseId: string | null = null;
    if (below.length && !round.reevaluates_case_id) {
      caseId = newId();
      const row: EvaluationCasesTable = {
        community_id: round.community_id,
        id: caseId,
        round_id: round.id,
        compound_id: round.compound_id,
        property_company_id: round.property_company_id,
        state: 'open',
        below: JSON.stringify(below),
        talk_at: null,
        talk_minutes: null,
        items: '[]',
        reevaluation_round_id: null,
        outcome: null,
        closed_at: null,
        replacement_proposed_at: null,
        assembly_id: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
      await trx.insertInto('evaluation_cases').values(row).execute();
      entries.push({
        ...actor,
        action: 'evaluation_case.open',
        targetType: 'evaluation_case',
        targetId: caseId,
        after: { roundId: round.id, below },
      });
    }
    await audit(trx, round.community_id, entries);
    return { caseId };
  });
}

// ---- cases (整改) ----

export const CaseItem = Type.Object({
  index: Type.Integer({ description: 'its place in the list, for …/items/:index/done' }),
  title: Type.String(),
  itemCode: Nullable(Type.String()),
  dueDate: DateOnly,
  state: StringEnum(['open', 'done'] as const),
  doneAt: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
});
type CaseItemView = Static<typeof CaseItem>;
export type StoredItem = Omit<CaseItemView, 'index'>;

export const Case = Type.Object({
  id: Type.String(),
  communityId: Type.String(),
  roundId: Type.String(),
  period: Type.String(),
  compoundId: Type.String(),
  compoundName: Type.String(),
  propertyCompanyId: Type.String(),
  propertyCompanyName: Type.String(),
  state: StringEnum(caseStates),
  below: Type.Array(Type.String(), {
    description: "what the round found below the threshold: 'overall', item codes",
  }),
  overallRate: Nullable(Type.Number()),
  thresholdPercent: Type.Integer(),
  talkAt: Nullable(Type.Integer({ description: '约谈: when the property company is talked to' })),
  talkMinutes: Nullable(Type.String()),
  items: Type.Array(CaseItem, { description: 'the rectification list (整改清单)' }),
  itemsDone: Type.Integer(),
  overdueItems: Type.Integer(),
  reevaluationRoundId: Nullable(Type.String()),
  reevaluation: Nullable(
    Type.Object({
      state: StringEnum(['open', 'closed'] as const),
      period: Type.String(),
      responses: Type.Integer(),
      overallRate: Nullable(Type.Number()),
      below: Type.Array(Type.String()),
    }),
  ),
  outcome: Nullable(Type.String()),
  closedAt: Nullable(Type.Integer()),
  replacementProposedAt: Nullable(Type.Integer()),
  assemblyId: Nullable(Type.String()),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  version: Type.Integer(),
});
export type CaseView = Static<typeof Case>;

export function caseRows(db: Db) {
  return db
    .selectFrom('evaluation_cases as k')
    .innerJoin('evaluation_rounds as r', (j) =>
      j.onRef('r.community_id', '=', 'k.community_id').onRef('r.id', '=', 'k.round_id'),
    )
    .innerJoin('compounds as c', (j) =>
      j.onRef('c.community_id', '=', 'k.community_id').onRef('c.id', '=', 'k.compound_id'),
    )
    .innerJoin('property_companies as pc', 'pc.id', 'k.property_company_id')
    .leftJoin('evaluation_rounds as re', (j) =>
      j.onRef('re.community_id', '=', 'k.community_id').onRef('re.id', '=', 'k.reevaluation_round_id'),
    )
    .selectAll('k')
    .select((eb) => [
      'r.period',
      'r.overall_rate',
      'r.threshold_percent',
      'c.name as compound_name',
      'pc.name as company_name',
      're.state as re_state',
      're.period as re_period',
      're.responses as re_responses',
      're.overall_rate as re_overall_rate',
      're.item_rates as re_item_rates',
      eb
        .selectFrom('survey_responses as sr')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('sr.community_id', '=', 're.community_id')
        .whereRef('sr.survey_id', '=', 're.survey_id')
        .as('re_live_responses'),
    ]);
}
export type CaseRow = EvaluationCasesTable & {
  period: string;
  overall_rate: number | null;
  threshold_percent: number;
  compound_name: string;
  company_name: string;
  re_state: string | null;
  re_period: string | null;
  re_responses: number | null;
  re_overall_rate: number | null;
  re_item_rates: string | null;
  re_live_responses: number | string | null;
};

export function caseView(k: CaseRow, today: string): CaseView {
  const items = (JSON.parse(k.items) as StoredItem[]).map((i, index) => ({ index, ...i }));
  const reRates = k.re_item_rates ? (JSON.parse(k.re_item_rates) as { code: string; below: boolean }[]) : [];
  return {
    id: k.id,
    communityId: k.community_id,
    roundId: k.round_id,
    period: k.period,
    compoundId: k.compound_id,
    compoundName: k.compound_name,
    propertyCompanyId: k.property_company_id,
    propertyCompanyName: k.company_name,
    state: k.state as CaseState,
    below: JSON.parse(k.below) as string[],
    overallRate: k.overall_rate,
    thresholdPercent: k.threshold_percent,
    talkAt: k.talk_at,
    talkMinutes: k.talk_minutes,
    items,
    itemsDone: items.filter((i) => i.state === 'done').length,
    overdueItems: items.filter((i) => i.state === 'open' && i.dueDate < today).length,
    reevaluationRoundId: k.reevaluation_round_id,
    reevaluation:
      k.reevaluation_round_id && k.re_state && k.re_period
        ? {
            state: k.re_state as 'open' | 'closed',
            period: k.re_period,
            responses: k.re_responses ?? Number(k.re_live_responses ?? 0),
            overallRate: k.re_overall_rate,
            below: reRates.filter((x) => x.below).map((x) => x.code),
          }
        : null,
    outcome: k.outcome,
    closedAt: k.closed_at,
    replacementProposedAt: k.replacement_proposed_at,
    assemblyId: k.assembly_id,
    createdAt: k.created_at,
    updatedAt: k.updated_at,
    version: k.version,
  };
}

export async function loadCase(db: Db, communityId: string, caseId: string): Promise<CaseRow> {
  const row = await caseRows(db)
    .where('k.community_id', '=', communityId)
    .where('k.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}

/** The state a case moves to on `action`, or a 409 saying the step is not possible now. */
export function requireStep(k: EvaluationCasesTable, action: CaseAction): CaseState {
  const items = JSON.parse(k.items) as StoredItem[];
  const next = nextCaseState(k.state as CaseState, action, items.length);
  if (!next) throw new AppError(409, 'evaluation_case_state', { state: k.state });
  return next;
}

/**
 * Writes a step of a case, if nobody changed it since it was read (version), and audits it: every
 * step of a case changes the property company's standing.
 */
export async function stepCase(
  db: Db,
  k: EvaluationCasesTable,
  action: string,
  set: Partial<Omit<EvaluationCasesTable, 'community_id' | 'id' | 'version'>>,
  actor: Omit<AuditEntry, 'action' | 'targetType'>,
  more?: (trx: Db) => Promise<void>,
  now = Date.now(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('evaluation_cases')
      .set({ ...set, updated_at: now, version: k.version + 1 })
      .where('community_id', '=', k.community_id)
      .where('id', '=', k.id)
      .where('version', '=', k.version)
      .executeTakeFirst();
    if (!done.numUpdatedRows)
      throw new AppError(409, 'conflict', { detail: 'evaluation case changed meanwhile' });
    if (more) await more(trx);
    await audit(trx, k.community_id, {
      ...actor,
      action: `evaluation_case.${action}`,
      targetType: 'evaluation_case',
      targetId: k.id,
      before: { state: k.state },
      after: set,
    });
  });
}
