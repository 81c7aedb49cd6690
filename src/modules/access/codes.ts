import { randomBytes } from 'node:crypto';
import type { Vault } from '../../core/crypto';
import { passwordAcceptable } from '../../core/auth/passwords';
import { toHalfWidth } from '../../core/personal';

/**
 * Secrets handed to people on paper or by voice: invitation codes (邀请码) and temporary passwords.
 * The alphabet leaves out 0/O and 1/I, which are misread when copied from a phone screen.
 */
export const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const codeLength = 10;

/** `length` characters of codeAlphabet from the system CSPRNG; 32 symbols divide 256, so no modulo bias. */
export function randomCode(length = codeLength): string {
  return Array.from(randomBytes(length), (b) => codeAlphabet[b % codeAlphabet.length]).join('');
}

/** What a person typed, as a code: full-width, lower case, spaces and dashes forgiven; null when it cannot be one. */
export function normalizeCode(input: string): string | null {
  const code = toHalfWidth(input).replace(/[\s-]/g, '').toUpperCase();
  return code.length === codeLength && [...code].every((ch) => codeAlphabet.includes(ch)) ? code : null;
}

/** Only this keyed hash of a code is stored; the prefix keeps it apart from phone-number hashes. */
export function codeHash(vault: Vault, code: string): string {
  return vault.lookupHash(`invitation:${code}`);
}

/** A one-time password for an account created on someone's behalf, acceptable to the password rule. */
export function temporaryPassword(): string {
  for (;;) {
    const candidate = randomCode(12);
    if (passwordAcceptable(candidate)) return candidate;
  }
}

export type InvitationStatus = 'active' | 'revoked' | 'expired' | 'used_up';

export function invitationStatus(
  invitation: { revoked_at: number | null; expires_at: number; uses: number; max_uses: number },
  now: number,
): InvitationStatus {
  if (invitation.revoked_at !== null) return 'revoked';
  if (invitation.expires_at <= now) return 'expired';
  if (invitation.uses >= invitation.max_uses) return 'used_up';
  return 'active';
}
