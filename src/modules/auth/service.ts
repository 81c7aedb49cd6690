import type { Kysely } from 'kysely';
import type { Config } from '../../core/config';
import type { Vault } from '../../core/crypto';
import type { AccountsTable, DB } from '../../core/db/schema';
import { AppError, fieldError } from '../../core/errors';
import { newId } from '../../core/ids';
import { decoyHash, hashPassword, passwordAcceptable, verifyPassword } from '../../core/auth/passwords';
import { normalizePhone } from '../../core/personal';

/** Login throttling: failures per account and per address within a sliding window. Pure. */
export function throttleVerdict(
  failures: { account: number; address: number },
  limits: { perAccount: number; perAddress: number },
): boolean {
  return failures.account >= limits.perAccount || failures.address >= limits.perAddress;
}

export async function checkPassword(
  db: Kysely<DB>,
  vault: Vault,
  config: Config,
  phoneInput: string,
  password: string,
  ip: string,
): Promise<AccountsTable> {
  const phone = normalizePhone(phoneInput);
  const phoneHash = vault.lookupHash(phone ?? phoneInput);
  const now = Date.now();
  const since = now - config.loginWindowMinutes * 60_000;
  // Recorded as a failure before it is counted and checked: guesses sent all at once each see the
  // ones before them, so a burst cannot slip past the limit (they all counted zero before). The
  // right password turns the row into a success; a refused attempt is taken back, as it never was one.
  const attemptId = newId();
  await db
    .insertInto('login_attempts')
    .values({ id: attemptId, phone_hash: phoneHash, ip, at: now, succeeded: 0 })
    .execute();
  const [accountFailures, addressFailures] = await Promise.all([
    countFailures(db, 'phone_hash', phoneHash, since),
    countFailures(db, 'ip', ip, since),
  ]);
  if (
    throttleVerdict(
      { account: accountFailures - 1, address: addressFailures - 1 },
      { perAccount: config.loginMaxFailuresPerAccount, perAddress: config.loginMaxFailuresPerAddress },
    )
  ) {
    await db.deleteFrom('login_attempts').where('id', '=', attemptId).execute();
    throw new AppError(429, 'login_throttled', { minutes: config.loginWindowMinutes });
  }

  const account = phone
    ? await db.selectFrom('accounts').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirst()
    : undefined;
  const ok = await verifyPassword(password, account?.password_hash ?? (await decoyHash()));
  if (ok && account)
    await db.updateTable('login_attempts').set({ succeeded: 1 }).where('id', '=', attemptId).execute();
  if (!ok || !account) throw new AppError(401, 'login_failed');
  if (account.disabled_at !== null) throw new AppError(403, 'account_disabled');
  if (account.password_expires_at !== null && account.password_expires_at < now)
    throw new AppError(403, 'temporary_password_expired', { days: temporaryPasswordDays });
  return account;
}

async function countFailures(db: Kysely<DB>, column: 'phone_hash' | 'ip', value: string, since: number) {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', value)
    .where('at', '>=', since)
    .where('succeeded', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewAccount {
  phone: string;
  displayName: string;
  password: string;
  platformAdmin?: boolean;
  /** A password made up for the person (a role grant to a new phone): it expires and must be changed. */
  temporary?: boolean;
}

/** How long a made-up password lets its holder in before the office must hand out another. */
export const temporaryPasswordDays = 7;

/** Creates an account; the phone must be a valid mobile number not yet registered. */
export async function createAccount(db: Kysely<DB>, vault: Vault, input: NewAccount): Promise<AccountsTable> {
  const phone = normalizePhone(input.phone);
  if (!phone) throw fieldError(400, 'invalid_phone', 'phone');
  if (!passwordAcceptable(input.password)) throw new AppError(400, 'weak_password');
  const now = Date.now();
  const account: AccountsTable = {
    id: newId(),
    phone_sealed: vault.seal(phone),
    phone_hash: vault.lookupHash(phone),
    display_name: input.displayName.trim(),
    password_hash: await hashPassword(input.password),
    locale: null,
    large_text: 0,
    is_platform_admin: input.platformAdmin ? 1 : 0,
    created_at: now,
    password_changed_at: now,
    disabled_at: null,
    password_expires_at: input.temporary ? now + temporaryPasswordDays * 86_400_000 : null,
  };
  const existing = await db
    .selectFrom('accounts')
    .select('id')
    .where('phone_hash', '=', account.phone_hash)
    .executeTakeFirst();
  if (existing) throw new AppError(409, 'conflict', { detail: phone });
  await db.insertInto('accounts').values(account).execute();
  return account;
}
