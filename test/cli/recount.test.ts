import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `gongzhi recount` as anyone holding an exported bundle runs it: offline, from an empty directory,
 * with no configuration at all.
 */

const bin = path.resolve('bin/gongzhi');
const fixture = (name: string) => path.resolve('test/fixtures/bundles', name);
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-recount-'));
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

const recount = (file: string, input?: string) =>
  spawnSync(bin, ['recount', file], {
    cwd,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    timeout: 60_000,
  });

const bundle = (changes: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(fs.readFileSync(fixture('parking-barriers.json'), 'utf8')), ...changes });

// Each run starts tsx afresh (a few seconds on a busy machine).
describe('gongzhi recount', { timeout: 120_000 }, () => {
  it('explains itself, with its exit codes', () => {
    const help = spawnSync(bin, ['recount', '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: gongzhi recount');
    expect(help.stdout).toContain('Exit status');
  });

  it('prints the count of an ordinary matter as JSON and exits 0, touching no database', () => {
    // 8 heads (the developer's two flats are one, as are v03's two); v04 changed their vote on paper;
    // v99 owns nothing. Counted by hand: 6 of 8 heads and 730.12 of 895.03 m² take part; yes holds
    // 4 heads and 440.25 m², more than half of both.
    const res = recount(fixture('parking-barriers.json'));
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({
      kind: 'ordinary',
      totalArea: '895.03',
      totalHeads: 8,
      participatingArea: '730.12',
      participatingHeads: 6,
      quorum: true,
      yesArea: '440.25',
      yesHeads: 4,
      noArea: '200.30',
      noHeads: 1,
      passed: true,
      rejectedBallots: 1,
      spoiltBallots: 0,
      abstainArea: '89.57',
      abstainHeads: 1,
      quorumArea: true,
      quorumHeads: true,
      approvalArea: true,
      approvalHeads: true,
      chainHead: '59e436034d3eece6c0f0d7868a13b081fce712466847fd6ebf1b45b81da05ab1',
    });
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('reads a bundle from standard input with -, and counts an election with a runoff', () => {
    const res = recount('-', fs.readFileSync(fixture('committee-election.json'), 'utf8'));
    expect(res.status).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result.candidates).toEqual([
      { id: 'c1', area: '440.00', heads: 4, passes: true },
      { id: 'c2', area: '430.00', heads: 4, passes: true },
      { id: 'c3', area: '410.00', heads: 4, passes: true },
      { id: 'c4', area: '410.00', heads: 4, passes: true },
      { id: 'c5', area: '0.00', heads: 0, passes: false },
    ]);
    // c3 and c4 tie for the third seat: neither is elected.
    expect(result).toMatchObject({ elected: ['c1', 'c2'], runoff: true, spoiltBallots: 1, seats: 3 });
  });

  it('exits 3 naming the seq where a changed ballot breaks the hash chain', () => {
    // Ballot seq 6 (v04's paper ballot) was changed from yes to no after export.
    const res = recount(fixture('parking-barriers-tampered.json'));
    expect(res.status).toBe(3);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'Error: ballot hash chain broken at seq 6: its hash does not follow from the ballots before it\n',
    );
  });

  it.each([
    ['not JSON', '-', 'yes, no, yes\n', 'standard input is not a valid ballot bundle: not JSON: '],
    [
      'another format',
      '-',
      bundle({ format: 'gongzhi-ballot-bundle/9' }),
      'unknown format "gongzhi-ballot-bundle/9"',
    ],
    ['no units', '-', bundle({ units: undefined }), 'bundle.units is missing'],
    [
      'a negative area',
      '-',
      bundle({ units: [{ id: '1', area: -89.57, voter: 'v1' }] }),
      'units[0].area is negative (-89.57)',
    ],
    [
      'a unit listed twice',
      '-',
      bundle({ units: [1, 2].map(() => ({ id: '1-1-101', area: 89.57, voter: 'v1' })) }),
      'units[1].id "1-1-101" is already units[0].id',
    ],
    [
      'an unknown kind',
      '-',
      bundle({ matter: { id: 'm', kind: 'urgent' } }),
      'matter.kind must be one of ordinary, special, election; got "urgent"',
    ],
    ['a missing file', 'no-such-bundle.json', undefined, 'cannot read no-such-bundle.json: no such file'],
  ])('exits 2 on %s, with one line and no stack trace', (_, file, input, message) => {
    const res = recount(file, input);
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^Error: [^\n]*\n$/);
    expect(res.stderr).toContain(message);
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });
});
