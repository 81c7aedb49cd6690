import { createHash } from 'node:crypto';

/**
 * The ballot hash chain (DESIGN §6): each ballot's hash is sha256hex(previous hash + canonical(ballot
 * without "hash")), the first ballot's previous hash being "". Changing, removing or reordering any
 * ballot changes every hash after it, so a voter's receipt and the published final hash pin the count.
 */

/**
 * JSON with object keys sorted (by UTF-16 code unit, as Array.prototype.sort does) at every level and no
 * whitespace. Strings and numbers are written as JSON.stringify writes them (non-ASCII text unescaped,
 * hashed as UTF-8); object keys whose value is undefined are left out, as JSON.stringify leaves them out.
 */
export function canonical(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string')
    return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  throw new TypeError(`cannot put a ${typeof value} in canonical JSON`);
}

/** The hash of a ballot following `prevHash`; a "hash" field on the ballot itself is ignored. */
export function ballotHash(prevHash: string, ballot: object): string {
  const { hash: _hash, ...body } = ballot as Record<string, unknown>;
  return createHash('sha256')
    .update(prevHash + canonical(body), 'utf8')
    .digest('hex');
}

/** Checks each ballot's hash in list order: the chain's last hash ("" for none), or the first seq that breaks. */
export function verifyChain<B extends { seq: number; hash?: unknown }>(
  ballots: readonly B[],
): { ok: true; head: string } | { ok: false; seq: number } {
  let head = '';
  for (const ballot of ballots) {
    const expected = ballotHash(head, ballot);
    if (ballot.hash !== expected) return { ok: false, seq: ballot.seq };
    head = expected;
  }
  return { ok: true, head };
}
