import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Owners' assemblies (业主大会, issue 5; DESIGN §6): assemblies and their matters, the electorate
 * frozen when voting opens, ballots in one hash chain per matter, paper and proxy sheets awaiting a
 * second staff member, committee candidates, and door-to-door canvassing (扫楼).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per community: its notice period and how many owners sign a joint nomination.
  await createTenantTable(db, 'assembly_settings')
    .addColumn('notice_days', 'integer', (c) => c.notNull())
    .addColumn('joint_nominators', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('assembly_settings_community_uq', ['community_id'])
    .execute();

  let t;
  t = createTenantTable(db, 'assemblies')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // draft | announced | voting | closed | published | archived | cancelled
    .addColumn('public_votes', 'integer', (c) => c.notNull()) // the compound's rules make each room's vote public
    .addColumn('notice_days', 'integer', (c) => c.notNull())
    .addColumn('voting_starts_at', 'bigint', (c) => c.notNull())
    .addColumn('voting_ends_at', 'bigint', (c) => c.notNull())
    .addColumn('original_ends_at', 'bigint') // the deadline before its one extension
    .addColumn('extension_reason', 'text')
    .addColumn('extended_at', 'bigint')
    .addColumn('total_area_centi', 'bigint') // the electorate's totals, once frozen
    .addColumn('total_heads', 'integer')
    .addColumn('room_count', 'integer')
    .addColumn('announced_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('published_at', 'bigint')
    .addColumn('archived_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  await tenantRef(t, 'assemblies', 'compound_id', 'compounds').execute();
  await db.schema
    .createIndex('assemblies_status_idx')
    .on('assemblies')
    .columns(['status', 'voting_starts_at'])
    .execute();

  t = createTenantTable(db, 'assembly_matters')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item', 'integer', (c) => c.notNull()) // Civil Code art. 278 item 1–9
    .addColumn('kind', 'text', (c) => c.notNull()) // ordinary | special | election
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('seats', 'integer')
    .addColumn('attachment_ids', 'text', (c) => c.notNull()) // JSON array of file ids
    .addColumn('candidates_published_at', 'bigint')
    // The chain's head: the last seq and its hash, updated with each ballot under the row's lock.
    .addColumn('ballot_count', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text') // the tally, frozen at closing
    .addColumn('withdrawn_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'assembly_matters', 'assembly_id', 'assemblies');
  await tenantRef(t, 'assembly_matters', 'compound_id', 'compounds').execute();
  await db.schema
    .createIndex('assembly_matters_assembly_idx')
    .on('assembly_matters')
    .columns(['community_id', 'assembly_id'])
    .execute();

  // The electorate as frozen when voting opened: voters under pseudonyms v1…vN, rooms under u1…uN.
  t = createTenantTable(db, 'assembly_voters')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text') // null for the developer
    .addColumn('is_developer', 'integer', (c) => c.notNull())
    .addColumn('co_owner_ids', 'text', (c) => c.notNull()) // JSON: other owners of the voter's rooms
    .addColumn('delegate_person_id', 'text') // the co-owner the voter chose to vote online
    .addColumn('area_centi', 'bigint', (c) => c.notNull())
    .addColumn('room_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'assembly_voters', 'assembly_id', 'assemblies');
  t = tenantRef(t, 'assembly_voters', 'person_id', 'people');
  t = tenantRef(t, 'assembly_voters', 'delegate_person_id', 'people');
  await tenantUnique(t, 'assembly_voters', ['assembly_id', 'voter_key']).execute();
  await db.schema
    .createIndex('assembly_voters_person_idx')
    .on('assembly_voters')
    .columns(['community_id', 'person_id'])
    .execute();

  t = createTenantTable(db, 'assembly_rooms')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('unit_key', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull()) // 1栋-1单元-101
    .addColumn('area_centi', 'bigint', (c) => c.notNull())
    .addColumn('area_source', 'text', (c) => c.notNull())
    .addColumn('voter_id', 'text') // null: nobody owned the room; its area still counts
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'assembly_rooms', 'assembly_id', 'assemblies');
  t = tenantRef(t, 'assembly_rooms', 'room_id', 'rooms');
  t = tenantRef(t, 'assembly_rooms', 'building_id', 'buildings');
  t = tenantRef(t, 'assembly_rooms', 'voter_id', 'assembly_voters');
  t = tenantUnique(t, 'assembly_rooms', ['assembly_id', 'room_id']);
  await tenantUnique(t, 'assembly_rooms', ['assembly_id', 'unit_key']).execute();

  // A paper or proxy sheet: entered by one staff member, counted once a second one confirms.
  t = createTenantTable(db, 'paper_ballots')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('voter_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // paper | proxy
    .addColumn('sheet_file_id', 'text', (c) => c.notNull())
    .addColumn('authorisation_file_id', 'text')
    .addColumn('proxy_name', 'text')
    .addColumn('choices_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | rejected
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('reject_reason', 'text');
  t = tenantRef(t, 'paper_ballots', 'assembly_id', 'assemblies');
  t = tenantRef(t, 'paper_ballots', 'voter_id', 'assembly_voters');
  await tenantRef(t, 'paper_ballots', 'room_id', 'rooms').execute();

  // Every ballot, appended to its matter's chain: hash = sha256(prev_hash + canonical({seq, voter, choice(s)})).
  t = createTenantTable(db, 'ballots')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('voter_id', 'text', (c) => c.notNull())
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('choice', 'text')
    .addColumn('choices_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull()) // online | paper | proxy
    .addColumn('cast_by', 'text', (c) => c.notNull()) // the account that cast or confirmed it
    .addColumn('paper_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('cast_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'ballots', 'assembly_id', 'assemblies');
  t = tenantRef(t, 'ballots', 'matter_id', 'assembly_matters');
  t = tenantRef(t, 'ballots', 'voter_id', 'assembly_voters');
  t = tenantRef(t, 'ballots', 'paper_id', 'paper_ballots');
  t = tenantUnique(t, 'ballots', ['matter_id', 'seq']);
  await tenantUnique(t, 'ballots', ['matter_id', 'idempotency_key']).execute();
  await db.schema.createIndex('ballots_hash_idx').on('ballots').columns(['community_id', 'hash']).execute();
  await db.schema
    .createIndex('ballots_voter_idx')
    .on('ballots')
    .columns(['community_id', 'matter_id', 'voter_id'])
    .execute();

  // 业委会候选人: ids c1…cN within the matter, as ballots name them.
  t = createTenantTable(db, 'assembly_candidates')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('matter_id', 'text', (c) => c.notNull())
    .addColumn('candidate_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('nomination', 'text', (c) => c.notNull()) // self | organisation | joint
    .addColumn('organisation', 'text')
    .addColumn('nominator_ids', 'text', (c) => c.notNull()) // JSON: owners who signed a joint nomination
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('photo_file_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // pending | approved | rejected | withdrawn
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'assembly_candidates', 'assembly_id', 'assemblies');
  t = tenantRef(t, 'assembly_candidates', 'matter_id', 'assembly_matters');
  t = tenantRef(t, 'assembly_candidates', 'person_id', 'people');
  await tenantUnique(t, 'assembly_candidates', ['matter_id', 'candidate_key']).execute();
  // One live candidacy per person per election.
  await db.schema
    .createIndex('assembly_candidates_person_uq')
    .on('assembly_candidates')
    .columns(['community_id', 'matter_id', 'person_id'])
    .unique()
    .where(sql.ref('status'), 'in', sql`('pending', 'approved')`)
    .execute();

  // 扫楼: which volunteer covers which building for an assembly, and what each door said.
  t = createTenantTable(db, 'canvass_assignments')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('assigned_by', 'text')
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_by', 'text')
    .addColumn('ended_at', 'bigint');
  t = tenantRef(t, 'canvass_assignments', 'assembly_id', 'assemblies');
  await tenantRef(t, 'canvass_assignments', 'building_id', 'buildings').execute();
  await db.schema
    .createIndex('canvass_assignments_live_uq')
    .on('canvass_assignments')
    .columns(['community_id', 'assembly_id', 'building_id', 'account_id'])
    .unique()
    .where(sql.ref('ended_at'), 'is', null)
    .execute();

  t = createTenantTable(db, 'canvass_records')
    .addColumn('assembly_id', 'text', (c) => c.notNull())
    .addColumn('building_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('outcome', 'text', (c) => c.notNull()) // contacted | voted | refused | unreachable | needs_paper
    .addColumn('note', 'text')
    .addColumn('recorded_at', 'bigint', (c) => c.notNull());
  t = tenantRef(t, 'canvass_records', 'assembly_id', 'assemblies');
  t = tenantRef(t, 'canvass_records', 'building_id', 'buildings');
  await tenantRef(t, 'canvass_records', 'room_id', 'rooms').execute();
  await db.schema
    .createIndex('canvass_records_room_idx')
    .on('canvass_records')
    .columns(['community_id', 'assembly_id', 'room_id', 'recorded_at'])
    .execute();
}
