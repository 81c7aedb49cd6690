import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/app';
import type { Client } from '../../../test/support/client';
import { newId } from '../../core/ids';
import { api, auditOf, body, errorCode, ids } from './organisations.testkit';

interface Company {
  id: string;
  name: string;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
}
interface Contract {
  id: string;
  compoundId: string;
  compoundName: string;
  companyId: string;
  companyName: string;
  startsOn: string;
  endsOn: string | null;
  feeFenPerM2Month: number | null;
  status: string;
}

let t: TestContext;
let staff: Client;
let A: string;
let greenland: Company;
let sunshine: Company;
let contractA1: Contract;
let contractA2: Contract;

beforeAll(async () => {
  t = await startTestApp();
  staff = await t.as('communityStaff');
  A = api(t.world.communityA);
});
afterAll(() => t.close());

const compoundCompany = async (compoundId: string) =>
  body<{ propertyCompanyId: string | null }>(await staff.get(`${A}/compounds/${compoundId}`), 200)
    .propertyCompanyId;

describe('property companies (物业公司)', () => {
  it('are registered once per credit code: the same code again returns the existing company', async () => {
    const first = await staff.post(`${A}/property-companies`, {
      name: '绿城物业服务有限公司',
      creditCode: ' 91350100m000100y43 ',
      contactName: '客服中心',
      contactPhone: '０７３１-８８８８８８８８',
    });
    greenland = body<Company>(first, 201);
    expect(greenland).toMatchObject({
      creditCode: '91350100M000100Y43',
      contactName: '客服中心',
      contactPhone: '0731-88888888',
    });
    const again = await staff.post(`${A}/property-companies`, {
      name: '绿城物业',
      creditCode: '91350100M000100Y43',
    });
    expect(body<Company>(again, 200)).toEqual(greenland);

    sunshine = body<Company>(await staff.post(`${A}/property-companies`, { name: '阳光物业' }), 201);
    expect(sunshine.creditCode).toBeNull();
    expect(
      errorCode(
        await staff.post(`${A}/property-companies`, { name: 'X', creditCode: '91350100M000100Y44' }),
        400,
      ),
    ).toBe('invalid_credit_code');
    expect(errorCode(await staff.post(`${A}/property-companies`, { name: '' }), 400)).toBe('validation');
  });

  it('the registry is searchable by anyone logged in, by name or credit code', async () => {
    const resident = await t.as('resident');
    expect(ids(await resident.get('/api/v1/property-companies?q=绿城'))).toEqual([greenland.id]);
    expect(ids(await resident.get('/api/v1/property-companies?q=91350100'))).toEqual([greenland.id]);
    expect(ids(await resident.get('/api/v1/property-companies')).sort()).toEqual(
      [greenland.id, sunshine.id].sort(),
    );
    expect(errorCode(await t.anonymous().get('/api/v1/property-companies'), 401)).toBe('unauthenticated');
  });
});

