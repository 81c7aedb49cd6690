import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ballotHash, canonical, verifyChain } from './chain';

describe('canonical JSON', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonical({ voter: 'v1', seq: 2, nested: { b: [3, { z: 1, a: null }], a: true } })).toBe(
      '{"nested":{"a":true,"b":[3,{"a":null,"z":1}]},"seq":2,"voter":"v1"}',
    );
  });

  it('keeps list order, leaves out undefined keys as JSON.stringify does, and keeps Chinese as is', () => {
    expect(canonical({ choices: ['c2', 'c1'], choice: undefined, voter: '业主甲' })).toBe(
      '{"choices":["c2","c1"],"voter":"业主甲"}',
    );
  });

  it('reads back as the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonical(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on the order keys were written in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonical(reversed)).toBe(canonical(value));
      }),
    );
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonical(() => 1)).toThrow(TypeError);
    expect(() => canonical(1n)).toThrow(TypeError);
  });
});

describe('ballot hashes', () => {
  // Computed independently: printf '%s' '{"choice":"yes","seq":1,"voter":"v17"}' | sha256sum
  const first = 'a8becb51eadb6c3595717a00818eb81158eab2cea89dbdf08edc5d909d1c3613';
  const second = '5ae94282b3a47a227c7bf459a314149c94fb70db070b108e716aa003a7b2bfc4';

  it('is sha256 hex of the previous hash followed by the canonical ballot', () => {
    expect(ballotHash('', { seq: 1, voter: 'v17', choice: 'yes' })).toBe(first);
    expect(ballotHash(first, { voter: '业主甲', seq: 2, choices: ['c2', 'c1'] })).toBe(second);
  });

  it('ignores the ballot’s own hash field', () => {
    expect(ballotHash('', { hash: 'anything', seq: 1, voter: 'v17', choice: 'yes' })).toBe(first);
  });

  const chain = [
    { seq: 1, voter: 'v17', choice: 'yes', hash: first },
    { seq: 2, voter: '业主甲', choices: ['c2', 'c1'], hash: second },
  ];

  it('verifies a chain and gives its last hash as the head', () => {
    expect(verifyChain(chain)).toEqual({ ok: true, head: second });
    expect(verifyChain([])).toEqual({ ok: true, head: '' });
  });

  it('names the first seq whose hash does not follow', () => {
    expect(verifyChain([chain[0]!, { ...chain[1]!, choices: ['c1', 'c2'] }])).toEqual({ ok: false, seq: 2 });
    expect(verifyChain([{ ...chain[0]!, choice: 'no' }, chain[1]!])).toEqual({ ok: false, seq: 1 });
    // Removing or reordering ballots breaks the chain where the gap or swap is.
    expect(verifyChain([chain[1]!])).toEqual({ ok: false, seq: 2 });
    expect(verifyChain([chain[1]!, chain[0]!])).toEqual({ ok: false, seq: 2 });
    // A ballot missing its hash, or with an upper-case one, does not match.
    expect(verifyChain([chain[0]!, { ...chain[1]!, hash: undefined }])).toEqual({ ok: false, seq: 2 });
    expect(verifyChain([{ ...chain[0]!, hash: first.toUpperCase() }])).toEqual({ ok: false, seq: 1 });
  });

  it('a tampered ballot re-hashed to fit still breaks the chain at the next seq', () => {
    const forged = { seq: 1, voter: 'v17', choice: 'no' };
    expect(verifyChain([{ ...forged, hash: ballotHash('', forged) }, chain[1]!])).toEqual({
      ok: false,
      seq: 2,
    });
  });
});
