/** Row types of every table, as Kysely sees them. Times are epoch ms; booleans are 0/1. */

export type Flag = 0 | 1;

export interface StreetsTable {
  id: string;
  name: string;
  code: string;
  created_at: number;
  archived_at: number | null;
}
export interface CommunitiesTable {
  id: string;
  street_id: string;
  name: string;
  code: string;
  address: string | null;
  created_at: number;
  archived_at: number | null;
}
export interface PropertyCompaniesTable {
  id: string;
  name: string;
  credit_code: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: number;
  archived_at: number | null;
}
export interface AccountsTable {
  id: string;
  phone_sealed: string;
  phone_hash: string;
  display_name: string;
  password_hash: string;
  locale: string | null;
  large_text: Flag;
  is_platform_admin: Flag;
  created_at: number;
  password_changed_at: number;
  disabled_at: number | null;
}
export interface SessionsTable {
  id_hash: string;
  public_id: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
  ended_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}
export interface LoginAttemptsTable {
  id: string;
  phone_hash: string;
  ip: string;
  at: number;
  succeeded: Flag;
}
export interface StreetGrantsTable {
  id: string;
  street_id: string;
  account_id: string;
  role: string;
  granted_by: string | null;
  granted_at: number;
  revoked_by: string | null;
  revoked_at: number | null;
}
interface AuditColumns {
  id: string;
  at: number;
  actor_account_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
}
export interface PlatformAuditLogTable extends AuditColumns {
  street_id: string | null;
}
export interface AuditLogTable extends AuditColumns {
  community_id: string;
}

interface Tenant {
  community_id: string;
  id: string;
}
export interface GrantsTable extends Tenant {
  account_id: string;
  role: string;
  scope_kind: string;
  scope_id: string;
  granted_by: string | null;
  granted_at: number;
  revoked_by: string | null;
  revoked_at: number | null;
}
interface Lifecycle {
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}
export interface CompoundsTable extends Tenant, Lifecycle {
  name: string;
  address: string | null;
  year_built: number | null;
  property_company_id: string | null;
}
export interface BuildingsTable extends Tenant, Lifecycle {
  compound_id: string;
  name: string;
  floors: number | null;
}
export interface EntrancesTable extends Tenant, Lifecycle {
  building_id: string;
  name: string;
}
export interface RoomsTable extends Tenant, Lifecycle {
  compound_id: string;
  building_id: string;
  entrance_id: string;
  number: string;
  floor: number | null;
  area_centi: number;
  area_source: string;
  use: string;
}
export interface PeopleTable extends Tenant, Lifecycle {
  name: string;
  phone_sealed: string | null;
  phone_hash: string | null;
  id_number_sealed: string | null;
  id_number_hash: string | null;
  gender: string | null;
  birth_year: number | null;
  political_status: string;
  flags: string;
  account_id: string | null;
  notes: string | null;
}
export interface HouseholdsTable extends Tenant {
  room_id: string;
  compound_id: string;
  building_id: string;
  name: string;
  head_person_id: string | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closed_by: string | null;
}
export interface ResidenciesTable extends Tenant {
  household_id: string;
  person_id: string;
  kind: string;
  relation: string | null;
  since: string | null;
  until: string | null;
  created_at: number;
  updated_at: number;
}
export interface OwnershipsTable extends Tenant {
  room_id: string;
  compound_id: string;
  person_id: string | null;
  is_developer: Flag;
  is_voter: Flag;
  since: string | null;
  until: string | null;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
}
export interface GridsTable extends Tenant, Lifecycle {
  compound_id: string | null;
  name: string;
}
export interface GridBuildingsTable {
  community_id: string;
  grid_id: string;
  building_id: string;
}
export interface GridWorkersTable extends Tenant {
  grid_id: string;
  person_id: string;
  role: string;
  since: string | null;
  until: string | null;
  created_at: number;
  ended_at: number | null;
}
export interface PartyOrgsTable extends Tenant, Lifecycle {
  parent_id: string | null;
  kind: string;
  name: string;
  compound_id: string | null;
  building_id: string | null;
  household_id: string | null;
}
export interface PartyPositionsTable extends Tenant {
  org_id: string;
  person_id: string;
  position: string;
  since: string | null;
  until: string | null;
  created_at: number;
  ended_at: number | null;
}
export interface OwnerCommitteesTable extends Tenant {
  compound_id: string;
  term_no: number;
  term_start: string | null;
  term_end: string | null;
  status: string;
  created_at: number;
  updated_at: number;
}
export interface CommitteeMembersTable extends Tenant {
  committee_id: string;
  person_id: string;
  position: string;
  since: string | null;
  until: string | null;
  created_at: number;
  ended_at: number | null;
}
export interface PropertyContractsTable extends Tenant {
  compound_id: string;
  company_id: string;
  starts_on: string;
  ends_on: string | null;
  fee_fen_per_m2_month: number | null;
  status: string;
  created_at: number;
  updated_at: number;
}
export interface CobuildUnitsTable extends Tenant, Lifecycle {
  name: string;
  kind: string;
  contact_name: string | null;
  contact_phone: string | null;
  notes: string | null;
}
export interface SquadsTable extends Tenant, Lifecycle {
  name: string;
  type: string;
  compound_id: string | null;
  grid_id: string | null;
}
export interface SquadMembersTable extends Tenant {
  squad_id: string;
  person_id: string;
  role: string;
  joined_at: number;
  left_at: number | null;
}
export interface InvitationsTable extends Tenant {
  household_id: string;
  code_hash: string;
  expires_at: number;
  max_uses: number;
  uses: number;
  created_by: string | null;
  created_at: number;
  revoked_at: number | null;
}
export interface HouseholdBindingsTable extends Tenant {
  household_id: string;
  account_id: string;
  invitation_id: string | null;
  claimed_name: string;
  kind: string;
  relation: string | null;
  status: string;
  person_id: string | null;
  requested_at: number;
  decided_by: string | null;
  decided_at: number | null;
  reason: string | null;
}

export interface DB {
  streets: StreetsTable;
  communities: CommunitiesTable;
  property_companies: PropertyCompaniesTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  street_grants: StreetGrantsTable;
  platform_audit_log: PlatformAuditLogTable;
  audit_log: AuditLogTable;
  grants: GrantsTable;
  compounds: CompoundsTable;
  buildings: BuildingsTable;
  entrances: EntrancesTable;
  rooms: RoomsTable;
  people: PeopleTable;
  households: HouseholdsTable;
  residencies: ResidenciesTable;
  ownerships: OwnershipsTable;
  grids: GridsTable;
  grid_buildings: GridBuildingsTable;
  grid_workers: GridWorkersTable;
  party_orgs: PartyOrgsTable;
  party_positions: PartyPositionsTable;
  owner_committees: OwnerCommitteesTable;
  committee_members: CommitteeMembersTable;
  property_contracts: PropertyContractsTable;
  cobuild_units: CobuildUnitsTable;
  squads: SquadsTable;
  squad_members: SquadMembersTable;
  invitations: InvitationsTable;
  household_bindings: HouseholdBindingsTable;
}

/** Tables without community_id: the registry and platform tables (DESIGN §5). */
export const referenceTables = [
  'streets',
  'communities',
  'property_companies',
  'accounts',
  'sessions',
  'login_attempts',
  'street_grants',
  'platform_audit_log',
] as const;
