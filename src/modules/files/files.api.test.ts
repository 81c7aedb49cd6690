import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { body, errorCode, type Client } from '../../../test/support/client';
import { testPhoto, upload } from '../../../test/support/upload';
import { hashPassword } from '../../core/auth/passwords';
import { AppError } from '../../core/errors';
import { attachFiles, registerFileAccess } from '../../core/files';
import { requireCan } from '../../core/http/access';
import { newId } from '../../core/ids';
import { insertAccount, password } from '../../../test/support/world';
import { Client as TestClient } from '../../../test/support/client';
import { fileCleanupJob, unattachedKeepMs } from './cleanup';

interface FileRecord {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  hasThumb: boolean;
}

let t: TestContext;
/** Records of a made-up type "memo": staff who may read orders see their files. */
const readableNotice = 'notice-1';
beforeAll(async () => {
  t = await startTestApp({ UPLOAD_MAX_MB: '2' });
  registerFileAccess(t.app, 'memo', async (req, noticeId) => {
    requireCan(req, 'orders.read', {});
    return noticeId === readableNotice;
  });
});
afterAll(() => t.close());

const fileUrl = (id: string, communityId = t.world.communityA) =>
  `/api/v1/communities/${communityId}/files/${id}`;

async function uploaded(client: Client, data: Buffer, options: { name?: string; type?: string } = {}) {
  return body<FileRecord>(await upload(client, t.world.communityA, data, options), 201);
}

/** A phone photo: sideways (EXIF orientation 6) with the place it was taken in its EXIF GPS block. */
async function phonePhoto(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'P1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '28/1 12/1 30/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '112/1 58/1 0/1',
      },
    })
    .toBuffer();
}

function pdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('委托书');
    doc.end();
  });
}

/** The GPS IFD pointer tag (0x8825), little- or big-endian, anywhere in the bytes. */
const hasGps = (data: Buffer) =>
  data.includes(Buffer.from([0x25, 0x88])) || data.includes(Buffer.from([0x88, 0x25]));

