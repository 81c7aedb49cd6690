import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { AccountsTable, DB, SessionsTable } from '../db/schema';
import { newId } from '../ids';

/**
 * Server-side sessions. The cookie holds a random token; the database only its SHA-256, so a
 * leaked database copy cannot be replayed as a login.
 */
export const sessionCookie = 'gz_sid';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface OpenedSession {
  token: string;
  csrfToken: string;
  publicId: string;
  expiresAt: number;
}

export async function openSession(
  db: Kysely<DB>,
  config: Pick<Config, 'sessionAbsoluteHours'>,
  accountId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<OpenedSession> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  const session: SessionsTable = {
    id_hash: hashToken(token),
    public_id: newId(),
    account_id: accountId,
    csrf_token: randomBytes(24).toString('base64url'),
    created_at: now,
    last_seen_at: now,
    expires_at: now + config.sessionAbsoluteHours * 3_600_000,
    ended_at: null,
    ended_reason: null,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
  };
  await db.insertInto('sessions').values(session).execute();
  return { token, csrfToken: session.csrf_token, publicId: session.public_id, expiresAt: session.expires_at };
}

export type SessionState =
  | { kind: 'none' }
  | { kind: 'ended'; reason: string }
  | { kind: 'active'; session: SessionsTable; account: AccountsTable };

/** Pure: is a session still good at `now`, or why did it end. */
export function sessionVerdict(
  session: Pick<SessionsTable, 'ended_at' | 'expires_at' | 'last_seen_at'>,
  account: Pick<AccountsTable, 'disabled_at'>,
  now: number,
  idleMinutes: number,
): 'active' | 'idle' | 'expired' | 'disabled' | 'ended' {
  if (session.ended_at !== null) return 'ended';
  if (account.disabled_at !== null) return 'disabled';
  if (now >= session.expires_at) return 'expired';
  if (now - session.last_seen_at >= idleMinutes * 60_000) return 'idle';
  return 'active';
}

export async function resumeSession(
  db: Kysely<DB>,
  config: Pick<Config, 'sessionIdleMinutes'>,
  token: string | undefined,
): Promise<SessionState> {
  if (!token) return { kind: 'none' };
  // One query for both rows: every authenticated request starts here.
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .selectAll('s')
    .select([
      'a.phone_sealed',
      'a.phone_hash',
      'a.display_name',
      'a.password_hash',
      'a.locale',
      'a.large_text',
      'a.is_platform_admin',
      'a.created_at as account_created_at',
      'a.password_changed_at',
      'a.disabled_at',
      'a.password_expires_at',
    ])
    .where('s.id_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { kind: 'none' };
  const {
    phone_sealed,
    phone_hash,
    display_name,
    password_hash,
    locale,
    large_text,
    is_platform_admin,
    account_created_at,
    password_changed_at,
    disabled_at,
    password_expires_at,
    ...session
  } = row;
  const account: AccountsTable = {
    id: session.account_id,
    phone_sealed,
    phone_hash,
    display_name,
    password_hash,
    locale,
    large_text,
    is_platform_admin,
    created_at: account_created_at,
    password_changed_at,
    disabled_at,
    password_expires_at,
  };
  const now = Date.now();
  const verdict = sessionVerdict(session, account, now, config.sessionIdleMinutes);
  // A session ended on purpose (logout, replaced) is simply no session; one that timed out says so.
  if (verdict === 'ended') return { kind: 'none' };
  if (verdict !== 'active') {
    if (session.ended_at === null) await endSessions(db, { idHash: session.id_hash }, verdict);
    return { kind: 'ended', reason: verdict };
  }
  // Touch at most once a minute: reads should not each cost a write.
  if (now - session.last_seen_at > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id_hash', '=', session.id_hash)
      .execute();
  }
  return { kind: 'active', session, account };
}

export async function endSessions(
  db: Kysely<DB>,
  which: { idHash: string } | { accountId: string; publicId?: string },
  reason: string,
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ ended_at: Date.now(), ended_reason: reason })
    .where('ended_at', 'is', null);
  if ('idHash' in which) query = query.where('id_hash', '=', which.idHash);
  else {
    query = query.where('account_id', '=', which.accountId);
    if (which.publicId) query = query.where('public_id', '=', which.publicId);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function sessionIdHash(token: string): string {
  return hashToken(token);
}
