import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DB, MeetingInviteesTable, MeetingsTable } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { Id, Nullable, StringEnum } from '../../core/http/schemas';
import { newId } from '../../core/ids';
import { organisationAccounts, type OrganisationKind } from './invitees';
import { checkinOpen, checkinWindow, meetingStates, type MeetingState } from './meetingRules';
import { communityAccount, meetingFor, requireStep } from './meetingStore';
import { MeetingDetail, meetingDetailFor } from './meetingViews';
import { checkinUrl, qrSvg } from './qr';
import { deliberationSettings, nameOf } from './settings';
import { againOnClash } from './store';

/**
 * Sign-in (签到): at the door people scan the meeting's QR code with the resident app, or staff tick
 * them off the list. An invitee signs in on their own row — matched by account, by person, or as a
 * member of an invited organisation (the organisation counts as present, and the member is listed
 * under it); anyone else from the community who comes is added as a walk-in (列席). Signing in twice
 * changes nothing.
 */

const CheckinParams = Type.Object({
  token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});

const CheckinView = Type.Object({
  communityId: Type.String(),
  meetingId: Type.String(),
  title: Type.String(),
  type: Type.String(),
  typeName: Type.String({ description: 'the meeting type’s name in the reader’s language' }),
  startsAt: Type.Integer(),
  endsAt: Nullable(Type.Integer()),
  place: Nullable(Type.String()),
  state: StringEnum(meetingStates),
  open: Type.Boolean({ description: 'sign-in is taken now' }),
  opensAt: Type.Integer(),
  closesAt: Type.Integer({ description: 'unless the meeting is still running then' }),
  invited: Type.Boolean({
    description: 'the caller is on the invitation list (in person or through their organisation)',
  }),
  signedInAt: Nullable(Type.Integer()),
});

/**
 * The caller's standing: their own row on the list (invited, or added when they signed in), or the
 * invited organisation they belong to; invited when either says so.
 */
async function standing(db: Kysely<DB>, m: MeetingsTable, accountId: string, personId: string | null) {
  const rows = await db
    .selectFrom('meeting_invitees')
    .selectAll()
    .where('community_id', '=', m.community_id)
    .where('meeting_id', '=', m.id)
    .execute();
  const own =
    rows.find((r) => r.account_id === accountId) ??
    (personId ? rows.find((r) => r.person_id === personId && r.account_id === null) : undefined);
  if (own) return { own, organisation: null, invited: own.invited === 1 || own.organisation_id !== null };
  for (const org of rows.filter((r) => r.invited === 1 && r.organisation_kind && r.organisation_id)) {
    const members = await organisationAccounts(
      db,
      m.community_id,
      org.organisation_kind as OrganisationKind,
      org.organisation_id!,
      m.compound_id,
    );
    if (members.includes(accountId)) return { own: null, organisation: org, invited: true };
  }
  return { own: null, organisation: null, invited: false };
}

