import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Surveys (问卷, issue #9): questions with skip logic, one response per household or per person,
 * online or entered from paper; property evaluation (物业评议): the community's items and threshold,
 * rounds per compound built on a survey, and the cases (整改) a round below the threshold opens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let surveys = createTenantTable(db, 'surveys')
    .addColumn('compound_id', 'text') // null: the whole community
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text')
    .addColumn('kind', 'text', (c) => c.notNull()) // general | property_evaluation
    .addColumn('respondent', 'text', (c) => c.notNull()) // household | person
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('results_public', 'integer', (c) => c.notNull()) // residents see the results once closed
    .addColumn('state', 'text', (c) => c.notNull()) // draft | open | closed
    .addColumn('opens_at', 'bigint')
    .addColumn('closes_at', 'bigint')
    .addColumn('audience', 'text') // JSON {compoundIds?, buildingIds?} or null: everyone in scope
    .addColumn('opened_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());
  surveys = tenantRef(surveys, 'surveys', 'compound_id', 'compounds');
  await surveys.execute();
  await db.schema
    .createIndex('surveys_state_idx')
    .on('surveys')
    .columns(['community_id', 'state', 'compound_id'])
    .execute();

  let questions = createTenantTable(db, 'survey_questions')
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // single | multiple | rating | text
    .addColumn('text_zh', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text')
    .addColumn('options', 'text', (c) => c.notNull()) // JSON [{value, labelZh, labelEn}]
    .addColumn('required', 'integer', (c) => c.notNull())
    .addColumn('show_if', 'text') // JSON {question, anyOf} or null
    .addColumn('item_code', 'text'); // the evaluation item a rating question scores
  questions = tenantRef(questions, 'survey_questions', 'survey_id', 'surveys');
  await tenantUnique(questions, 'survey_questions', ['survey_id', 'code']).execute();

  // respondent_key is 'h:<household>' or 'p:<person>' (or 'a:<account>' for an account with no
  // person in the community): one unique index holds "one answer each" on both databases.
  let responses = createTenantTable(db, 'survey_responses')
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('respondent_key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // online | paper
    .addColumn('entered_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('answers', 'text', (c) => c.notNull()) // JSON {code: value}
    .addColumn('client_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  responses = tenantRef(responses, 'survey_responses', 'survey_id', 'surveys');
  responses = tenantRef(responses, 'survey_responses', 'household_id', 'households');
  responses = tenantRef(responses, 'survey_responses', 'person_id', 'people');
  await tenantUnique(responses, 'survey_responses', ['survey_id', 'respondent_key']).execute();
  await db.schema
    .createIndex('survey_responses_client_key_uq')
    .on('survey_responses')
    .columns(['community_id', 'survey_id', 'account_id', 'client_key'])
    .unique()
    .where(sql.ref('client_key'), 'is not', null)
    .execute();

  await createTenantTable(db, 'evaluation_settings')
    .addColumn('items', 'text', (c) => c.notNull()) // JSON [{code, nameZh, nameEn}]
    .addColumn('threshold_percent', 'integer', (c) => c.notNull())
    .addColumn('cadence', 'text', (c) => c.notNull()) // quarterly | half_yearly | yearly
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('evaluation_settings_community_uq', ['community_id'])
    .execute();

  let rounds = createTenantTable(db, 'evaluation_rounds')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('property_company_id', 'text', (c) => c.notNull().references('property_companies.id'))
    .addColumn('period', 'text', (c) => c.notNull()) // 2026Q4, 2026H2, 2026; a re-evaluation adds -R1
    .addColumn('survey_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // open | closed
    .addColumn('items', 'text', (c) => c.notNull()) // JSON: the items evaluated, copied from the settings
    .addColumn('threshold_percent', 'integer', (c) => c.notNull())
    .addColumn('reevaluates_case_id', 'text') // set on a re-evaluation round
    .addColumn('responses', 'integer') // the figures below are computed on close and stored
    .addColumn('overall_rate', 'double precision') // share 0–1 of 4–5 ratings; null when nobody rated
    .addColumn('item_rates', 'text') // JSON [{code, satisfied, rated, rate}]
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text', (c) => c.references('accounts.id'));
  rounds = tenantRef(rounds, 'evaluation_rounds', 'compound_id', 'compounds');
  rounds = tenantRef(rounds, 'evaluation_rounds', 'survey_id', 'surveys');
  rounds = tenantUnique(rounds, 'evaluation_rounds', ['survey_id']);
  await tenantUnique(rounds, 'evaluation_rounds', ['compound_id', 'period']).execute();

  // 整改 cases of a property company (named evaluation cases: the notices module has its own
  // rectification campaigns to households).
  let cases = createTenantTable(db, 'evaluation_cases')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('property_company_id', 'text', (c) => c.notNull().references('property_companies.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('below', 'text', (c) => c.notNull()) // JSON [code]: 'overall' and the items below the threshold
    .addColumn('talk_at', 'bigint') // 约谈
    .addColumn('talk_minutes', 'text')
    .addColumn('items', 'text', (c) => c.notNull()) // JSON [{title, itemCode, dueDate, state, doneAt, note}]
    .addColumn('reevaluation_round_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('closed_at', 'bigint')
    .addColumn('replacement_proposed_at', 'bigint')
    .addColumn('assembly_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());
  cases = tenantRef(cases, 'evaluation_cases', 'round_id', 'evaluation_rounds');
  cases = tenantRef(cases, 'evaluation_cases', 'compound_id', 'compounds');
  cases = tenantRef(cases, 'evaluation_cases', 'reevaluation_round_id', 'evaluation_rounds');
  await tenantUnique(cases, 'evaluation_cases', ['round_id']).execute();
  await db.schema
    .createIndex('evaluation_cases_company_idx')
    .on('evaluation_cases')
    .columns(['property_company_id', 'state'])
    .execute();
  await db.schema
    .createIndex('evaluation_rounds_company_idx')
    .on('evaluation_rounds')
    .columns(['property_company_id', 'created_at'])
    .execute();
}
