import { sql, type Kysely } from 'kysely';
import { createTenantTable, tenantRef, tenantUnique } from '../tenant';

/**
 * Patrols and duty rosters (issue #7): patrol routes (巡逻路线) made of checkpoints with QR codes, the
 * runs volunteers make along them and their scans (a finding becomes a service order), and the duty
 * rosters (值班表) of a service station or a building site: places, shifts, swaps.
 *
 * Idempotency lives in the unique keys: a run's and a scan's client key (an offline phone replays
 * them), and one run per scheduled slot of a route (the clock job's missed runs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let routes = createTenantTable(db, 'patrol_routes')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('squad_id', 'text') // the squad that patrols it; null: anyone serving in the compound
    .addColumn('grid_id', 'text') // the grid it runs through, so the grid worker sees it
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull()) // JSON {times: ['07:00'], weekdays: [1..7]}
    .addColumn('grace_minutes', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // active | archived
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  routes = tenantRef(routes, 'patrol_routes', 'compound_id', 'compounds');
  routes = tenantRef(routes, 'patrol_routes', 'squad_id', 'squads');
  await tenantRef(routes, 'patrol_routes', 'grid_id', 'grids').execute();
  await db.schema
    .createIndex('patrol_routes_compound_idx')
    .on('patrol_routes')
    .columns(['community_id', 'compound_id'])
    .execute();

  let points = createTenantTable(db, 'patrol_checkpoints')
    .addColumn('route_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('place_hint', 'text')
    .addColumn('qr_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  points = tenantRef(points, 'patrol_checkpoints', 'route_id', 'patrol_routes');
  await tenantUnique(points, 'patrol_checkpoints', ['qr_token']).execute();
  // A scanned QR code finds its checkpoint by token alone (the phone does not know the community).
  await db.schema
    .createIndex('patrol_checkpoints_token_idx')
    .on('patrol_checkpoints')
    .columns(['qr_token'])
    .execute();
  await db.schema
    .createIndex('patrol_checkpoints_route_idx')
    .on('patrol_checkpoints')
    .columns(['community_id', 'route_id', 'position'])
    .execute();

  let runs = createTenantTable(db, 'patrol_runs')
    .addColumn('route_id', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'bigint') // the slot (epoch ms); null for an ad-hoc run
    .addColumn('runner_person_id', 'text')
    .addColumn('runner_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('started_at', 'bigint') // null for a missed run
    .addColumn('finished_at', 'bigint')
    .addColumn('state', 'text', (c) => c.notNull()) // in_progress | done | abandoned | missed
    .addColumn('missed_points', 'integer', (c) => c.notNull())
    .addColumn('out_of_order', 'integer', (c) => c.notNull())
    .addColumn('late', 'integer', (c) => c.notNull()) // started after the slot's grace
    .addColumn('client_key', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  runs = tenantRef(runs, 'patrol_runs', 'route_id', 'patrol_routes');
  runs = tenantRef(runs, 'patrol_runs', 'runner_person_id', 'people');
  runs = tenantUnique(runs, 'patrol_runs', ['runner_account_id', 'client_key']);
  await tenantUnique(runs, 'patrol_runs', ['route_id', 'scheduled_for']).execute();
  await db.schema
    .createIndex('patrol_runs_route_idx')
    .on('patrol_runs')
    .columns(['community_id', 'route_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('patrol_runs_state_idx')
    .on('patrol_runs')
    .columns(['state', 'started_at'])
    .execute();

  let scans = createTenantTable(db, 'patrol_scans')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('checkpoint_id', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'bigint', (c) => c.notNull()) // the phone's time, kept as given
    .addColumn('received_at', 'bigint', (c) => c.notNull()) // when the server got it
    .addColumn('note', 'text')
    .addColumn('finding', 'integer', (c) => c.notNull())
    .addColumn('finding_order_id', 'text')
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'));
  scans = tenantRef(scans, 'patrol_scans', 'run_id', 'patrol_runs');
  scans = tenantRef(scans, 'patrol_scans', 'checkpoint_id', 'patrol_checkpoints');
  scans = tenantRef(scans, 'patrol_scans', 'finding_order_id', 'orders');
  await tenantUnique(scans, 'patrol_scans', ['run_id', 'client_key']).execute();

  let places = createTenantTable(db, 'duty_places')
    .addColumn('compound_id', 'text') // null: community-wide (the community's service station)
    .addColumn('squad_id', 'text') // the squad that keeps the duty, if one does
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // station | site | other
    .addColumn('shift_pattern', 'text', (c) => c.notNull()) // JSON [{code, label, start, end}]
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('archived_at', 'bigint');
  places = tenantRef(places, 'duty_places', 'compound_id', 'compounds');
  await tenantRef(places, 'duty_places', 'squad_id', 'squads').execute();

  let shifts = createTenantTable(db, 'duty_shifts')
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull()) // YYYY-MM-DD, Asia/Shanghai
    .addColumn('slot_code', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // planned | swapped | cancelled
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
  shifts = tenantRef(shifts, 'duty_shifts', 'place_id', 'duty_places');
  shifts = tenantRef(shifts, 'duty_shifts', 'person_id', 'people');
  await tenantUnique(shifts, 'duty_shifts', ['place_id', 'date', 'slot_code', 'person_id']).execute();
  await db.schema
    .createIndex('duty_shifts_person_idx')
    .on('duty_shifts')
    .columns(['community_id', 'person_id', 'date'])
    .execute();
  await db.schema
    .createIndex('duty_shifts_date_idx')
    .on('duty_shifts')
    .columns(['community_id', 'date'])
    .execute();

  let swaps = createTenantTable(db, 'duty_swaps')
    .addColumn('shift_id', 'text', (c) => c.notNull())
    .addColumn('from_person_id', 'text', (c) => c.notNull())
    .addColumn('to_person_id', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('reason', 'text')
    .addColumn('state', 'text', (c) => c.notNull()) // pending | approved | rejected | withdrawn
    .addColumn('accepted_at', 'bigint') // the colleague asked agreed
    .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  swaps = tenantRef(swaps, 'duty_swaps', 'shift_id', 'duty_shifts');
  swaps = tenantRef(swaps, 'duty_swaps', 'from_person_id', 'people');
  await tenantRef(swaps, 'duty_swaps', 'to_person_id', 'people').execute();
  // One swap waiting per shift: two requests sent at once cannot both wait.
  await db.schema
    .createIndex('duty_swaps_pending_uq')
    .on('duty_swaps')
    .columns(['community_id', 'shift_id'])
    .unique()
    .where(sql.ref('state'), '=', 'pending')
    .execute();
}