export const checkinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.deps;

  /** The meeting behind a QR code, for an account of its community (others: 404, as for a wrong code). */
  async function byToken(token: string, accountId: string) {
    const m = await db
      .selectFrom('meetings')
      .selectAll()
      .where('checkin_token', '=', token)
      .executeTakeFirst();
    const account = m ? await communityAccount(db, m.community_id, accountId) : null;
    if (!m || !account) throw new AppError(404, 'not_found');
    return { m, account };
  }

  async function view(
    req: FastifyRequest,
    m: MeetingsTable,
    invited: boolean,
    signedInAt: number | null,
    now: number,
  ) {
    const state = m.state as MeetingState;
    const meeting = { state, startsAt: m.starts_at, endsAt: m.ends_at };
    const { meetingTypes } = await deliberationSettings(db, m.community_id);
    return {
      communityId: m.community_id,
      meetingId: m.id,
      title: m.title,
      type: m.type,
      typeName: nameOf(meetingTypes, m.type, req.locale),
      startsAt: m.starts_at,
      endsAt: m.ends_at,
      place: m.place,
      state,
      open: checkinOpen(meeting, now),
      ...checkinWindow(meeting),
      invited,
      signedInAt,
    };
  }

  app.get(
    '/me/checkin/:token',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'The meeting behind a sign-in QR code: when and where, am I invited, have I signed in',
        params: CheckinParams,
        response: { 200: CheckinView },
      },
    },
    async (req) => {
      const { m, account } = await byToken(req.params.token, req.account!.id);
      const { own, invited } = await standing(db, m, account.id, account.personId);
      return view(req, m, invited, own?.signed_in_at ?? null, Date.now());
    },
  );

  app.post(
    '/me/checkin/:token',
    {
      config: { access: access.session() },
      schema: {
        tags: ['deliberation'],
        summary: 'Sign in to the meeting (QR code); a second scan changes nothing',
        params: CheckinParams,
        response: { 200: CheckinView },
      },
    },
    async (req) => {
      const { m, account } = await byToken(req.params.token, req.account!.id);
      const now = Date.now();
      if (!checkinOpen({ state: m.state as MeetingState, startsAt: m.starts_at, endsAt: m.ends_at }, now))
        throw new AppError(409, 'checkin_closed');
      const signIn = async () => {
        const { own, organisation } = await standing(db, m, account.id, account.personId);
        if (own) {
          if (own.signed_in_at == null)
            await db
              .updateTable('meeting_invitees')
              .set({ signed_in_at: now, signed_in_via: 'qr', account_id: account.id })
              .where('community_id', '=', m.community_id)
              .where('id', '=', own.id)
              .where('signed_in_at', 'is', null)
              .execute();
          return;
        }
        // Not on the list in person: listed under the organisation that invited them, or as a walk-in.
        await db.transaction().execute(async (trx) => {
          const row: MeetingInviteesTable = {
            community_id: m.community_id,
            id: newId(),
            meeting_id: m.id,
            organisation_kind: organisation?.organisation_kind ?? null,
            organisation_id: organisation?.organisation_id ?? null,
            person_id: account.personId,
            account_id: account.id,
            name: account.name,
            party_label: organisation?.party_label ?? null,
            invited: 0,
            signed_in_at: now,
            signed_in_via: 'qr',
          };
          await trx.insertInto('meeting_invitees').values(row).execute();
          if (organisation)
            await trx
              .updateTable('meeting_invitees')
              .set({ signed_in_at: now, signed_in_via: 'qr' })
              .where('community_id', '=', m.community_id)
              .where('id', '=', organisation.id)
              .where('signed_in_at', 'is', null)
              .execute();
        });
      };
      // Two scans at once: the other one made the row; this one finds it.
      await againOnClash(signIn);
      const { own, invited } = await standing(db, m, account.id, account.personId);
      return view(req, m, invited, own?.signed_in_at ?? null, now);
    },
  );

  app.get(
    '/communities/:communityId/meetings/:meetingId/checkin-qr.svg',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'The sign-in QR code (SVG) to show on a screen or print for the door',
        params: Type.Object({ communityId: Id, meetingId: Id }),
        produces: ['image/svg+xml'],
      },
    },
    async (req, reply) => {
      const m = await meetingFor(
        req,
        db,
        req.params.communityId,
        req.params.meetingId,
        'deliberation.manage',
      );
      // The address people reach this server by, so the code works wherever the console is opened.
      const svg = await qrSvg(checkinUrl(`${req.protocol}://${req.host}`, m.checkin_token));
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .send(svg);
    },
  );

  app.post(
    '/communities/:communityId/meetings/:meetingId/attendance/:inviteeId',
    {
      config: { access: access.community('deliberation.manage') },
      schema: {
        tags: ['deliberation'],
        summary: 'Staff sign an invitee in (代签到); signing in twice keeps the first time',
        params: Type.Object({ communityId: Id, meetingId: Id, inviteeId: Id }),
        response: { 200: MeetingDetail },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const m = await meetingFor(req, db, communityId, req.params.meetingId, 'deliberation.manage');
      requireStep(m, 'attendance');
      const invitee = await db
        .selectFrom('meeting_invitees')
        .select('id')
        .where('community_id', '=', communityId)
        .where('meeting_id', '=', m.id)
        .where('id', '=', req.params.inviteeId)
        .executeTakeFirst();
      if (!invitee) throw new AppError(404, 'not_found');
      await db
        .updateTable('meeting_invitees')
        .set({ signed_in_at: Date.now(), signed_in_via: 'staff' })
        .where('community_id', '=', communityId)
        .where('id', '=', invitee.id)
        .where('signed_in_at', 'is', null)
        .execute();
      return meetingDetailFor(req, db, m);
    },
  );
};
