import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import type { DB, MeetingInviteesTable } from '../../core/db/schema';
import { fieldError } from '../../core/errors';
import { Id, Text } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { membershipsOf } from '../organisations/memberships';
import { communityAccount } from './meetingStore';

/**
 * Who is invited to a meeting (参会方): an organisation of the community model (the compound's party
 * branch, its owners' committee, its property company, a co-build unit), a person on the community's
 * rolls, an account (an officer from the street), or someone named only (a lawyer, an owners' rep with
 * no record). The notice reaches everyone behind an invitee who has an account.
 */

export const organisationKinds = ['party_org', 'committee', 'property_company', 'cobuild_unit'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/** How each kind is labelled when the invitee row is made (the console shows organisation_kind in its language). */
const kindLabel: Record<OrganisationKind, string> = {
  party_org: '党组织',
  committee: '业主委员会',
  property_company: '物业公司',
  cobuild_unit: '共建单位',
};

export const InviteeInput = Type.Object(
  {
    organisationId: Type.Optional(Id),
    personId: Type.Optional(Id),
    accountId: Type.Optional(Id),
    name: Type.Optional(Text(60)),
    partyLabel: Type.Optional(Text(30)),
  },
  {
    additionalProperties: false,
    description:
      'one of: {organisationId} (party organisation, owners’ committee, property company or co-build unit), ' +
      '{personId}, {accountId}, or {name, partyLabel?} for someone with no record',
  },
);
export type InviteeInput = Static<typeof InviteeInput>;

export const InviteesInput = Type.Array(InviteeInput, { maxItems: 200 });

type NewInvitee = Omit<MeetingInviteesTable, 'community_id' | 'id' | 'meeting_id'>;

const invited = { invited: 1 as const, signed_in_at: null, signed_in_via: null };

/** Finds an organisation by id in the community: which kind it is, its name. */
async function organisation(db: Kysely<DB>, communityId: string, id: string) {
  const [party, committee, cobuild, company] = await Promise.all([
    db
      .selectFrom('party_orgs')
      .select('name')
      .where('community_id', '=', communityId)
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst(),
    db
      .selectFrom('owner_committees as oc')
      .innerJoin('compounds as c', (j) =>
        j.onRef('c.community_id', '=', 'oc.community_id').onRef('c.id', '=', 'oc.compound_id'),
      )
      .select(['oc.term_no', 'c.name'])
      .where('oc.community_id', '=', communityId)
      .where('oc.id', '=', id)
      .executeTakeFirst(),
    db
      .selectFrom('cobuild_units')
      .select('name')
      .where('community_id', '=', communityId)
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst(),
    // Property companies are a shared registry: one serving a compound of this community.
    db
      .selectFrom('property_companies as p')
      .select('p.name')
      .where('p.id', '=', id)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('property_contracts as k')
            .select('k.id')
            .where('k.community_id', '=', communityId)
            .whereRef('k.company_id', '=', 'p.id')
            .where('k.status', '=', 'active'),
        ),
      )
      .executeTakeFirst(),
  ]);
  if (party) return { kind: 'party_org' as const, name: party.name };
  if (committee)
    return { kind: 'committee' as const, name: `${committee.name}第${committee.term_no}届业委会` };
  if (cobuild) return { kind: 'cobuild_unit' as const, name: cobuild.name };
  if (company) return { kind: 'property_company' as const, name: company.name };
  return null;
}

/**
 * Turns what the console sent into invitee rows, checking each reference in this community.
 * Duplicates (the same organisation, person or account twice) are invited once.
 */
