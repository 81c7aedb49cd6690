import { inflateSync } from 'node:zlib';
import { hashPassword } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import type { TestContext } from '../../../test/support/app';
import { Client } from '../../../test/support/client';
import { testPhoto, upload } from '../../../test/support/upload';
import { insertAccount, password } from '../../../test/support/world';

/**
 * Homes for the notice and rectification tests, written straight into test community A: a room in a
 * building and entrance, a household in it, and a resident confirmed in it (入户绑定) and logged in.
 * Plus what a test needs to look inside a PDF.
 */

export const api = (communityId: string) => `/api/v1/communities/${communityId}`;

let seq = 0;
let hash: Promise<string> | undefined;
const life = () => ({ created_at: Date.now(), updated_at: Date.now(), archived_at: null });

/** A building with one entrance in a compound of community A. */
export async function addBuilding(t: TestContext, compoundId: string, name: string) {
  const buildingId = newId();
  const entranceId = newId();
  await t.deps.db
    .insertInto('buildings')
    .values({
      community_id: t.world.communityA,
      id: buildingId,
      compound_id: compoundId,
      name,
      floors: 6,
      ...life(),
    })
    .execute();
  await addEntrance(t, buildingId, '1单元', entranceId);
  return { buildingId, entranceId };
}

export async function addEntrance(t: TestContext, buildingId: string, name: string, id = newId()) {
  await t.deps.db
    .insertInto('entrances')
    .values({ community_id: t.world.communityA, id, building_id: buildingId, name, ...life() })
    .execute();
  return id;
}

export interface Home {
  householdId: string;
  compoundId: string;
  buildingId: string;
  entranceId: string;
  accountId: string;
  client: Client;
}

/** A household in a new room at the entrance, with one confirmed resident logged in. */
export async function addHome(
  t: TestContext,
  where: { compoundId: string; buildingId: string; entranceId: string },
  number = String(101 + seq),
): Promise<Home> {
  const A = t.world.communityA;
  const roomId = newId();
  const householdId = newId();
  await t.deps.db
    .insertInto('rooms')
    .values({
      community_id: A,
      id: roomId,
      compound_id: where.compoundId,
      building_id: where.buildingId,
      entrance_id: where.entranceId,
      number,
      floor: 1,
      area_centi: 9000,
      area_source: 'register',
      use: 'residence',
      ...life(),
    })
    .execute();
  const now = Date.now();
  await t.deps.db
    .insertInto('households')
    .values({
      community_id: A,
      id: householdId,
      room_id: roomId,
      compound_id: where.compoundId,
      building_id: where.buildingId,
      name: `住户${number}`,
      head_person_id: null,
      created_at: now,
      updated_at: now,
      closed_at: null,
      closed_by: null,
    })
    .execute();
  const resident = await addResident(t, householdId);
  return { householdId, ...where, ...resident };
}

/** Another account confirmed in the household, logged in. */
export async function addResident(t: TestContext, householdId: string) {
  const phone = `1355${String(process.pid % 1000).padStart(3, '0')}${String(++seq).padStart(4, '0')}`;
  const accountId = newId();
  hash ??= hashPassword(password);
  await insertAccount(t.deps, { id: accountId, phone, name: `居民${seq}`, passwordHash: await hash });
  await t.deps.db
    .insertInto('household_bindings')
    .values({
      community_id: t.world.communityA,
      id: newId(),
      household_id: householdId,
      account_id: accountId,
      invitation_id: null,
      claimed_name: `居民${seq}`,
      kind: 'owner',
      relation: null,
      status: 'confirmed',
      person_id: null,
      requested_at: Date.now(),
      decided_by: null,
      decided_at: Date.now(),
      reason: null,
    })
    .execute();
  return { accountId, client: await new Client(t.app).login(phone, password) };
}

/** Uploads a photo as `client` in community A; its file id. */
export async function photoOf(t: TestContext, client: Client): Promise<string> {
  const res = await upload(client, t.world.communityA, await testPhoto(400, 300));
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
}

/** Notifications of a kind written for an account. */
export async function notificationsOf(t: TestContext, accountId: string, kind: string) {
  return t.deps.db
    .selectFrom('notifications')
    .select(['params_json', 'link'])
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .execute();
}

// ---- looking inside a PDF written by pdfkit ----

/** Every stream of the PDF, inflated when compressed. */
export function pdfStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  const head = /<<((?:[^<>]|<<[^]*?>>)*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(text))) {
    const length = Number(/\/Length (\d+)/.exec(m[1]!)?.[1]);
    const start = m.index + m[0].length;
    const data = pdf.subarray(start, start + length);
    out.push((/\/FlateDecode/.test(m[1]!) ? inflateSync(data) : data).toString('latin1'));
    head.lastIndex = start + length;
  }
  return out;
}

/** The characters the PDF's fonts can show, read from their ToUnicode maps (the text's characters). */
export function pdfCharacters(pdf: Buffer): Set<string> {
  const chars = new Set<string>();
  for (const s of pdfStreams(pdf).filter((s) => s.includes('beginbfrange')))
    for (const [, list] of s.matchAll(/\[([^\]]*)\]/g))
      for (const [, hex] of list!.matchAll(/<([0-9a-fA-F]+)>/g)) {
        const units = hex!.match(/.{4}/g)!.map((h) => parseInt(h, 16));
        chars.add(String.fromCharCode(...units));
      }
  return chars;
}

/** The filled squares (`x y w h re`) of each page's content, in order. */
export function pdfSquares(content: string): { x: number; y: number; size: number }[] {
  return [...content.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)]
    .filter(([, , , w, h]) => w === h)
    .map(([, x, y, w]) => ({ x: Number(x), y: Number(y), size: Number(w) }));
}

export const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
