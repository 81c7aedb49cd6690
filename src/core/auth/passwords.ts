import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// N=2^15, r=8 needs 32 MiB; node's default maxmem (32 MiB) is just short of it.
const params = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: params.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

let decoy: Promise<string> | undefined;
/** A hash to verify against when the account does not exist, so timing does not tell. */
export function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(randomBytes(12).toString('base64')));
}

/** At least 8 characters with a letter and a digit: short enough to type on a phone. */
export function passwordAcceptable(password: string): boolean {
  return password.length >= 8 && password.length <= 200 && /[A-Za-z]/.test(password) && /\d/.test(password);
}