export async function resolveInvitees(
  db: Kysely<DB>,
  communityId: string,
  inputs: readonly InviteeInput[],
): Promise<NewInvitee[]> {
  const rows: NewInvitee[] = [];
  const seen = new Set<string>();
  for (const [i, input] of inputs.entries()) {
    const given = (['organisationId', 'personId', 'accountId', 'name'] as const).filter(
      (k) => input[k] !== undefined,
    );
    const field = `invitees/${i}`;
    if (given.length !== 1 || (input.partyLabel !== undefined && given[0] !== 'name'))
      throw fieldError(400, 'meeting_invitee_shape', field);
    let row: NewInvitee;
    if (input.organisationId) {
      const org = await organisation(db, communityId, input.organisationId);
      if (!org) throw fieldError(400, 'bad_reference', `${field}/organisationId`, { what: 'organisationId' });
      row = {
        organisation_kind: org.kind,
        organisation_id: input.organisationId,
        person_id: null,
        account_id: null,
        name: org.name,
        party_label: kindLabel[org.kind],
        ...invited,
      };
    } else if (input.personId) {
      const person = await db
        .selectFrom('people')
        .select(['id', 'name', 'account_id'])
        .where('community_id', '=', communityId)
        .where('id', '=', input.personId)
        .where('archived_at', 'is', null)
        .executeTakeFirst();
      if (!person) throw fieldError(400, 'bad_reference', `${field}/personId`, { what: 'personId' });
      row = {
        organisation_kind: null,
        organisation_id: null,
        person_id: person.id,
        account_id: person.account_id,
        name: person.name,
        party_label: null,
        ...invited,
      };
    } else if (input.accountId) {
      const account = await communityAccount(db, communityId, input.accountId);
      if (!account) throw fieldError(400, 'bad_reference', `${field}/accountId`, { what: 'accountId' });
      row = {
        organisation_kind: null,
        organisation_id: null,
        person_id: account.personId,
        account_id: account.id,
        name: account.name,
        party_label: null,
        ...invited,
      };
    } else {
      const name = input.name!.trim();
      if (!name) throw fieldError(400, 'meeting_invitee_shape', `${field}/name`);
      row = {
        organisation_kind: null,
        organisation_id: null,
        person_id: null,
        account_id: null,
        name,
        party_label: input.partyLabel?.trim() || null,
        ...invited,
      };
    }
    const key = row.organisation_id ?? row.account_id ?? row.person_id;
    if (key && seen.has(key)) continue;
    if (row.account_id) seen.add(row.account_id);
    if (key) seen.add(key);
    rows.push(row);
  }
  return rows;
}

export const inviteeRow = (communityId: string, meetingId: string, r: NewInvitee): MeetingInviteesTable => ({
  community_id: communityId,
  id: newId(),
  meeting_id: meetingId,
  ...r,
});

/**
 * The accounts behind one organisation in this community: the holders of current places in a party
 * organisation or an owners' committee term, and the accounts holding the property role on a compound
 * the company serves (in `compoundId` only, for a compound's meeting). Co-build units are reached by
 * phone: they have no accounts.
 */
export async function organisationAccounts(
  db: Kysely<DB>,
  communityId: string,
  kind: OrganisationKind,
  organisationId: string,
  compoundId: string | null,
): Promise<string[]> {
  const holders = async (table: 'party_positions' | 'committee_members') =>
    (
      await db
        .selectFrom(membershipsOf(table))
        .innerJoin('people as p', (j) =>
          j.onRef('p.community_id', '=', 'm.community_id').onRef('p.id', '=', 'm.person_id'),
        )
        .select('p.account_id')
        .where('m.community_id', '=', communityId)
        .where('m.parent_id', '=', organisationId)
        .where('m.ended_at', 'is', null)
        .where('p.archived_at', 'is', null)
        .execute()
    ).flatMap((r) => (r.account_id ? [r.account_id] : []));
  switch (kind) {
    case 'party_org':
      return holders('party_positions');
    case 'committee':
      return holders('committee_members');
    case 'cobuild_unit':
      return [];
    case 'property_company': {
      let served = db
        .selectFrom('property_contracts')
        .select('compound_id')
        .where('community_id', '=', communityId)
        .where('company_id', '=', organisationId)
        .where('status', '=', 'active');
      if (compoundId) served = served.where('compound_id', '=', compoundId);
      const rows = await db
        .selectFrom('grants')
        .select('account_id')
        .where('community_id', '=', communityId)
        .where('role', '=', 'property')
        .where('scope_kind', '=', 'compound')
        .where('scope_id', 'in', served)
        .where('revoked_at', 'is', null)
        .execute();
      return rows.map((r) => r.account_id);
    }
  }
}

/** Everyone the notice reaches: each invitee's own account, or its organisation's accounts. */
export async function noticeAccounts(
  db: Kysely<DB>,
  communityId: string,
  compoundId: string | null,
  invitees: readonly MeetingInviteesTable[],
): Promise<{ accountIds: string[]; unreachable: string[] }> {
  const accountIds = new Set<string>();
  const unreachable: string[] = [];
  for (const i of invitees.filter((x) => x.invited === 1)) {
    const found = i.account_id
      ? [i.account_id]
      : i.organisation_kind && i.organisation_id
        ? await organisationAccounts(
            db,
            communityId,
            i.organisation_kind as OrganisationKind,
            i.organisation_id,
            compoundId,
          )
        : [];
    if (!found.length) unreachable.push(i.name);
    for (const a of found) accountIds.add(a);
  }
  return { accountIds: [...accountIds], unreachable };
}
