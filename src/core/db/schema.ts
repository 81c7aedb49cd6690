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
  /** Set while the password is a temporary one made up by the office: refused after, changed at first login. */
  password_expires_at: number | null;
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
  notifications: NotificationsTable;
  notification_deliveries: NotificationDeliveriesTable;
  files: FilesTable;
  assembly_settings: AssemblySettingsTable;
  assemblies: AssembliesTable;
  assembly_matters: AssemblyMattersTable;
  assembly_voters: AssemblyVotersTable;
  assembly_rooms: AssemblyRoomsTable;
  paper_ballots: PaperBallotsTable;
  ballots: BallotsTable;
  assembly_candidates: AssemblyCandidatesTable;
  canvass_assignments: CanvassAssignmentsTable;
  canvass_records: CanvassRecordsTable;
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

// ---- owners' assemblies (0005_assemblies) ----
export interface AssemblySettingsTable extends Tenant {
  notice_days: number;
  joint_nominators: number;
  updated_by: string | null;
  updated_at: number;
}
export interface AssembliesTable extends Tenant {
  compound_id: string;
  title: string;
  description: string | null;
  status: string;
  public_votes: Flag;
  notice_days: number;
  voting_starts_at: number;
  voting_ends_at: number;
  original_ends_at: number | null;
  extension_reason: string | null;
  extended_at: number | null;
  total_area_centi: number | null;
  total_heads: number | null;
  room_count: number | null;
  announced_at: number | null;
  opened_at: number | null;
  closed_at: number | null;
  published_at: number | null;
  archived_at: number | null;
  cancelled_at: number | null;
  cancel_reason: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface AssemblyMattersTable extends Tenant {
  assembly_id: string;
  compound_id: string;
  position: number;
  item: number;
  kind: string;
  title: string;
  description: string | null;
  seats: number | null;
  attachment_ids: string;
  candidates_published_at: number | null;
  ballot_count: number;
  head_hash: string;
  result_json: string | null;
  withdrawn_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface AssemblyVotersTable extends Tenant {
  assembly_id: string;
  voter_key: string;
  person_id: string | null;
  is_developer: Flag;
  co_owner_ids: string;
  delegate_person_id: string | null;
  area_centi: number;
  room_count: number;
  created_at: number;
  updated_at: number;
}
export interface AssemblyRoomsTable extends Tenant {
  assembly_id: string;
  room_id: string;
  unit_key: string;
  building_id: string;
  label: string;
  area_centi: number;
  area_source: string;
  voter_id: string | null;
  created_at: number;
}
export interface PaperBallotsTable extends Tenant {
  assembly_id: string;
  voter_id: string;
  room_id: string;
  channel: string;
  sheet_file_id: string;
  authorisation_file_id: string | null;
  proxy_name: string | null;
  choices_json: string;
  status: string;
  entered_by: string;
  entered_at: number;
  decided_by: string | null;
  decided_at: number | null;
  reject_reason: string | null;
}
export interface BallotsTable extends Tenant {
  assembly_id: string;
  matter_id: string;
  seq: number;
  voter_id: string;
  voter_key: string;
  choice: string | null;
  choices_json: string | null;
  prev_hash: string;
  hash: string;
  channel: string;
  cast_by: string;
  paper_id: string | null;
  idempotency_key: string | null;
  cast_at: number;
}
export interface AssemblyCandidatesTable extends Tenant {
  assembly_id: string;
  matter_id: string;
  candidate_key: string;
  person_id: string;
  nomination: string;
  organisation: string | null;
  nominator_ids: string;
  statement: string;
  photo_file_id: string | null;
  status: string;
  created_by: string;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
  updated_at: number;
}
export interface CanvassAssignmentsTable extends Tenant {
  assembly_id: string;
  building_id: string;
  account_id: string;
  assigned_by: string | null;
  assigned_at: number;
  ended_by: string | null;
  ended_at: number | null;
}
export interface CanvassRecordsTable extends Tenant {
  assembly_id: string;
  building_id: string;
  room_id: string;
  account_id: string;
  outcome: string;
  note: string | null;
  recorded_at: number;
}

// ---- live: inbox, outbox, uploads (0003_live) ----
export interface NotificationsTable extends Tenant {
  account_id: string;
  kind: string;
  params_json: string;
  link: string | null;
  created_at: number;
  read_at: number | null;
}
export interface NotificationDeliveriesTable extends Tenant {
  notification_id: string;
  channel: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}
export interface FilesTable extends Tenant {
  uploaded_by: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  has_thumb: Flag;
  attached_type: string | null;
  attached_id: string | null;
  attached_at: number | null;
  created_at: number;
  removed_at: number | null;
}

// ---- service orders (0004_orders) ----
export interface SquadMembersTable {
  /** JSON array of skill tags (一技之长); the database fills '[]' when a row is made without it. */
  skills?: string;
}
export interface OrderSettingsTable extends Tenant {
  open_cap: number;
  auto_close_days: number;
  updated_by: string | null;
  updated_at: number;
}
export interface OrderCategoriesTable extends Tenant, Lifecycle {
  code: string;
  name_zh: string;
  name_en: string;
  squad_type: string;
  accept_minutes: number;
  resolve_minutes: number;
  position: number;
}
export interface OrdersTable extends Tenant {
  category_id: string;
  description: string;
  urgency: string;
  home_hours: string | null;
  place_kind: string;
  place_text: string | null;
  compound_id: string;
  building_id: string | null;
  room_id: string | null;
  household_id: string | null;
  grid_id: string | null;
  squad_id: string | null;
  requester_account_id: string | null;
  requester_person_id: string | null;
  contact_name: string;
  contact_phone_sealed: string | null;
  channel: string;
  created_by: string;
  idempotency_key: string | null;
  state: string;
  assignee_person_id: string | null;
  escalated_to: string | null;
  escalation_level: number;
  accept_due_at: number;
  resolve_due_at: number;
  accept_overdue: Flag;
  resolve_overdue: Flag;
  accepted_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  minutes_spent: number;
  rating: number | null;
  rating_comment: string | null;
  deliberation_topic_id: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}
export interface OrderEventsTable extends Tenant {
  order_id: string;
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string;
  actor_account_id: string | null;
  actor_role: string;
  actor_person_id: string | null;
  reason: string | null;
  data_json: string;
  at: number;
}
export interface DB {
  order_settings: OrderSettingsTable;
  order_categories: OrderCategoriesTable;
  orders: OrdersTable;
  order_events: OrderEventsTable;
}

// ---- deliberation (0006_deliberation) ----
export interface DeliberationSettingsTable extends Tenant {
  support_threshold: number;
  /** JSON [{code, nameZh, nameEn}] */
  meeting_types: string;
  /** JSON [{code, nameZh, nameEn}] */
  topic_categories: string;
  updated_by: string | null;
  updated_at: number;
}
export interface TopicsTable extends Tenant {
  compound_id: string | null;
  building_id: string | null;
  category: string;
  title: string;
  body: string;
  place_text: string | null;
  raised_by_account_id: string | null;
  raised_by_person_id: string | null;
  raiser_name: string;
  channel: string;
  source_order_id: string | null;
  state: string;
  support_count: number;
  comment_count: number;
  is_public: Flag;
  accepted_at: number | null;
  scheduled_at: number | null;
  decided_at: number | null;
  done_at: number | null;
  declined_at: number | null;
  decline_reason: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}
export interface TopicSupportsTable extends Tenant {
  topic_id: string;
  account_id: string;
  created_at: number;
}
export interface TopicCommentsTable extends Tenant {
  topic_id: string;
  account_id: string;
  author_name: string;
  body: string;
  created_at: number;
  hidden_at: number | null;
  hidden_by: string | null;
}
export interface TopicRatingsTable extends Tenant {
  topic_id: string;
  account_id: string;
  stars: number;
  comment: string | null;
  created_at: number;
}
export interface TopicEventsTable extends Tenant {
  topic_id: string;
  seq: number;
  kind: string;
  actor_account_id: string | null;
  actor_name: string;
  /** JSON */
  data: string;
  at: number;
}
export interface MeetingsTable extends Tenant {
  compound_id: string | null;
  type: string;
  title: string;
  starts_at: number;
  ends_at: number | null;
  place: string | null;
  state: string;
  notice_sent_at: number | null;
  checkin_token: string;
  minutes_html: string | null;
  minutes_updated_at: number | null;
  minutes_updated_by: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}
export interface MeetingInviteesTable extends Tenant {
  meeting_id: string;
  /** party_org | committee | property_company | cobuild_unit: the table organisation_id is in */
  organisation_kind: string | null;
  organisation_id: string | null;
  person_id: string | null;
  account_id: string | null;
  name: string;
  party_label: string | null;
  invited: Flag;
  signed_in_at: number | null;
  signed_in_via: string | null;
}
export interface AgendaItemsTable extends Tenant {
  meeting_id: string;
  topic_id: string | null;
  title: string;
  position: number;
  outcome: string;
  created_at: number;
}
export interface DecisionsTable extends Tenant {
  meeting_id: string;
  agenda_item_id: string;
  topic_id: string | null;
  text: string;
  decided_by: string;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  follow_up_kind: string;
  follow_up_id: string | null;
  created_by: string;
  created_at: number;
}
export interface ActionItemsTable extends Tenant {
  decision_id: string;
  topic_id: string | null;
  title: string;
  owner_account_id: string | null;
  owner_name: string;
  due_date: string;
  state: string;
  done_at: number | null;
  done_note: string | null;
  cancelled_at: number | null;
  cancel_reason: string | null;
  reminded_at: number | null;
  overdue_notified_at: number | null;
  created_at: number;
  updated_at: number;
  version: number;
}
export interface DB {
  deliberation_settings: DeliberationSettingsTable;
  topics: TopicsTable;
  topic_supports: TopicSupportsTable;
  topic_comments: TopicCommentsTable;
  topic_ratings: TopicRatingsTable;
  topic_events: TopicEventsTable;
  meetings: MeetingsTable;
  meeting_invitees: MeetingInviteesTable;
  agenda_items: AgendaItemsTable;
  decisions: DecisionsTable;
  action_items: ActionItemsTable;
}

// ---- care and door-knock visits (0008_care) ----
export interface CareSettingsTable extends Tenant {
  /** JSON [{code, nameZh, nameEn}] */
  kinds_json: string;
  escalate_minutes: number;
  call_every_days: number;
  visit_every_days: number;
  updated_by: string | null;
  updated_at: number;
}
export interface CareRecordsTable extends Tenant {
  person_id: string;
  /** JSON array of kind codes */
  kinds_json: string;
  reason: string | null;
  notes: string | null;
  household_id: string | null;
  compound_id: string | null;
  building_id: string | null;
  room_id: string | null;
  grid_id: string | null;
  state: string;
  closed_at: number | null;
  closed_by: string | null;
  close_reason: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface CareContactsTable extends Tenant {
  record_id: string;
  position: number;
  name: string;
  relation: string;
  phone_sealed: string;
  phone_hash: string;
  account_id: string | null;
  created_at: number;
  removed_at: number | null;
}
export interface CarePairingsTable extends Tenant {
  record_id: string;
  person_id: string;
  call_every_days: number;
  visit_every_days: number;
  starts_on: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  ended_by: string | null;
}
export interface CareContactLogsTable extends Tenant {
  record_id: string;
  pairing_id: string | null;
  account_id: string;
  author_name: string;
  kind: string;
  wellbeing: string;
  needs: string | null;
  note: string | null;
  contacted_at: number;
  contacted_on: string;
  order_id: string | null;
  created_at: number;
}
export interface CareOverdueAlertsTable extends Tenant {
  pairing_id: string;
  kind: string;
  due_on: string;
  raised_at: number;
}
export interface HelpAlarmsTable extends Tenant {
  account_id: string;
  person_id: string | null;
  record_id: string | null;
  household_id: string | null;
  compound_id: string | null;
  building_id: string | null;
  room_id: string | null;
  grid_id: string | null;
  name: string;
  note: string | null;
  state: string;
  raised_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  escalated_at: number | null;
  resolved_at: number | null;
  resolved_by: string | null;
  resolve_note: string | null;
  version: number;
}
export interface HelpAlarmRecipientsTable extends Tenant {
  alarm_id: string;
  account_id: string;
  reason: string;
  notified_at: number;
}
export interface HelpAlarmEventsTable extends Tenant {
  alarm_id: string;
  seq: number;
  kind: string;
  actor_account_id: string | null;
  actor_name: string | null;
  note: string | null;
  at: number;
}
export interface VisitRoundsTable extends Tenant {
  title: string;
  compound_id: string;
  grid_id: string | null;
  /** JSON array of building ids */
  building_ids_json: string;
  starts_on: string | null;
  ends_on: string | null;
  state: string;
  created_by: string;
  created_at: number;
  closed_at: number | null;
}
export interface VisitsTable extends Tenant {
  round_id: string | null;
  household_id: string;
  compound_id: string;
  building_id: string;
  room_id: string;
  grid_id: string | null;
  visitor_account_id: string;
  visitor_name: string;
  outcome: string;
  opinions: string | null;
  problems: string | null;
  order_id: string | null;
  topic_id: string | null;
  visited_at: number;
  visited_on: string;
  created_at: number;
}
export interface HouseholdAssignmentsTable extends Tenant {
  household_id: string;
  person_id: string;
  compound_id: string;
  building_id: string;
  grid_id: string | null;
  assigned_by: string | null;
  assigned_at: number;
  ended_at: number | null;
  ended_by: string | null;
}
export interface DB {
  care_settings: CareSettingsTable;
  care_records: CareRecordsTable;
  care_contacts: CareContactsTable;
  care_pairings: CarePairingsTable;
  care_contact_logs: CareContactLogsTable;
  care_overdue_alerts: CareOverdueAlertsTable;
  help_alarms: HelpAlarmsTable;
  help_alarm_recipients: HelpAlarmRecipientsTable;
  help_alarm_events: HelpAlarmEventsTable;
  visit_rounds: VisitRoundsTable;
  visits: VisitsTable;
  household_assignments: HouseholdAssignmentsTable;
}

// ---- notices and rectification (0009_notices) ----
export interface NoticesTable extends Tenant {
  title: string;
  body_html: string;
  pinned: Flag;
  state: string;
  publish_at: number | null;
  expire_at: number | null;
  notified_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  published_at: number | null;
  published_by: string | null;
  withdrawn_at: number | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
}
export interface NoticeTargetsTable extends Tenant {
  subject_type: string;
  subject_id: string;
  kind: string;
  compound_id: string | null;
  building_id: string | null;
  entrance_id: string | null;
}
export interface NoticeReadsTable extends Tenant {
  notice_id: string;
  account_id: string;
  read_at: number;
}
export interface NoticeHouseholdReadsTable extends Tenant {
  notice_id: string;
  household_id: string;
  account_id: string;
  read_at: number;
}
export interface RectificationSettingsTable extends Tenant {
  /** JSON [{code, nameZh, nameEn}] */
  kinds: string;
  updated_by: string | null;
  updated_at: number;
}
export interface RectificationCampaignsTable extends Tenant {
  kind: string;
  title: string;
  problem: string;
  requirement: string;
  legal_basis: string | null;
  issuer: string;
  deadline: string;
  state: string;
  /** JSON [{label, value, unit}] */
  figures: string;
  summary_note: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closed_by: string | null;
}
export interface RectificationNoticesTable extends Tenant {
  campaign_id: string;
  seq: number;
  round: number;
  previous_id: string | null;
  compound_id: string;
  building_id: string | null;
  entrance_id: string | null;
  room_id: string | null;
  household_id: string | null;
  place_text: string | null;
  deadline: string;
  state: string;
  delivery_method: string | null;
  delivered_at: number | null;
  delivered_by: string | null;
  read_at: number | null;
  read_by: string | null;
  replied_at: number | null;
  replied_by: string | null;
  reply_note: string | null;
  outcome_at: number | null;
  outcome_by: string | null;
  next_step: string | null;
  next_step_note: string | null;
  reminded_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}
export interface RectificationChecksTable extends Tenant {
  notice_id: string;
  result: string;
  note: string | null;
  checked_by: string;
  checked_at: number;
}
export interface DB {
  notices: NoticesTable;
  notice_targets: NoticeTargetsTable;
  notice_reads: NoticeReadsTable;
  notice_household_reads: NoticeHouseholdReadsTable;
  rectification_settings: RectificationSettingsTable;
  rectification_campaigns: RectificationCampaignsTable;
  rectification_notices: RectificationNoticesTable;
  rectification_checks: RectificationChecksTable;
}

// ---- patrols (巡逻) and duty rosters (值班表), 0011_patrols ----
export interface PatrolRoutesTable extends Tenant {
  compound_id: string;
  squad_id: string | null;
  grid_id: string | null;
  name: string;
  /** JSON {times: ['07:00'], weekdays: [1..7]} in Asia/Shanghai */
  schedule: string;
  grace_minutes: number;
  state: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface PatrolCheckpointsTable extends Tenant {
  route_id: string;
  position: number;
  name: string;
  place_hint: string | null;
  qr_token: string;
  created_at: number;
  archived_at: number | null;
}
export interface PatrolRunsTable extends Tenant {
  route_id: string;
  scheduled_for: number | null;
  runner_person_id: string | null;
  runner_account_id: string | null;
  started_at: number | null;
  finished_at: number | null;
  state: string;
  missed_points: number;
  out_of_order: Flag;
  late: Flag;
  client_key: string | null;
  note: string | null;
  created_at: number;
  updated_at: number;
}
export interface PatrolScansTable extends Tenant {
  run_id: string;
  checkpoint_id: string;
  scanned_at: number;
  received_at: number;
  note: string | null;
  finding: Flag;
  finding_order_id: string | null;
  client_key: string;
  created_by: string;
}
export interface DutyPlacesTable extends Tenant {
  compound_id: string | null;
  squad_id: string | null;
  name: string;
  kind: string;
  /** JSON [{code, label, start: 'HH:mm', end: 'HH:mm'}] */
  shift_pattern: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}
export interface DutyShiftsTable extends Tenant {
  place_id: string;
  date: string;
  slot_code: string;
  person_id: string;
  account_id: string | null;
  name: string;
  state: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
export interface DutySwapsTable extends Tenant {
  shift_id: string;
  from_person_id: string;
  to_person_id: string;
  requested_by: string | null;
  reason: string | null;
  state: string;
  accepted_at: number | null;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
  created_at: number;
}
export interface DB {
  patrol_routes: PatrolRoutesTable;
  patrol_checkpoints: PatrolCheckpointsTable;
  patrol_runs: PatrolRunsTable;
  patrol_scans: PatrolScansTable;
  duty_places: DutyPlacesTable;
  duty_shifts: DutyShiftsTable;
  duty_swaps: DutySwapsTable;
}

// ---- 0013_conventions: 居民公约, 红黑榜, 九不准 ----
export interface ConventionsTable extends Tenant {
  compound_id: string | null;
  title: string;
  state: string;
  current_version_id: string | null;
  adopted_version_id: string | null;
  adopted_by_kind: string | null;
  adopted_ref: string | null;
  adopted_at: number | null;
  adopted_by: string | null;
  consulting_at: number | null;
  published_at: number | null;
  superseded_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}
export interface ConventionVersionsTable extends Tenant {
  convention_id: string;
  number: number;
  /** JSON [{number, title?, text}] */
  articles: string;
  note: string | null;
  created_by: string;
  created_at: number;
}
export interface ConventionOpinionsTable extends Tenant {
  convention_id: string;
  version_id: string;
  article_number: number | null;
  household_id: string;
  building_id: string;
  account_id: string | null;
  channel: string;
  entered_by: string;
  stance: string;
  text: string;
  client_key: string | null;
  created_at: number;
  reply: string | null;
  reply_public: Flag;
  replied_by: string | null;
  replied_at: number | null;
}
export interface ConventionPledgesTable extends Tenant {
  convention_id: string;
  version_id: string;
  household_id: string;
  building_id: string;
  account_id: string | null;
  channel: string;
  entered_by: string;
  created_at: number;
}
export interface RedBlackSettingsTable extends Tenant {
  mask: string;
  red_shows_name: Flag;
  default_days: number;
  updated_by: string | null;
  updated_at: number;
}
export interface RedBlackEntriesTable extends Tenant {
  compound_id: string;
  building_id: string;
  household_id: string;
  list: string;
  title: string;
  description: string;
  convention_id: string | null;
  article_number: number | null;
  state: string;
  branch_reviewed_by: string | null;
  branch_reviewed_at: number | null;
  committee_reviewed_by: string | null;
  committee_reviewed_at: number | null;
  review_note: string | null;
  rejected_by: string | null;
  rejected_at: number | null;
  publish_from: number | null;
  publish_until: number | null;
  published_by: string | null;
  expired_at: number | null;
  removed_by: string | null;
  removed_at: number | null;
  removal_reason: string | null;
  proposed_by: string;
  created_at: number;
  updated_at: number;
  version: number;
}
export interface RedBlackAppealsTable extends Tenant {
  entry_id: string;
  compound_id: string;
  household_id: string;
  account_id: string;
  text: string;
  state: string;
  open_key: string | null;
  client_key: string | null;
  decided_by: string | null;
  decided_at: number | null;
  decision_text: string | null;
  reminded_at: number | null;
  created_at: number;
}
export interface DutyRuleSetsTable extends Tenant {
  compound_id: string;
  title: string;
  /** JSON [string] */
  rules: string;
  version: number;
  created_by: string;
  created_at: number;
}
export interface DutyRuleAcksTable extends Tenant {
  rule_set_id: string;
  person_id: string;
  account_id: string;
  acknowledged_at: number;
}
export interface DutyRuleReportsTable extends Tenant {
  rule_set_id: string;
  compound_id: string;
  member_person_id: string | null;
  rule_index: number;
  text: string;
  reporter_account_id: string | null;
  state: string;
  decided_by: string | null;
  decided_at: number | null;
  decision_text: string | null;
  reminded_at: number | null;
  created_at: number;
}
export interface DB {
  conventions: ConventionsTable;
  convention_versions: ConventionVersionsTable;
  convention_opinions: ConventionOpinionsTable;
  convention_pledges: ConventionPledgesTable;
  red_black_settings: RedBlackSettingsTable;
  red_black_entries: RedBlackEntriesTable;
  red_black_appeals: RedBlackAppealsTable;
  duty_rule_sets: DutyRuleSetsTable;
  duty_rule_acks: DutyRuleAcksTable;
  duty_rule_reports: DutyRuleReportsTable;
}

// Volunteers and activities (0010_volunteers, issue #7)
export interface VolunteerSettingsTable extends Tenant {
  /** JSON [{code, nameZh, nameEn}] */
  skills: string;
  points_enabled: Flag;
  points_per_hour: number;
  order_minutes: number;
  visit_minutes: number;
  patrol_max_minutes: number;
  updated_by: string | null;
  updated_at: number;
}
export interface VolunteerProfilesTable extends Tenant {
  person_id: string;
  account_id: string | null;
  /** JSON [code] */
  skills: string;
  /** JSON [text] */
  tags: string;
  /** JSON {weekdays: [1..7], slots: ['morning'|'afternoon'|'evening']} */
  availability: string;
  grid_id: string | null;
  compound_id: string | null;
  is_party_member: Flag;
  cobuild_unit_id: string | null;
  status: string;
  joined_at: number;
  created_at: number;
  updated_at: number;
}
export interface RecruitmentCampaignsTable extends Tenant {
  title: string;
  body: string;
  compound_id: string | null;
  squad_id: string | null;
  /** JSON [code] */
  skills_wanted: string;
  starts_on: string;
  ends_on: string;
  signup_token: string;
  state: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}
export interface SquadJoinRequestsTable extends Tenant {
  squad_id: string;
  person_id: string;
  account_id: string | null;
  campaign_id: string | null;
  message: string | null;
  /** JSON [code] */
  skills: string;
  state: string;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
  created_at: number;
}
export interface ServiceEntriesTable extends Tenant {
  person_id: string;
  squad_id: string | null;
  compound_id: string | null;
  source_kind: string;
  source_id: string;
  minutes: number;
  served: number | null;
  at: number;
  note: string | null;
  created_by: string | null;
  created_at: number;
  voided_at: number | null;
  voided_by: string | null;
  void_reason: string | null;
}
export interface ActivitiesTable extends Tenant {
  compound_id: string | null;
  squad_id: string | null;
  type: string;
  title: string;
  description: string;
  place: string | null;
  starts_at: number;
  ends_at: number;
  capacity: number | null;
  audience: string;
  signup_mode: string;
  signup_closes_at: number | null;
  cover_file_id: string | null;
  checkin_token: string;
  state: string;
  summary: string | null;
  served_count: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  version: number;
}
export interface ActivitySignupsTable extends Tenant {
  activity_id: string;
  person_id: string | null;
  account_id: string;
  name: string;
  as_volunteer: Flag;
  state: string;
  position: number | null;
  note: string | null;
  decided_by: string | null;
  decided_at: number | null;
  checked_in_at: number | null;
  checked_in_via: string | null;
  reminded_at: number | null;
  client_key: string | null;
  created_at: number;
  updated_at: number;
}
export interface DB {
  volunteer_settings: VolunteerSettingsTable;
  volunteer_profiles: VolunteerProfilesTable;
  recruitment_campaigns: RecruitmentCampaignsTable;
  squad_join_requests: SquadJoinRequestsTable;
  service_entries: ServiceEntriesTable;
  activities: ActivitiesTable;
  activity_signups: ActivitySignupsTable;
}

// ---- surveys and property evaluation (0012_surveys) ----
export interface SurveysTable extends Tenant {
  compound_id: string | null;
  title: string;
  intro: string | null;
  kind: string;
  respondent: string;
  anonymous: Flag;
  results_public: Flag;
  state: string;
  opens_at: number | null;
  closes_at: number | null;
  /** JSON {compoundIds?, buildingIds?} or null */
  audience: string | null;
  opened_at: number | null;
  closed_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  version: number;
}
export interface SurveyQuestionsTable extends Tenant {
  survey_id: string;
  position: number;
  code: string;
  kind: string;
  text_zh: string;
  text_en: string | null;
  /** JSON [{value, labelZh, labelEn}] */
  options: string;
  required: Flag;
  /** JSON {question, anyOf} or null */
  show_if: string | null;
  item_code: string | null;
}
export interface SurveyResponsesTable extends Tenant {
  survey_id: string;
  household_id: string | null;
  person_id: string | null;
  account_id: string | null;
  respondent_key: string;
  channel: string;
  entered_by: string | null;
  /** JSON {code: value} */
  answers: string;
  client_key: string | null;
  created_at: number;
}
export interface EvaluationSettingsTable extends Tenant {
  /** JSON [{code, nameZh, nameEn}] */
  items: string;
  threshold_percent: number;
  cadence: string;
  updated_by: string | null;
  updated_at: number;
}
export interface EvaluationRoundsTable extends Tenant {
  compound_id: string;
  property_company_id: string;
  period: string;
  survey_id: string;
  state: string;
  /** JSON [{code, nameZh, nameEn}] */
  items: string;
  threshold_percent: number;
  reevaluates_case_id: string | null;
  responses: number | null;
  overall_rate: number | null;
  /** JSON [{code, satisfied, rated, rate}] */
  item_rates: string | null;
  created_by: string;
  created_at: number;
  closed_at: number | null;
  closed_by: string | null;
}
export interface EvaluationCasesTable extends Tenant {
  round_id: string;
  compound_id: string;
  property_company_id: string;
  state: string;
  /** JSON [code] */
  below: string;
  talk_at: number | null;
  talk_minutes: string | null;
  /** JSON [{title, itemCode, dueDate, state, doneAt, note}] */
  items: string;
  reevaluation_round_id: string | null;
  outcome: string | null;
  closed_at: number | null;
  replacement_proposed_at: number | null;
  assembly_id: string | null;
  created_at: number;
  updated_at: number;
  version: number;
}
export interface DB {
  surveys: SurveysTable;
  survey_questions: SurveyQuestionsTable;
  survey_responses: SurveyResponsesTable;
  evaluation_settings: EvaluationSettingsTable;
  evaluation_rounds: EvaluationRoundsTable;
  evaluation_cases: EvaluationCasesTable;
}
