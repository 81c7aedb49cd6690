import { parseArea } from '../structure/area';
import { ballotHash, verifyChain } from './chain';
import {
  matterKinds,
  tally,
  toBundleResult,
  type BundleResult,
  type MatterKind,
  type TallyBallot,
  type TallyMatter,
  type TallyUnit,
} from './tally';

/**
 * The ballot bundle, format `gongzhi-ballot-bundle/1` (DESIGN §6): one matter's electorate and ballots,
 * exported by the server and recounted offline by anyone with `gongzhi recount`. Pure: text in, result out.
 */

export const bundleFormat = 'gongzhi-ballot-bundle/1';

export interface BundleMatter extends TallyMatter {
  id: string;
  title?: string;
}

/** A ballot exactly as the file holds it: every field, known or not, is covered by its hash. */
export interface BundleBallot {
  readonly seq: number;
  readonly voter: string;
  readonly [field: string]: unknown;
}

/** A parsed bundle: areas in hundredths of m², ballots in seq order. */
export interface Bundle {
  matter: BundleMatter;
  units: TallyUnit[];
  ballots: BundleBallot[];
}

/** A ballot as the server chains and exports it: the tally's fields and the matter it was cast on. */
export interface ChainedBallot extends TallyBallot {
  matter: string;
}

/** The bundle as written to a file (JSON.stringify it): areas in m² as JSON numbers. */
export interface BundleDocument {
  format: typeof bundleFormat;
  matter: BundleMatter;
  units: { id: string; area: number; voter: string }[];
  ballots: (ChainedBallot & { hash: string })[];
}

/** The file is not a well-formed bundle; the message is one line naming what is wrong. */
export class BundleError extends Error {
  override name = 'BundleError';
}

/** A ballot's hash does not follow from the ballots before it. */
export class ChainError extends Error {
  override name = 'ChainError';
  constructor(readonly seq: number) {
    super(`ballot hash chain broken at seq ${seq}: its hash does not follow from the ballots before it`);
  }
}

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value for a message: short and on one line. */
function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function required(fields: Fields, key: string, where: string): unknown {
  const value = fields[key];
  if (value === undefined) throw new BundleError(`${where}.${key} is missing`);
  return value;
}

function object(fields: Fields, key: string, where: string): Fields {
  const value = required(fields, key, where);
  if (!isFields(value)) throw new BundleError(`${where}.${key} must be an object, got ${show(value)}`);
  return value;
}

function list(fields: Fields, key: string, where: string): unknown[] {
  const value = required(fields, key, where);
  if (!Array.isArray(value)) throw new BundleError(`${where}.${key} must be a list, got ${show(value)}`);
  return value;
}

function text(fields: Fields, key: string, where: string): string {
  const value = required(fields, key, where);
  if (typeof value !== 'string' || value === '')
    throw new BundleError(`${where}.${key} must be a non-empty string, got ${show(value)}`);
  return value;
}

function wholeNumber(fields: Fields, key: string, where: string, min: number): number {
  const value = required(fields, key, where);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new BundleError(`${where}.${key} must be a whole number ≥ ${min}, got ${show(value)}`);
  return value;
}

/** m² as a JSON number → hundredths, read from the number's decimal text so that 0.1 stays exactly 10. */
function areaCenti(value: unknown, where: string): number {
  if (typeof value !== 'number') throw new BundleError(`${where} must be a number of m², got ${show(value)}`);
  if (value < 0) throw new BundleError(`${where} is negative (${value})`);
  // A unit with no registered area still carries its voter's head.
  if (value === 0) return 0;
  const area = parseArea(value);
  if (area.ok) return area.centi;
  if (area.problem === 'area_decimals')
    throw new BundleError(`${where} has more than two decimals (${value})`);
  throw new BundleError(`${where} is not a plausible area in m² (${value})`);
}

function parseMatter(fields: Fields): BundleMatter {
  const where = 'matter';
  const id = text(fields, 'id', where);
  const title = fields.title;
  if (title !== undefined && typeof title !== 'string')
    throw new BundleError(`matter.title must be a string, got ${show(title)}`);
  const kind = required(fields, 'kind', where);
  if (!matterKinds.includes(kind as MatterKind))
    throw new BundleError(`matter.kind must be one of ${matterKinds.join(', ')}; got ${show(kind)}`);
  const matter: BundleMatter = { id, ...(title !== undefined && { title }), kind: kind as MatterKind };
  if (kind !== 'election') return matter;

  const seats = wholeNumber(fields, 'seats', where, 1);
  const candidates = list(fields, 'candidates', where).map((candidate, i) => {
    if (typeof candidate !== 'string' || candidate === '')
      throw new BundleError(`matter.candidates[${i}] must be a non-empty string, got ${show(candidate)}`);
    return candidate;
  });
  if (candidates.length === 0) throw new BundleError('matter.candidates is empty');
  const twice = candidates.find((c, i) => candidates.indexOf(c) !== i);
  if (twice !== undefined) throw new BundleError(`matter.candidates names ${show(twice)} twice`);
  return { ...matter, seats, candidates };
}

