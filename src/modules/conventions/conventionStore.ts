import type { Kysely } from 'kysely';
import type {
  ConventionOpinionsTable,
  ConventionPledgesTable,
  ConventionsTable,
  DB,
} from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { newId } from '../../core/ids';
import { filled, isUniqueViolation } from '../deliberation/store';
import type { Channel, Stance } from './rules';
import { articlesOf, householdOf } from './store';
import { requireStep, versionRow } from './views';

/**
 * Opinions (征求意见) and pledges (承诺) written from the phone or entered door to door: one household
 * in the convention's area each, a repeat from a flaky phone returning the first row.
 */

type Db = Kysely<DB>;

/** The household, when it lies in the convention's area; 400 otherwise. */
async function householdFor(db: Db, c: ConventionsTable, householdId: string) {
  const h = await householdOf(db, c.community_id, householdId);
  if (c.compound_id && h.compound_id !== c.compound_id)
    throw fieldError(400, 'convention_household_outside', 'householdId');
  return h;
}

export interface OpinionInput {
  householdId: string;
  articleNumber?: number | null;
  stance: Stance;
  text: string;
  clientKey?: string;
}

/** Records an opinion on the current draft; `created` false when the client key was seen before. */
export async function addOpinion(
  db: Db,
  c: ConventionsTable,
  input: OpinionInput,
  by: { channel: Channel; accountId: string | null; enteredBy: string },
): Promise<{ row: ConventionOpinionsTable; created: boolean }> {
  const replayed = async () =>
    input.clientKey && by.accountId
      ? db
          .selectFrom('convention_opinions')
          .selectAll()
          .where('community_id', '=', c.community_id)
          .where('account_id', '=', by.accountId)
          .where('client_key', '=', input.clientKey)
          .executeTakeFirst()
      : undefined;
  const first = await replayed();
  if (first) return { row: first, created: false };
  requireStep(c, 'opinion');
  const h = await householdFor(db, c, input.householdId);
  const version = await versionRow(db, c.community_id, c.current_version_id!);
  const articleNumber = input.articleNumber ?? null;
  if (articleNumber !== null && !articlesOf(version.articles).some((a) => a.number === articleNumber))
    throw fieldError(400, 'convention_article_unknown', 'articleNumber', { number: articleNumber });
  const row: ConventionOpinionsTable = {
    community_id: c.community_id,
    id: newId(),
    convention_id: c.id,
    version_id: version.id,
    article_number: articleNumber,
    household_id: h.id,
    building_id: h.building_id,
    account_id: by.accountId,
    channel: by.channel,
    entered_by: by.enteredBy,
    stance: input.stance,
    text: filled(input.text, 'text'),
    client_key: by.accountId ? (input.clientKey ?? null) : null,
    created_at: Date.now(),
    reply: null,
    reply_public: 0,
    replied_by: null,
    replied_at: null,
  };
  try {
    await db.insertInto('convention_opinions').values(row).execute();
  } catch (err) {
    const again = isUniqueViolation(err) ? await replayed() : undefined;
    if (again) return { row: again, created: false };
    throw err;
  }
  return { row, created: true };
}

/** A household's pledge to keep the adopted convention; its existing pledge when it has one. */
export async function addPledge(
  db: Db,
  c: ConventionsTable,
  householdId: string,
  by: { channel: Channel; accountId: string | null; enteredBy: string },
): Promise<{ row: ConventionPledgesTable; created: boolean }> {
  const existing = () =>
    db
      .selectFrom('convention_pledges')
      .selectAll()
      .where('community_id', '=', c.community_id)
      .where('convention_id', '=', c.id)
      .where('household_id', '=', householdId)
      .executeTakeFirst();
  requireStep(c, 'pledge');
  const h = await householdFor(db, c, householdId);
  const first = await existing();
  if (first) return { row: first, created: false };
  const row: ConventionPledgesTable = {
    community_id: c.community_id,
    id: newId(),
    convention_id: c.id,
    version_id: c.adopted_version_id!,
    household_id: h.id,
    building_id: h.building_id,
    account_id: by.accountId,
    channel: by.channel,
    entered_by: by.enteredBy,
    created_at: Date.now(),
  };
  try {
    await db.insertInto('convention_pledges').values(row).execute();
  } catch (err) {
    const again = isUniqueViolation(err) ? await existing() : undefined;
    if (again) return { row: again, created: false };
    throw err;
  }
  return { row, created: true };
}

export const pledgeView = (p: ConventionPledgesTable) => ({
  id: p.id,
  conventionId: p.convention_id,
  householdId: p.household_id,
  channel: p.channel as Channel,
  createdAt: p.created_at,
});

/** 404 unless the opinion exists in the community. */
export async function opinionRow(db: Db, communityId: string, id: string) {
  const row = await db
    .selectFrom('convention_opinions')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found');
  return row;
}