describe('property contracts', () => {
  it('an active contract makes the company the compound’s; one active contract per compound', async () => {
    expect(await compoundCompany(t.world.compoundA1)).toBeNull(); // 无物业 to begin with
    contractA1 = body<Contract>(
      await staff.post(`${A}/property-contracts`, {
        compoundId: t.world.compoundA1,
        companyId: greenland.id,
        startsOn: '2024-01-01',
        endsOn: '2026-12-31',
        feeFenPerM2Month: 150,
      }),
      201,
    );
    expect(contractA1).toMatchObject({
      compoundName: '甲一小区',
      companyName: '绿城物业服务有限公司',
      feeFenPerM2Month: 150,
      status: 'active',
    });
    expect(await compoundCompany(t.world.compoundA1)).toBe(greenland.id);
    expect(body<Contract>(await staff.get(`${A}/property-contracts/${contractA1.id}`), 200)).toEqual(
      contractA1,
    );

    const second = await staff.post(`${A}/property-contracts`, {
      compoundId: t.world.compoundA1,
      companyId: sunshine.id,
      startsOn: '2024-06-01',
    });
    expect(errorCode(second, 409)).toBe('contract_active_exists');
    expect(await compoundCompany(t.world.compoundA1)).toBe(greenland.id);

    contractA2 = body<Contract>(
      await staff.post(`${A}/property-contracts`, {
        compoundId: t.world.compoundA2,
        companyId: sunshine.id,
        startsOn: '2023-03-01',
      }),
      201,
    );
    expect((await auditOf(t, contractA1.id)).map((a) => a.action)).toEqual(['property_contract.activate']);
  });

  it('refuses bad input', async () => {
    const base = { compoundId: t.world.compoundB1, companyId: greenland.id, startsOn: '2024-01-01' };
    // Compound B1 is in community B: from A it does not exist.
    expect(errorCode(await staff.post(`${A}/property-contracts`, base), 400)).toBe('bad_reference');
    const inA2 = { ...base, compoundId: t.world.compoundA2 };
    expect(errorCode(await staff.post(`${A}/property-contracts`, { ...inA2, companyId: 'nope' }), 400)).toBe(
      'bad_reference',
    );
    expect(
      errorCode(await staff.post(`${A}/property-contracts`, { ...inA2, startsOn: '2024-13-01' }), 400),
    ).toBe('validation');
    expect(
      errorCode(await staff.post(`${A}/property-contracts`, { ...inA2, feeFenPerM2Month: -1 }), 400),
    ).toBe('validation');
    expect(
      errorCode(await staff.post(`${A}/property-contracts`, { ...inA2, feeFenPerM2Month: 1.5 }), 400),
    ).toBe('validation');
    expect(
      errorCode(await staff.patch(`${A}/property-contracts/${contractA1.id}`, { endsOn: '2023-12-31' }), 400),
    ).toBe('date_order');
  });

  it('fee changes are kept in the audit log', async () => {
    const changed = body<Contract>(
      await staff.patch(`${A}/property-contracts/${contractA1.id}`, { feeFenPerM2Month: 180 }),
      200,
    );
    expect(changed.feeFenPerM2Month).toBe(180);
    expect(changed.endsOn).toBe('2026-12-31');
    const update = (await auditOf(t, contractA1.id)).at(-1)!;
    expect(update.action).toBe('property_contract.update');
    expect(JSON.parse(update.before_json!)).toMatchObject({ fee_fen_per_m2_month: 150 });
    expect(JSON.parse(update.after_json!)).toEqual({ fee_fen_per_m2_month: 180 });
  });

  it('are listed and filtered by compound, status and company name', async () => {
    expect(ids(await staff.get(`${A}/property-contracts?compoundId=${t.world.compoundA2}`))).toEqual([
      contractA2.id,
    ]);
    expect(ids(await staff.get(`${A}/property-contracts?q=阳光`))).toEqual([contractA2.id]);
    expect(ids(await staff.get(`${A}/property-contracts?status=active`))).toEqual([
      contractA1.id,
      contractA2.id,
    ]);
  });

  it('ending a contract leaves the compound without a company (无物业), which is valid', async () => {
    const ended = body<Contract>(
      await staff.post(`${A}/property-contracts/${contractA1.id}/end`, {
        status: 'terminated',
        endsOn: '2025-03-31',
      }),
      200,
    );
    expect(ended).toMatchObject({ status: 'terminated', endsOn: '2025-03-31' });
    expect(await compoundCompany(t.world.compoundA1)).toBeNull();
    expect(errorCode(await staff.post(`${A}/property-contracts/${contractA1.id}/end`, {}), 409)).toBe(
      'contract_not_active',
    );
    expect((await auditOf(t, contractA1.id)).at(-1)!.action).toBe('property_contract.end');
    expect(
      errorCode(
        await staff.post(`${A}/property-contracts/${contractA2.id}/end`, { endsOn: '2020-01-01' }),
        400,
      ),
    ).toBe('date_order');

    // The compound can now sign with a new company.
    const next = await staff.post(`${A}/property-contracts`, {
      compoundId: t.world.compoundA1,
      companyId: sunshine.id,
      startsOn: '2025-04-01',
    });
    body(next, 201);
    expect(await compoundCompany(t.world.compoundA1)).toBe(sunshine.id);
  });

  it('row scope: the A1 property company and branch see A1’s contracts only', async () => {
    for (const client of [await t.as('property'), await t.as('branch')]) {
      const seen = ids(await client.get(`${A}/property-contracts`));
      expect(seen).toContain(contractA1.id);
      expect(seen).not.toContain(contractA2.id);
      expect(errorCode(await client.get(`${A}/property-contracts/${contractA2.id}`), 403)).toBe('forbidden');
    }
    const street = await t.as('streetAdmin');
    expect(
      errorCode(await street.get(`${api(t.world.communityB)}/property-contracts/${contractA1.id}`), 404),
    ).toBe('not_found');
  });

  it('unknown contracts are 404', async () => {
    const missing = newId();
    expect(errorCode(await staff.get(`${A}/property-contracts/${missing}`), 404)).toBe('not_found');
    expect(
      errorCode(await staff.patch(`${A}/property-contracts/${missing}`, { feeFenPerM2Month: 1 }), 404),
    ).toBe('not_found');
    expect(errorCode(await staff.post(`${A}/property-contracts/${missing}/end`, {}), 404)).toBe('not_found');
  });
});
