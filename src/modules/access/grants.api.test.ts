import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordAcceptable } from '../../core/auth/passwords';
import { newId } from '../../core/ids';
import { maskPhone } from '../../core/personal';
import { startTestApp, type TestContext } from '../../../test/support/app';
import { Client } from '../../../test/support/client';
import type { World } from '../../../test/support/world';
import { body, freshPhone } from './access.testkit';

interface Grant {
  id: string;
  communityId: string | null;
  streetId: string | null;
  accountId: string;
  accountName: string;
  phone: string;
  role: string;
  scopeKind: string;
  scopeId: string;
  grantedBy: string | null;
  revokedAt: number | null;
  temporaryPassword?: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
}
interface AuditEntry {
  id: string;
  at: number;
  actorAccountId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
interface Me {
  grants: { role: string; scopeKind: string; scopeId: string; communityId: string | null }[];
}

let t: TestContext;
let w: World;
let admin: Client;

const grantsOf = (communityId: string) => `/api/v1/communities/${communityId}/grants`;
const streetGrants = (streetId: string) => `/api/v1/streets/${streetId}/grants`;

/** A new account, made through a grant by phone; returns the grant and the account's one-time password. */
async function grantNewcomer(
  by: Client,
  communityId: string,
  role: string,
  scopeKind: string,
  scopeId: string,
) {
  const phone = freshPhone();
  const grant = body<Grant>(
    await by.post(grantsOf(communityId), {
      phone,
      displayName: `新人${phone.slice(-4)}`,
      role,
      scopeKind,
      scopeId,
    }),
    201,
  );
  return { grant, phone, password: grant.temporaryPassword! };
}

async function auditOf(communityId: string, query: string) {
  return body<Page<AuditEntry>>(await admin.get(`/api/v1/communities/${communityId}/audit?${query}`), 200)
    .items;
}

beforeAll(async () => {
  t = await startTestApp();
  w = t.world;
  admin = await t.as('communityAdmin');
});
afterAll(() => t.close());

describe('granting roles in a community', () => {
  it('a community administrator grants gridWorker on grid A: listed with a masked phone, audited, and in force at once', async () => {
    const res = await admin.post(grantsOf(w.communityA), {
      accountId: w.accounts.nobody,
      role: 'gridWorker',
      scopeKind: 'grid',
      scopeId: w.gridA,
    });
    const grant = body<Grant>(res, 201);
    expect(grant).toMatchObject({
      communityId: w.communityA,
      accountId: w.accounts.nobody,
      accountName: 'nobody',
      phone: maskPhone(w.phones.nobody),
      role: 'gridWorker',
      scopeKind: 'grid',
      scopeId: w.gridA,
      grantedBy: w.accounts.communityAdmin,
      revokedAt: null,
      temporaryPassword: null,
    });

    const holder = await t.as('nobody');
    const me = body<Me>(await holder.get('/api/v1/auth/me'), 200);
    expect(me.grants).toContainEqual(
      expect.objectContaining({ role: 'gridWorker', scopeKind: 'grid', scopeId: w.gridA }),
    );
    expect((await holder.get(`/api/v1/communities/${w.communityA}/compounds`)).statusCode).toBe(200);

    const listed = body<Page<Grant>>(
      await admin.get(`${grantsOf(w.communityA)}?role=gridWorker&accountId=${w.accounts.nobody}`),
      200,
    );
    expect(listed.items.map((g) => g.id)).toEqual([grant.id]);
    expect(listed.items[0]!.phone).toBe(maskPhone(w.phones.nobody));

    const [entry] = await auditOf(w.communityA, `action=grant.create&targetId=${grant.id}`);
    expect(entry).toMatchObject({ actorAccountId: w.accounts.communityAdmin, targetType: 'grant' });
    expect(entry!.after).toMatchObject({
      role: 'gridWorker',
      scope_id: w.gridA,
      account_id: w.accounts.nobody,
    });
  });

  it('the same live grant twice is a 409', async () => {
    const again = await admin.post(grantsOf(w.communityA), {
      accountId: w.accounts.branch,
      role: 'branch',
      scopeKind: 'compound',
      scopeId: w.compoundA1,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('duplicate');
  });

  it('a phone with no account creates one with a one-time password that logs in; the password is stored only hashed', async () => {
    const { grant, phone, password } = await grantNewcomer(
      admin,
      w.communityA,
      'volunteer',
      'squad',
      w.squadA,
    );
    expect(passwordAcceptable(password)).toBe(true);
    expect(grant).toMatchObject({ role: 'volunteer', scopeKind: 'squad', phone: maskPhone(phone) });

    const newcomer = await new Client(t.app).login(phone, password);
    const me = body<Me>(await newcomer.get('/api/v1/auth/me'), 200);
    expect(me.grants).toEqual([expect.objectContaining({ role: 'volunteer', scopeId: w.squadA })]);

    const account = await t.deps.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', grant.accountId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(account)).not.toContain(password);
    const log = await t.deps.db.selectFrom('audit_log').selectAll().execute();
    expect(JSON.stringify(log)).not.toContain(password);
    // Listing later never shows it again.
    const listed = body<Page<Grant>>(
      await admin.get(`${grantsOf(w.communityA)}?accountId=${grant.accountId}`),
      200,
    );
    expect(listed.items[0]).not.toHaveProperty('temporaryPassword');
  });

  it('a phone that already has an account grants to that account, without a new password', async () => {
    const res = await admin.post(grantsOf(w.communityA), {
      phone: `+86 ${w.phones.squadLeader.slice(0, 3)} ${w.phones.squadLeader.slice(3)}`,
      role: 'volunteer',
      scopeKind: 'community',
      scopeId: w.communityA,
    });
    expect(body<Grant>(res, 201)).toMatchObject({
      accountId: w.accounts.squadLeader,
      temporaryPassword: null,
    });
  });

  it('a new phone without a name, a bad phone, both or neither of phone and accountId, or an unknown account: 400 and nothing made', async () => {
    const phone = freshPhone();
    const base = { role: 'volunteer', scopeKind: 'community', scopeId: w.communityA };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, phone }, 'validation'],
      [{ ...base, phone: '12345' }, 'invalid_phone'],
      [{ ...base, phone, accountId: w.accounts.nobody }, 'validation'],
      [base, 'validation'],
      [{ ...base, accountId: newId() }, 'bad_reference'],
    ];
    for (const [payload, code] of cases) {
      const res = await admin.post(grantsOf(w.communityA), payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
    }
    const made = await t.deps.db
      .selectFrom('accounts')
      .select('id')
      .where('phone_hash', '=', t.deps.vault.lookupHash(phone))
      .execute();
    expect(made).toEqual([]);
  });

  it('the scope must exist, live, in that community: 400 bad_reference otherwise', async () => {
    const archived = newId();
    const now = Date.now();
    await t.deps.db
      .insertInto('compounds')
      .values({
        community_id: w.communityA,
        id: archived,
        name: '已撤销小区',
        address: null,
        year_built: null,
        property_company_id: null,
        created_at: now,
        updated_at: now,
        archived_at: now,
      })
      .execute();
    const scopes: [string, string][] = [
      ['compound', w.compoundB1], // exists, but in community B
      ['compound', archived],
      ['building', newId()],
      ['grid', w.squadA], // an id of the wrong kind
      ['community', w.communityB],
    ];
    for (const [scopeKind, scopeId] of scopes) {
      const res = await admin.post(grantsOf(w.communityA), {
        accountId: w.accounts.nobody,
        role: scopeKind === 'community' ? 'volunteer' : 'property',
        scopeKind,
        scopeId,
      });
      expect(res.statusCode, `${scopeKind} ${scopeId}`).toBe(400);
      expect(res.json().error.code).toBe('bad_reference');
    }
  });

  it('a role on a kind of scope it cannot be held on is a 400 naming the kinds it can', async () => {
    const res = await admin.post(grantsOf(w.communityA), {
      accountId: w.accounts.nobody,
      role: 'branch',
      scopeKind: 'building',
      scopeId: w.buildingA1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('compound');
  });
});

describe('who may grant', () => {
  it('community staff hold no grants.manage: 403, and nothing is granted', async () => {
    const staff = await t.as('communityStaff');
    const res = await staff.post(grantsOf(w.communityA), {
      accountId: w.accounts.volunteer,
      role: 'gridWorker',
      scopeKind: 'grid',
      scopeId: w.gridA,
    });
    expect(res.statusCode).toBe(403);
    const live = await t.deps.db
      .selectFrom('grants')
      .select('id')
      .where('account_id', '=', w.accounts.volunteer)
      .where('role', '=', 'gridWorker')
      .execute();
    expect(live).toEqual([]);
  });

  it('the administrator of A cannot grant in B, nor list B’s grants', async () => {
    const res = await admin.post(grantsOf(w.communityB), {
      accountId: w.accounts.nobody,
      role: 'property',
      scopeKind: 'compound',
      scopeId: w.compoundB1,
    });
    expect(res.statusCode).toBe(403);
    expect((await admin.get(grantsOf(w.communityB))).statusCode).toBe(403);
  });

  it('nobody grants above their own role: a community administrator cannot make a street administrator', async () => {
    const onStreet = await admin.post(streetGrants(w.streetS), {
      accountId: w.accounts.nobody,
      role: 'streetAdmin',
    });
    expect(onStreet.statusCode).toBe(403);
    const inCommunity = await admin.post(grantsOf(w.communityA), {
      accountId: w.accounts.nobody,
      role: 'streetAdmin',
      scopeKind: 'community',
      scopeId: w.communityA,
    });
    expect(inCommunity.statusCode).toBe(400);
    const held = await t.deps.db
      .selectFrom('street_grants')
      .select('id')
      .where('account_id', '=', w.accounts.nobody)
      .execute();
    expect(held).toEqual([]);
  });

  it('a street administrator grants communityAdmin in A and in B (its street), never in C', async () => {
    const street = await t.as('streetAdmin');
    for (const communityId of [w.communityA, w.communityB]) {
      const { grant, phone, password } = await grantNewcomer(
        street,
        communityId,
        'communityAdmin',
        'community',
        communityId,
      );
      expect(grant).toMatchObject({ communityId, grantedBy: w.accounts.streetAdmin });
      // The new administrator can now manage grants there.
      const newAdmin = await new Client(t.app).login(phone, password);
      expect((await newAdmin.get(grantsOf(communityId))).statusCode).toBe(200);
    }
    const inC = await street.post(grantsOf(w.communityC), {
      accountId: w.accounts.nobody,
      role: 'communityAdmin',
      scopeKind: 'community',
      scopeId: w.communityC,
    });
    expect(inC.statusCode).toBe(403);
  });

  it('community B’s grants are not in A’s list', async () => {
    const street = await t.as('streetAdmin');
    const { grant } = await grantNewcomer(street, w.communityB, 'property', 'compound', w.compoundB1);
    const inA = body<Page<Grant>>(await admin.get(`${grantsOf(w.communityA)}?pageSize=200`), 200);
    expect(inA.items.map((g) => g.id)).not.toContain(grant.id);
    expect(inA.items.every((g) => g.communityId === w.communityA)).toBe(true);
    const inB = body<Page<Grant>>(await street.get(`${grantsOf(w.communityB)}?role=property`), 200);
    expect(inB.items.map((g) => g.id)).toContain(grant.id);
  });
});

describe('revoking', () => {
  it('revokes a grant: it stops working, leaves the live list, shows among revoked ones, and is audited once', async () => {
    const { grant, phone, password } = await grantNewcomer(
      admin,
      w.communityA,
      'branch',
      'compound',
      w.compoundA2,
    );
    const res = await admin.post(`${grantsOf(w.communityA)}/${grant.id}/revoke`);
    const revoked = body<Grant>(res, 200);
    expect(revoked.revokedAt).toEqual(expect.any(Number));

    const holder = await new Client(t.app).login(phone, password);
    expect(body<Me>(await holder.get('/api/v1/auth/me'), 200).grants).toEqual([]);
    expect((await holder.get(`/api/v1/communities/${w.communityA}/compounds`)).statusCode).toBe(403);

    const live = body<Page<Grant>>(
      await admin.get(`${grantsOf(w.communityA)}?accountId=${grant.accountId}`),
      200,
    );
    expect(live.items).toEqual([]);
    const gone = body<Page<Grant>>(
      await admin.get(`${grantsOf(w.communityA)}?accountId=${grant.accountId}&revoked=true`),
      200,
    );
    expect(gone.items.map((g) => g.id)).toEqual([grant.id]);

    const again = body<Grant>(await admin.post(`${grantsOf(w.communityA)}/${grant.id}/revoke`), 200);
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const entries = await auditOf(w.communityA, `action=grant.revoke&targetId=${grant.id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.before).toMatchObject({ revoked_at: null, role: 'branch' });
    expect(entries[0]!.after).toMatchObject({
      revoked_at: revoked.revokedAt,
      revoked_by: w.accounts.communityAdmin,
    });
  });

  it('an unknown grant, or one of another community, is a 404', async () => {
    expect((await admin.post(`${grantsOf(w.communityA)}/${newId()}/revoke`)).statusCode).toBe(404);
    const street = await t.as('streetAdmin');
    const { grant } = await grantNewcomer(street, w.communityB, 'volunteer', 'compound', w.compoundB1);
    expect((await street.post(`${grantsOf(w.communityA)}/${grant.id}/revoke`)).statusCode).toBe(404);
  });

  it('community staff cannot revoke', async () => {
    const staff = await t.as('communityStaff');
    const { grant } = await grantNewcomer(admin, w.communityA, 'volunteer', 'compound', w.compoundA1);
    expect((await staff.post(`${grantsOf(w.communityA)}/${grant.id}/revoke`)).statusCode).toBe(403);
  });
});

describe('street grants', () => {
  it('a street administrator makes another on the street, lists and revokes it; the platform log has both', async () => {
    const street = await t.as('streetAdmin');
    const phone = freshPhone();
    const made = body<Grant>(
      await street.post(streetGrants(w.streetS), { phone, displayName: '街道新管理员', role: 'streetAdmin' }),
      201,
    );
    expect(made).toMatchObject({
      streetId: w.streetS,
      communityId: null,
      scopeKind: 'street',
      scopeId: w.streetS,
    });
    expect(made.temporaryPassword).toEqual(expect.any(String));

    const newcomer = await new Client(t.app).login(phone, made.temporaryPassword!);
    expect((await newcomer.get(streetGrants(w.streetS))).statusCode).toBe(200);

    const listed = body<Page<Grant>>(await street.get(`${streetGrants(w.streetS)}?q=新管理员`), 200);
    expect(listed.items.map((g) => g.id)).toEqual([made.id]);
    expect(listed.items[0]!.phone).toBe(maskPhone(phone));

    body<Grant>(await street.post(`${streetGrants(w.streetS)}/${made.id}/revoke`), 200);
    expect((await newcomer.get(streetGrants(w.streetS))).statusCode).toBe(403);

    const log = body<Page<AuditEntry>>(
      await street.get(`/api/v1/streets/${w.streetS}/audit?targetId=${made.id}`),
      200,
    ).items;
    expect(log.map((e) => e.action)).toEqual(['grant.revoke', 'grant.create']);
    expect(log[0]).toMatchObject({ targetType: 'street_grant', actorAccountId: w.accounts.streetAdmin });
    expect(log[0]!.before).toMatchObject({ revoked_at: null });
  });

  it('only streetAdmin can be held on a street: any other role is a 400', async () => {
    const street = await t.as('streetAdmin');
    const res = await street.post(streetGrants(w.streetS), {
      accountId: w.accounts.nobody,
      role: 'communityAdmin',
    });
    expect(res.statusCode).toBe(400);
  });

  it('the administrator of street S reaches neither street T’s grants nor its log', async () => {
    const street = await t.as('streetAdmin');
    expect((await street.get(streetGrants(w.streetT))).statusCode).toBe(403);
    expect(
      (await street.post(streetGrants(w.streetT), { accountId: w.accounts.nobody, role: 'streetAdmin' }))
        .statusCode,
    ).toBe(403);
    expect((await street.get(`/api/v1/streets/${w.streetT}/audit`)).statusCode).toBe(403);
    expect((await street.post(`${streetGrants(w.streetS)}/${newId()}/revoke`)).statusCode).toBe(404);
  });
});

describe('the community audit log', () => {
  it('newest first, filtered by actor, target type and time; B’s entries never in A’s log', async () => {
    const before = Date.now() - 1;
    const first = await grantNewcomer(admin, w.communityA, 'volunteer', 'grid', w.gridA);
    const second = await grantNewcomer(admin, w.communityA, 'volunteer', 'compound', w.compoundA2);
    const street = await t.as('streetAdmin');
    const inB = await grantNewcomer(street, w.communityB, 'volunteer', 'compound', w.compoundB1);

    const recent = await auditOf(
      w.communityA,
      `from=${before}&targetType=grant&actor=${w.accounts.communityAdmin}`,
    );
    expect(recent.map((e) => e.targetId)).toEqual([second.grant.id, first.grant.id]);
    expect(recent[0]!.actorName).toBe('communityAdmin');
    expect(recent.every((e) => e.at >= before)).toBe(true);

    const none = await auditOf(w.communityA, `to=${before}&targetId=${first.grant.id}`);
    expect(none).toEqual([]);
    const all = body<Page<AuditEntry>>(
      await street.get(`/api/v1/communities/${w.communityA}/audit?pageSize=200`),
      200,
    );
    expect(all.items.map((e) => e.targetId)).not.toContain(inB.grant.id);
    const page = body<Page<AuditEntry>>(
      await admin.get(`/api/v1/communities/${w.communityA}/audit?pageSize=1&page=2&targetType=grant`),
      200,
    );
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
  });

  it('community staff cannot read the audit log', async () => {
    const staff = await t.as('communityStaff');
    expect((await staff.get(`/api/v1/communities/${w.communityA}/audit`)).statusCode).toBe(403);
  });
});

describe('the temporary password a grant makes', () => {
  it('must be changed at first login, and stops working after a week unchanged', async () => {
    const made = await grantNewcomer(admin, w.communityA, 'gridWorker', 'grid', w.gridA);
    const newcomer = await new Client(t.app).login(made.phone, made.password);
    expect(body<{ mustChangePassword: boolean }>(await newcomer.get('/api/v1/auth/me'), 200)).toMatchObject({
      mustChangePassword: true,
    });
    const next = 'Gz-new-pass-2026';
    body(await newcomer.post('/api/v1/auth/password', { current: made.password, next }), 200);
    expect(body<{ mustChangePassword: boolean }>(await newcomer.get('/api/v1/auth/me'), 200)).toMatchObject({
      mustChangePassword: false,
    });
    await new Client(t.app).login(made.phone, next);

    // Another newcomer leaves theirs unchanged for eight days: the office must hand out a new one.
    const idle = await grantNewcomer(admin, w.communityA, 'gridWorker', 'grid', w.gridA);
    await t.deps.db
      .updateTable('accounts')
      .set({ password_expires_at: Date.now() - 86_400_000 })
      .where('id', '=', idle.grant.accountId)
      .execute();
    const refused = await new Client(t.app, 'en').post('/api/v1/auth/login', {
      phone: idle.phone,
      password: idle.password,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'temporary_password_expired', message: expect.stringContaining('7 days') },
    });
    // Accounts people made themselves never carry the flag.
    expect(body<{ mustChangePassword: boolean }>(await admin.get('/api/v1/auth/me'), 200)).toMatchObject({
      mustChangePassword: false,
    });
  });
});