describe('uploading', () => {
  it('re-encodes a phone photo upright, without EXIF or its GPS position, with a thumbnail', async () => {
    const original = await phonePhoto(4000, 3000);
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    expect(hasGps(before.exif!)).toBe(true);

    const resident = await t.as('resident');
    const record = await uploaded(resident, original, { name: 'IMG_0001.HEIC.jpg' });
    // Turned upright, then capped at 2560 px.
    expect(record).toMatchObject({ mime: 'image/jpeg', width: 1920, height: 2560, hasThumb: true });

    const res = await resident.get(fileUrl(record.id));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="IMG_0001.HEIC.jpg"/);
    const stored = res.rawPayload;
    expect(stored.length).toBe(record.size);
    const after = await sharp(stored).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 1920, height: 2560 });
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(hasGps(stored)).toBe(false);
    expect(stored.includes(Buffer.from('PhoneMaker'))).toBe(false);

    const thumb = await resident.get(`${fileUrl(record.id)}?size=thumb`);
    expect(thumb.statusCode).toBe(200);
    expect(await sharp(thumb.rawPayload).metadata()).toMatchObject({ width: 240, height: 320 });
  });

  it('keeps PNG and WebP in their format and small images without a separate thumbnail', async () => {
    const resident = await t.as('resident');
    const png = await sharp({ create: { width: 200, height: 100, channels: 4, background: '#0000ff80' } })
      .png()
      .toBuffer();
    expect(await uploaded(resident, png, { name: 'plan.png', type: 'image/png' })).toMatchObject({
      mime: 'image/png',
      width: 200,
      height: 100,
      hasThumb: false,
    });
    const webp = await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#888' } })
      .webp()
      .toBuffer();
    const record = await uploaded(resident, webp, { name: 'leak.webp', type: 'image/webp' });
    expect(record).toMatchObject({ mime: 'image/webp', width: 1000, height: 500, hasThumb: true });
    const thumb = await resident.get(`${fileUrl(record.id)}?size=thumb`);
    expect(thumb.headers['content-type']).toBe('image/webp');
  });

  it('keeps a PDF as it is and offers it as a download under a safe name', async () => {
    const data = await pdf();
    const resident = await t.as('resident');
    const record = await uploaded(resident, data, {
      name: '..\\..\\委托书 <final>.pdf',
      type: 'application/pdf',
    });
    expect(record).toMatchObject({
      mime: 'application/pdf',
      size: data.length,
      width: null,
      hasThumb: false,
    });
    expect(record.name).toBe('委托书 final.pdf');
    const res = await resident.get(fileUrl(record.id));
    expect(res.rawPayload.equals(data)).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="___ final.pdf"; filename*=UTF-8''${encodeURIComponent('委托书 final.pdf')}`,
    );
    expect(errorCode(await resident.get(`${fileUrl(record.id)}?size=thumb`), 404)).toBe('not_found');
  });

  it('stores files under DATA_DIR/files/<community>/<id>, never under the client’s name', async () => {
    const resident = await t.as('resident');
    const record = await uploaded(resident, await testPhoto(), { name: '../../../evil.jpg' });
    const dir = path.join(t.deps.config.dataDir, 'files', t.world.communityA);
    const names = fs.readdirSync(dir);
    expect(names).toContain(record.id);
    expect(names.filter((n) => n.includes('evil'))).toEqual([]);
    expect(fs.existsSync(path.join(t.deps.config.dataDir, '..', 'evil.jpg'))).toBe(false);
    expect(record.name).toBe('evil.jpg');
  });

  it('judges by content: a renamed text file, a GIF, a truncated photo and SVG are refused in the caller’s language', async () => {
    const resident = await t.as('resident');
    const photo = await testPhoto();
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    const refusals = [
      { data: Buffer.from('just some text, not a photo'), name: 'photo.jpg', type: 'image/jpeg' },
      { data: gif, name: 'anim.png', type: 'image/png' },
      { data: photo.subarray(0, 400), name: 'cut.jpg', type: 'image/jpeg' },
      {
        data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        name: 'x.svg',
        type: 'image/svg+xml',
      },
      { data: Buffer.from('<html><script>alert(1)</script></html>'), name: 'x.pdf', type: 'application/pdf' },
    ];
    for (const r of refusals) {
      const res = await upload(resident, t.world.communityA, r.data, r);
      expect(errorCode(res, 400), r.name).toBe('files.type');
      expect(res.json().error.message).toBe('只能上传 JPEG、PNG、WebP 格式的照片或 PDF 文件');
    }
    resident.locale = 'en';
    const res = await upload(resident, t.world.communityA, Buffer.from('text'), {});
    expect(res.json().error.message).toBe('Only photos (JPEG, PNG, WebP) and PDF files can be uploaded');
  });

  it('takes a photo larger than the 1 MiB limit on JSON bodies, up to UPLOAD_MAX_MB', async () => {
    // Noise does not compress: a 1000×1000 photo of it is well over 1 MiB.
    const noise = await sharp(randomBytes(1000 * 1000 * 3), {
      raw: { width: 1000, height: 1000, channels: 3 },
    })
      .jpeg({ quality: 100 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(1024 * 1024);
    expect(noise.length).toBeLessThan(2 * 1024 * 1024);
    const record = await uploaded(await t.as('resident'), noise);
    expect(record).toMatchObject({ mime: 'image/jpeg', width: 1000, height: 1000 });
  });

  it('refuses a file over UPLOAD_MAX_MB with 413 and says the limit', async () => {
    const resident = await t.as('resident');
    const big = Buffer.concat([await testPhoto(), Buffer.alloc(2 * 1024 * 1024 + 10)]);
    const res = await upload(resident, t.world.communityA, big);
    expect(errorCode(res, 413)).toBe('files.too_large');
    expect(res.json().error.message).toBe('文件不能超过 2 MB，请压缩或拍得小一些再传');
  });

  it('tells a client the limits before it sends anything', async () => {
    const limits = body<{ maxBytes: number; maxMb: number; types: string[] }>(
      await (await t.as('resident')).get('/api/v1/files/limits'),
      200,
    );
    expect(limits).toEqual({
      maxBytes: 2 * 1024 * 1024,
      maxMb: 2,
      types: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
    });
    expect(errorCode(await t.anonymous().get('/api/v1/files/limits'), 401)).toBe('unauthenticated');
  });

  it('keeps a display name without control characters, cut to a length a list can show', async () => {
    const resident = await t.as('resident');
    const long = `${'很长的文件名'.repeat(30)}.pdf`;
    expect((await uploaded(resident, await pdf(), { name: long, type: 'application/pdf' })).name).toBe(
      `${'很长的文件名'.repeat(30).slice(0, 80)}.pdf`,
    );
    const odd = await uploaded(resident, await pdf(), {
      name: '会议\u0007纪要\u001b[31m.pdf',
      type: 'application/pdf',
    });
    expect(odd.name).toBe('会议纪要31m.pdf');
  });

  it('needs a multipart body with a part named file', async () => {
    const resident = await t.as('resident');
    expect(errorCode(await resident.post(`/api/v1/communities/${t.world.communityA}/files`, {}), 400)).toBe(
      'files.missing',
    );
    const wrongField = await upload(resident, t.world.communityA, await testPhoto(), { field: 'photo' });
    expect(errorCode(wrongField, 400)).toBe('files.missing');
    const empty = await upload(resident, t.world.communityA, Buffer.alloc(0));
    expect(errorCode(empty, 400)).toBe('files.missing');
  });
});

describe('who may upload', () => {
  it('anyone holding a grant in the community; nobody else', async () => {
    const photo = await testPhoto();
    for (const who of ['resident', 'volunteer', 'squadLeader', 'property', 'communityStaff'] as const)
      expect((await upload(await t.as(who), t.world.communityA, photo)).statusCode, who).toBe(201);
    expect(errorCode(await upload(await t.as('nobody'), t.world.communityA, photo), 403)).toBe('forbidden');
    // A grant in A is no key to B; the street's administrator reaches both A and B, not C.
    expect(errorCode(await upload(await t.as('resident'), t.world.communityB, photo), 403)).toBe('forbidden');
    const street = await t.as('streetAdmin');
    expect((await upload(street, t.world.communityB, photo)).statusCode).toBe(201);
    expect(errorCode(await upload(street, t.world.communityC, photo), 403)).toBe('forbidden');
    expect(errorCode(await upload(street, 'no-such-community', photo), 404)).toBe('not_found');
    expect(errorCode(await upload(t.anonymous(), t.world.communityA, photo), 401)).toBe('unauthenticated');
  });

  it('a resident with a confirmed household there, without any grant (ordering a repair)', async () => {
    const phone = '13712345678';
    const accountId = newId();
    await insertAccount(t.deps, {
      id: accountId,
      phone,
      name: '住户',
      passwordHash: await hashPassword(password),
    });
    const client = await new TestClient(t.app).login(phone, password);
    const photo = await testPhoto();
    expect(errorCode(await upload(client, t.world.communityA, photo), 403)).toBe('forbidden');
    const now = Date.now();
    const householdId = newId();
    await t.deps.db
      .insertInto('households')
      .values({
        community_id: t.world.communityA,
        id: householdId,
        room_id: t.world.roomA1,
        compound_id: t.world.compoundA1,
        building_id: t.world.buildingA1,
        name: '101户',
        head_person_id: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
      })
      .execute();
    const binding = {
      community_id: t.world.communityA,
      id: newId(),
      household_id: householdId,
      account_id: accountId,
      invitation_id: null,
      claimed_name: '住户',
      kind: 'owner',
      relation: null,
      status: 'pending',
      person_id: null,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      reason: null,
    };
    await t.deps.db.insertInto('household_bindings').values(binding).execute();
    // Still waiting for staff to confirm: not yet.
    expect(errorCode(await upload(client, t.world.communityA, photo), 403)).toBe('forbidden');
    await t.deps.db
      .updateTable('household_bindings')
      .set({ status: 'confirmed' })
      .where('id', '=', binding.id)
      .execute();
    expect((await upload(client, t.world.communityA, photo)).statusCode).toBe(201);
    expect(errorCode(await upload(client, t.world.communityB, photo), 403)).toBe('forbidden');
  });

  it('an owner known there only as a person record linked to their account (no household binding)', async () => {
    const phone = '13712345679';
    const accountId = newId();
    await insertAccount(t.deps, {
      id: accountId,
      phone,
      name: '外住业主',
      passwordHash: await hashPassword(password),
    });
    const client = await new TestClient(t.app).login(phone, password);
    const photo = await testPhoto();
    expect(errorCode(await upload(client, t.world.communityA, photo), 403)).toBe('forbidden');
    const now = Date.now();
    const person = {
      community_id: t.world.communityA,
      id: newId(),
      name: '外住业主',
      phone_sealed: null,
      phone_hash: null,
      id_number_sealed: null,
      id_number_hash: null,
      gender: null,
      birth_year: null,
      political_status: 'masses',
      flags: '[]',
      account_id: accountId,
      notes: null,
      created_at: now,
      updated_at: now,
      archived_at: now,
    };
    // An archived record is the past: it opens nothing.
    await t.deps.db.insertInto('people').values(person).execute();
    expect(errorCode(await upload(client, t.world.communityA, photo), 403)).toBe('forbidden');
    await t.deps.db.updateTable('people').set({ archived_at: null }).where('id', '=', person.id).execute();
    expect((await upload(client, t.world.communityA, photo)).statusCode).toBe(201);
    // Only in that person's community.
    expect(errorCode(await upload(client, t.world.communityB, photo), 403)).toBe('forbidden');
  });
});

describe('reading and attaching', () => {
  it('only the uploader reads an unattached file; others get 404 as for a file that does not exist', async () => {
    const record = await uploaded(await t.as('resident'), await testPhoto());
    for (const who of ['owner', 'communityAdmin', 'streetAdmin'] as const)
      expect(errorCode(await (await t.as(who)).get(fileUrl(record.id)), 404), who).toBe('not_found');
    const resident = await t.as('resident');
    expect(errorCode(await resident.get(fileUrl(record.id, t.world.communityB)), 404)).toBe('not_found');
    expect(errorCode(await resident.get(fileUrl('no-such-file')), 404)).toBe('not_found');
    expect(errorCode(await resident.get(`${fileUrl(record.id)}?size=huge`), 400)).toBe('validation');
  });

  it('once attached, whoever the record’s checker allows reads it, and no one else', async () => {
    const resident = await t.as('resident');
    const readable = await uploaded(resident, await testPhoto());
    const hidden = await uploaded(resident, await testPhoto());
    await t.deps.db.transaction().execute(async (trx) => {
      await attachFiles(
        trx,
        t.world.communityA,
        [readable.id],
        { type: 'memo', id: readableNotice },
        t.world.accounts.resident,
      );
      await attachFiles(
        trx,
        t.world.communityA,
        [hidden.id],
        { type: 'memo', id: 'notice-2' },
        t.world.accounts.resident,
      );
    });
    const staff = await t.as('communityStaff');
    expect((await staff.get(fileUrl(readable.id))).statusCode).toBe(200);
    expect(errorCode(await staff.get(fileUrl(hidden.id)), 404)).toBe('not_found');
    // The checker's own 403 (owner lacks orders.read) reads as "not found", not as an error.
    expect(errorCode(await (await t.as('owner')).get(fileUrl(readable.id)), 404)).toBe('not_found');
    // The uploader keeps access.
    expect((await resident.get(fileUrl(hidden.id))).statusCode).toBe(200);
  });

  it('attachFiles takes only the caller’s own, live, unattached files of that community, all or none', async () => {
    const resident = await t.as('resident');
    const mine = await uploaded(resident, await testPhoto());
    const second = await uploaded(resident, await testPhoto());
    const theirs = await uploaded(await t.as('volunteer'), await testPhoto());
    const inB = body<FileRecord>(
      await upload(await t.as('streetAdmin'), t.world.communityB, await testPhoto()),
      201,
    );
    const attach = (ids: string[], accountId = t.world.accounts.resident, communityId = t.world.communityA) =>
      t.deps.db
        .transaction()
        .execute((trx) => attachFiles(trx, communityId, ids, { type: 'memo', id: 'n' }, accountId));
    const refusedWith = async (p: Promise<unknown>) => {
      const err = await p.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ status: 400, code: 'files.unknown' });
    };
    await refusedWith(attach([mine.id, 'no-such-file']));
    await refusedWith(attach([mine.id, theirs.id]));
    await refusedWith(attach([inB.id], t.world.accounts.streetAdmin, t.world.communityA));
    // None of the refused calls attached anything.
    const attached = await t.deps.db
      .selectFrom('files')
      .select('id')
      .where('attached_id', 'is not', null)
      .where('id', 'in', [mine.id, second.id])
      .execute();
    expect(attached).toEqual([]);
    await attach([mine.id, mine.id, second.id]);
    await refusedWith(attach([mine.id]));
    await attach([]);
  });
});

describe('clearing unattached uploads', () => {
  it('removes the bytes of uploads left unattached for a day, and nothing else', async () => {
    const resident = await t.as('resident');
    const abandoned = await uploaded(resident, await testPhoto(1200, 900));
    const kept = await uploaded(resident, await testPhoto());
    await t.deps.db
      .transaction()
      .execute((trx) =>
        attachFiles(
          trx,
          t.world.communityA,
          [kept.id],
          { type: 'memo', id: readableNotice },
          t.world.accounts.resident,
        ),
      );
    const row = await t.deps.db
      .selectFrom('files')
      .select('created_at')
      .where('id', '=', abandoned.id)
      .executeTakeFirstOrThrow();
    const stored = (id: string, thumb = false) =>
      fs.existsSync(
        path.join(t.deps.config.dataDir, 'files', t.world.communityA, thumb ? `${id}.thumb` : id),
      );

    await fileCleanupJob.run(t.deps, row.created_at + unattachedKeepMs - 1);
    expect(stored(abandoned.id)).toBe(true);
    await fileCleanupJob.run(t.deps, row.created_at + unattachedKeepMs + 1);
    expect(stored(abandoned.id)).toBe(false);
    expect(stored(abandoned.id, true)).toBe(false);
    expect(stored(kept.id)).toBe(true);
    expect(errorCode(await resident.get(fileUrl(abandoned.id)), 404)).toBe('not_found');
    expect((await resident.get(fileUrl(kept.id))).statusCode).toBe(200);
    // Too late to attach it now.
    const err = await t.deps.db
      .transaction()
      .execute((trx) =>
        attachFiles(
          trx,
          t.world.communityA,
          [abandoned.id],
          { type: 'memo', id: 'n' },
          t.world.accounts.resident,
        ),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'files.unknown' });
  });
});