function parseUnits(items: unknown[]): TallyUnit[] {
  if (items.length === 0) throw new BundleError('units is empty');
  const seen = new Map<string, number>();
  return items.map((item, i) => {
    const where = `units[${i}]`;
    if (!isFields(item)) throw new BundleError(`${where} must be an object, got ${show(item)}`);
    const id = text(item, 'id', where);
    const first = seen.get(id);
    if (first !== undefined) throw new BundleError(`${where}.id ${show(id)} is already units[${first}].id`);
    seen.set(id, i);
    return {
      id,
      areaCenti: areaCenti(required(item, 'area', where), `${where}.area`),
      voter: text(item, 'voter', where),
    };
  });
}

function parseBallots(items: unknown[]): BundleBallot[] {
  let previous: number | undefined;
  return items.map((item, i) => {
    const where = `ballots[${i}]`;
    if (!isFields(item)) throw new BundleError(`${where} must be an object, got ${show(item)}`);
    const seq = wholeNumber(item, 'seq', where, 0);
    if (previous !== undefined && seq <= previous)
      throw new BundleError(`ballots are not in seq order: ${where} has seq ${seq} after seq ${previous}`);
    previous = seq;
    text(item, 'voter', where);
    // A choice that is not 'yes', 'no' or 'abstain' (or not a list of candidates) spoils the
    // ballot when counted; it does not make the file unreadable.
    return item as BundleBallot;
  });
}

/** Reads a bundle file's text; throws BundleError naming the first thing wrong with it. */
export function parseBundle(source: string): Bundle {
  let data: unknown;
  try {
    data = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BundleError(`not JSON: ${(err as Error).message.replace(/\s+/g, ' ')}`);
  }
  if (!isFields(data))
    throw new BundleError(`not a ballot bundle: expected a JSON object, got ${show(data)}`);
  if (data.format !== bundleFormat)
    throw new BundleError(
      data.format === undefined
        ? `format is missing: expected "${bundleFormat}"`
        : `unknown format ${show(data.format)}: expected "${bundleFormat}"`,
    );
  return {
    matter: parseMatter(object(data, 'matter', 'bundle')),
    units: parseUnits(list(data, 'units', 'bundle')),
    ballots: parseBallots(list(data, 'ballots', 'bundle')),
  };
}

const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A file ballot as the tally reads it: a choice of the wrong type is no choice (and spoils the ballot). */
const tallyBallot = (ballot: BundleBallot): TallyBallot => ({
  seq: ballot.seq,
  voter: ballot.voter,
  choice: typeof ballot.choice === 'string' ? ballot.choice : undefined,
  choices: isTextList(ballot.choices) ? ballot.choices : undefined,
});

/** Recounts a bundle: checks the hash chain when the ballots carry hashes (ChainError), then tallies. */
export function recount(bundle: Bundle): BundleResult {
  if (bundle.ballots.some((ballot) => 'hash' in ballot)) {
    const chain = verifyChain(bundle.ballots);
    if (!chain.ok) throw new ChainError(chain.seq);
  }
  return toBundleResult(tally(bundle.matter, bundle.units, bundle.ballots.map(tallyBallot)));
}

/**
 * The bundle the server exports for a matter: ballots in seq order, each one exactly
 * `{seq, voter, matter, choice?, choices?}` plus its chained hash, `matter` being the matter's id (so a
 * receipt names one ballot of one matter). For receipts to match, the server must chain the same
 * objects with the voter ids it exports.
 */
export function buildBundle(
  matter: BundleMatter,
  units: readonly TallyUnit[],
  ballots: readonly TallyBallot[],
): BundleDocument {
  const election = matter.kind === 'election';
  let head = '';
  return {
    format: bundleFormat,
    matter: {
      id: matter.id,
      ...(matter.title !== undefined && { title: matter.title }),
      kind: matter.kind,
      ...(election && { seats: matter.seats, candidates: [...(matter.candidates ?? [])] }),
    },
    // centi / 100 is the double nearest the two-decimal value, so JSON writes it back with ≤ 2 decimals.
    units: units.map((unit) => ({ id: unit.id, area: unit.areaCenti / 100, voter: unit.voter })),
    ballots: [...ballots]
      .sort((a, b) => a.seq - b.seq)
      .map((ballot) => {
        const body: ChainedBallot = {
          seq: ballot.seq,
          voter: ballot.voter,
          matter: matter.id,
          ...(ballot.choice !== undefined && { choice: ballot.choice }),
          ...(ballot.choices !== undefined && { choices: [...ballot.choices] }),
        };
        head = ballotHash(head, body);
        return { ...body, hash: head };
      }),
  };
}
