import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Locale } from '../../core/config';
import type { AssembliesTable, AssemblyMattersTable, DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { Nullable, StringEnum } from '../../core/http/schemas';
import { translate } from '../../core/i18n';
import { formatArea } from '../structure/area';
import {
  approvalNeeded,
  candidateChecks,
  motionChecks,
  outcome,
  quorumChecks,
  quorumNeeded,
  share,
  turnoutByBuilding,
  type Check,
} from './figures';
import { hasResults } from './lifecycle';
import { itemNames, matterKinds, type MatterItem } from './matters';
import {
  chainBody,
  chainOf,
  kindOf,
  listedCandidates,
  liveMatters,
  statusOf,
  tallyMatter,
  unitsOf,
  type Unit,
} from './store';
import { tally, type TallyResult } from './tally';
import { CheckLine, Figures } from './views';

/**
 * What the results page, the owners' page and the printed notice show of each matter, and the live
 * turnout organisers watch. Built from the frozen result and the chain; texts in the reader's language.
 */

const Side = Type.Object({ areaCenti: Type.Integer(), area: Type.String(), heads: Type.Integer() });

export const MatterResult = Type.Object({
  matterId: Type.String(),
  position: Type.Integer(),
  item: Type.Integer(),
  itemName: Type.String(),
  kind: StringEnum(matterKinds),
  title: Type.String(),
  seats: Nullable(Type.Integer()),
  figures: Figures,
  yes: Nullable(Side),
  no: Nullable(Side),
  abstain: Nullable(Side),
  checks: Type.Array(CheckLine),
  outcome: StringEnum(['passed', 'rejected', 'no_quorum', 'elected', 'runoff'] as const),
  outcomeText: Type.String(),
  passed: Nullable(Type.Boolean({ description: 'ordinary and special matters' })),
  candidates: Type.Array(
    Type.Object({
      id: Type.String({ description: 'the key ballots name (c1…)' }),
      name: Type.String(),
      areaCenti: Type.Integer(),
      area: Type.String(),
      heads: Type.Integer(),
      passes: Type.Boolean(),
      elected: Type.Boolean(),
      checks: Type.Array(CheckLine),
    }),
  ),
  runoff: Nullable(Type.Boolean()),
  finalHash: Type.String({ description: 'the chain’s last hash: every receipt leads to it' }),
  ballotCount: Type.Integer(),
  participatingRooms: Type.Array(Type.String({ description: 'rooms that took part (not how they voted)' })),
  votes: Nullable(
    Type.Array(
      Type.Object({
        room: Type.String(),
        choice: Nullable(Type.String()),
        choices: Nullable(Type.Array(Type.String())),
      }),
      { description: 'how each room voted: only when the assembly’s votes are public' },
    ),
  ),
});

const line = (c: Check, locale: Locale) => ({
  ...c,
  text: translate(`assembly_check_${c.key}`, locale, {
    share: c.share,
    relation: c.relation,
    threshold: c.threshold,
    mark: c.mark,
  }),
});

const side = (areaCenti: number, heads: number) => ({ areaCenti, area: formatArea(areaCenti), heads });

/** One matter's published result. The matter must have been counted (voting closed). */
export async function matterResult(
  db: Kysely<DB>,
  a: AssembliesTable,
  m: AssemblyMattersTable,
  units: Unit[],
  locale: Locale,
) {
  if (!m.result_json) throw new AppError(409, 'assembly_no_results');
  const t = JSON.parse(m.result_json) as TallyResult;
  const [chain, listed] = await Promise.all([chainOf(db, m), listedCandidates(db, m)]);
  const last = new Map(chain.map((b) => [b.voter_key, b]));
  const taking = units.filter((u) => last.has(u.voter));
  const nameOf = new Map(listed.map((c) => [c.candidate_key, c.name]));
  const result = outcome(t);
  const elected = t.kind === 'election' ? t.elected.map((key) => nameOf.get(key) ?? key) : [];
  return {
    matterId: m.id,
    position: m.position,
    item: m.item,
    itemName: itemNames[m.item as MatterItem],
    kind: kindOf(m),
    title: m.title,
    seats: m.seats,
    figures: {
      totalAreaCenti: t.totalAreaCenti,
      totalArea: formatArea(t.totalAreaCenti),
      totalHeads: t.totalHeads,
      participatingAreaCenti: t.participatingAreaCenti,
      participatingArea: formatArea(t.participatingAreaCenti),
      participatingHeads: t.participatingHeads,
      quorumArea: t.quorumArea,
      quorumHeads: t.quorumHeads,
      quorum: t.quorum,
      rejectedBallots: t.rejectedBallots,
      spoiltBallots: t.spoiltBallots,
    },
    yes: t.kind === 'election' ? null : side(t.yesAreaCenti, t.yesHeads),
    no: t.kind === 'election' ? null : side(t.noAreaCenti, t.noHeads),
    abstain: t.kind === 'election' ? null : side(t.abstainAreaCenti, t.abstainHeads),
    checks: (t.kind === 'election' ? quorumChecks(t) : motionChecks(t)).map((c) => line(c, locale)),
    outcome: result,
    outcomeText: translate(`assembly_outcome_${result}`, locale, {
      names: elected.join(locale === 'zh-CN' ? '、' : ', ') || '—',
    }),
    passed: t.kind === 'election' ? null : t.passed,
    candidates:
      t.kind === 'election'
        ? t.candidates.map((c) => ({
            id: c.id,
            name: nameOf.get(c.id) ?? c.id,
            areaCenti: c.areaCenti,
            area: formatArea(c.areaCenti),
            heads: c.heads,
            passes: c.passes,
            elected: t.elected.includes(c.id),
            checks: candidateChecks(t, c).map((x) => line(x, locale)),
          }))
        : [],
    runoff: t.kind === 'election' ? t.runoff : null,
    finalHash: m.head_hash,
    ballotCount: m.ballot_count,
    participatingRooms: taking.map((u) => u.label),
    votes:
      a.public_votes === 1
        ? taking.map((u) => {
            const b = last.get(u.voter)!;
            return {
              room: u.label,
              choice: b.choice,
              choices: b.choices_json === null ? null : (JSON.parse(b.choices_json) as string[]),
            };
          })
        : null,
  };
}

/** Every matter's result, in ballot order. */
export async function assemblyResults(db: Kysely<DB>, a: AssembliesTable, locale: Locale) {
  if (!hasResults(statusOf(a))) throw new AppError(409, 'assembly_no_results');
  const [units, matters] = await Promise.all([unitsOf(db, a), liveMatters(db, a)]);
  const results = [];
  for (const m of matters) results.push(await matterResult(db, a, m, units, locale));
  return results;
}

const BuildingTurnout = Type.Object({
  buildingId: Type.String(),
  buildingName: Type.String(),
  rooms: Type.Integer(),
  roomsTakingPart: Type.Integer(),
  areaCenti: Type.Integer(),
  participatingAreaCenti: Type.Integer(),
  heads: Type.Integer(),
  participatingHeads: Type.Integer(),
});

export const Turnout = Type.Object({
  assemblyId: Type.String(),
  status: Type.String(),
  votingEndsAt: Type.Integer(),
  totalAreaCenti: Type.Integer(),
  totalArea: Type.String(),
  totalHeads: Type.Integer(),
  quorumAreaCenti: Type.Integer({ description: 'participation the quorum needs (≥ 2/3)' }),
  quorumHeads: Type.Integer(),
  matters: Type.Array(
    Type.Object({
      matterId: Type.String(),
      title: Type.String(),
      kind: StringEnum(matterKinds),
      ballots: Type.Integer({ description: 'ballots in the chain, superseded ones included' }),
      participatingAreaCenti: Type.Integer(),
      participatingArea: Type.String(),
      participatingHeads: Type.Integer(),
      areaShare: Type.String(),
      headsShare: Type.String(),
      quorumArea: Type.Boolean(),
      quorumHeads: Type.Boolean(),
      quorum: Type.Boolean(),
      approvalNeeded: Type.Object(
        { areaCenti: Type.Integer(), heads: Type.Integer() },
        { description: 'yes votes approval needs at the present participation (not how anyone voted)' },
      ),
      buildings: Type.Array(BuildingTurnout),
    }),
  ),
});

/**
 * Participation so far, per matter and per building, against the quorum and the approval
 * thresholds. It never shows how anyone voted while voting is open: only who has taken part.
 */
export async function turnoutOf(db: Kysely<DB>, a: AssembliesTable) {
  if (a.opened_at === null || a.total_area_centi === null || a.total_heads === null)
    throw new AppError(409, 'assembly_no_electorate');
  const [units, matters, buildings] = await Promise.all([
    unitsOf(db, a),
    liveMatters(db, a),
    db
      .selectFrom('buildings')
      .select(['id', 'name'])
      .where('community_id', '=', a.community_id)
      .where('compound_id', '=', a.compound_id)
      .execute(),
  ]);
  const buildingName = new Map(buildings.map((b) => [b.id, b.name]));
  const rows = [];
  for (const m of matters) {
    const chain = (await chainOf(db, m)).map(chainBody);
    const t = tally(await tallyMatter(db, m), units, chain);
    rows.push({
      matterId: m.id,
      title: m.title,
      kind: kindOf(m),
      ballots: m.ballot_count,
      participatingAreaCenti: t.participatingAreaCenti,
      participatingArea: formatArea(t.participatingAreaCenti),
      participatingHeads: t.participatingHeads,
      areaShare: share(t.participatingAreaCenti, t.totalAreaCenti),
      headsShare: share(t.participatingHeads, t.totalHeads),
      quorumArea: t.quorumArea,
      quorumHeads: t.quorumHeads,
      quorum: t.quorum,
      approvalNeeded: {
        areaCenti: approvalNeeded(t.kind, t.participatingAreaCenti),
        heads: approvalNeeded(t.kind, t.participatingHeads),
      },
      buildings: turnoutByBuilding(units, new Set(chain.map((b) => b.voter))).map((b) => ({
        ...b,
        buildingName: buildingName.get(b.buildingId) ?? '',
      })),
    });
  }
  return {
    assemblyId: a.id,
    status: a.status,
    votingEndsAt: a.voting_ends_at,
    totalAreaCenti: a.total_area_centi,
    totalArea: formatArea(a.total_area_centi),
    totalHeads: a.total_heads,
    quorumAreaCenti: quorumNeeded(a.total_area_centi),
    quorumHeads: quorumNeeded(a.total_heads),
    matters: rows,
  };
}
