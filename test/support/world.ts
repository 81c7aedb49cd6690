import { hashPassword } from '../../src/core/auth/passwords';
import { newId } from '../../src/core/ids';
import { roles, roleScopes, type Role, type ScopeKind } from '../../src/core/access/roles';
import type { Deps } from '../../src/core/deps';

/**
 * A small world for API tests: two communities A and B in street S, community C in street T.
 * Every role has an account granted inside community A on the first scope kind it can hold, so
 * tests can ask "in scope" (A) and "out of scope" (B, C) of each.
 */
export const password = 'test-pass-1';

export interface World {
  streetS: string;
  streetT: string;
  communityA: string;
  communityB: string;
  communityC: string;
  compoundA1: string;
  compoundA2: string;
  compoundB1: string;
  buildingA1: string;
  buildingA2: string;
  entranceA1: string;
  roomA1: string;
  gridA: string;
  squadA: string;
  /** phone number of the account holding each role in community A */
  phones: Record<Role | 'nobody' | 'platformAdmin', string>;
  accounts: Record<Role | 'nobody' | 'platformAdmin', string>;
  scopeOf: Record<Role, { kind: ScopeKind; id: string }>;
}

export async function buildWorld(deps: Deps): Promise<World> {
  const { db } = deps;
  const now = Date.now();
  const id = () => newId();
  const w = {
    streetS: id(),
    streetT: id(),
    communityA: id(),
    communityB: id(),
    communityC: id(),
    compoundA1: id(),
    compoundA2: id(),
    compoundB1: id(),
    buildingA1: id(),
    buildingA2: id(),
    entranceA1: id(),
    roomA1: id(),
    gridA: id(),
    squadA: id(),
  };
  await db
    .insertInto('streets')
    .values([
      { id: w.streetS, name: '示范街道', code: 'S', created_at: now, archived_at: null },
      { id: w.streetT, name: '另一街道', code: 'T', created_at: now, archived_at: null },
    ])
    .execute();
  await db
    .insertInto('communities')
    .values([
      {
        id: w.communityA,
        street_id: w.streetS,
        name: '甲社区',
        code: 'A',
        address: null,
        created_at: now,
        archived_at: null,
      },
      {
        id: w.communityB,
        street_id: w.streetS,
        name: '乙社区',
        code: 'B',
        address: null,
        created_at: now,
        archived_at: null,
      },
      {
        id: w.communityC,
        street_id: w.streetT,
        name: '丙社区',
        code: 'C',
        address: null,
        created_at: now,
        archived_at: null,
      },
    ])
    .execute();
  const life = { created_at: now, updated_at: now, archived_at: null };
  await db
    .insertInto('compounds')
    .values([
      {
        community_id: w.communityA,
        id: w.compoundA1,
        name: '甲一小区',
        address: null,
        year_built: 1998,
        property_company_id: null,
        ...life,
      },
      {
        community_id: w.communityA,
        id: w.compoundA2,
        name: '甲二小区',
        address: null,
        year_built: 2010,
        property_company_id: null,
        ...life,
      },
      {
        community_id: w.communityB,
        id: w.compoundB1,
        name: '乙一小区',
        address: null,
        year_built: 2005,
        property_company_id: null,
        ...life,
      },
    ])
    .execute();
  await db
    .insertInto('buildings')
    .values([
      {
        community_id: w.communityA,
        id: w.buildingA1,
        compound_id: w.compoundA1,
        name: '1栋',
        floors: 6,
        ...life,
      },
      {
        community_id: w.communityA,
        id: w.buildingA2,
        compound_id: w.compoundA2,
        name: '1栋',
        floors: 18,
        ...life,
      },
    ])
    .execute();
  await db
    .insertInto('entrances')
    .values({
      community_id: w.communityA,
      id: w.entranceA1,
      building_id: w.buildingA1,
      name: '1单元',
      ...life,
    })
    .execute();
  await db
    .insertInto('rooms')
    .values({
      community_id: w.communityA,
      id: w.roomA1,
      compound_id: w.compoundA1,
      building_id: w.buildingA1,
      entrance_id: w.entranceA1,
      number: '101',
      floor: 1,
      area_centi: 8957,
      area_source: 'register',
      use: 'residence',
      ...life,
    })
    .execute();
  await db
    .insertInto('grids')
    .values({ community_id: w.communityA, id: w.gridA, compound_id: w.compoundA1, name: '第一网格', ...life })
    .execute();
  await db
    .insertInto('grid_buildings')
    .values({ community_id: w.communityA, grid_id: w.gridA, building_id: w.buildingA1 })
    .execute();
  await db
    .insertInto('squads')
    .values({
      community_id: w.communityA,
      id: w.squadA,
      name: '第一分队',
      type: 'repair',
      compound_id: w.compoundA1,
      grid_id: w.gridA,
      ...life,
    })
    .execute();

  const scopeIds: Record<ScopeKind, string> = {
    street: w.streetS,
    community: w.communityA,
    compound: w.compoundA1,
    building: w.buildingA1,
    grid: w.gridA,
    squad: w.squadA,
  };
  const passwordHash = await hashPassword(password);
  const phones = {} as World['phones'];
  const accounts = {} as World['accounts'];
  const scopeOf = {} as World['scopeOf'];
  const names = [...roles, 'nobody', 'platformAdmin'] as const;
  for (const [i, name] of names.entries()) {
    const phone = `139${String(i).padStart(8, '0')}`;
    const accountId = id();
    phones[name] = phone;
    accounts[name] = accountId;
    await insertAccount(deps, {
      id: accountId,
      phone,
      name,
      passwordHash,
      platformAdmin: name === 'platformAdmin',
    });
    if (name === 'nobody' || name === 'platformAdmin') continue;
    const kind = roleScopes[name][0]!;
    scopeOf[name] = { kind, id: scopeIds[kind] };
    await insertGrant(deps, {
      communityId: w.communityA,
      accountId,
      role: name,
      kind,
      scopeId: scopeIds[kind],
    });
  }
  return { ...w, phones, accounts, scopeOf };
}

/** An account row as the API would make it, with the password already hashed. */
export async function insertAccount(
  deps: Deps,
  a: { id: string; phone: string; name: string; passwordHash: string; platformAdmin?: boolean },
): Promise<void> {
  const now = Date.now();
  await deps.db
    .insertInto('accounts')
    .values({
      id: a.id,
      phone_sealed: deps.vault.seal(a.phone),
      phone_hash: deps.vault.lookupHash(a.phone),
      display_name: a.name,
      password_hash: a.passwordHash,
      locale: null,
      large_text: 0,
      is_platform_admin: a.platformAdmin ? 1 : 0,
      created_at: now,
      password_changed_at: now,
      password_expires_at: null,
      disabled_at: null,
    })
    .execute();
}

/** A live grant: on a street (street_grants), or on a scope inside `communityId`. */
export async function insertGrant(
  deps: Deps,
  g: { communityId: string; accountId: string; role: Role; kind: ScopeKind; scopeId: string },
): Promise<void> {
  const common = {
    id: newId(),
    account_id: g.accountId,
    role: g.role,
    granted_by: null,
    granted_at: Date.now(),
    revoked_by: null,
    revoked_at: null,
  };
  if (g.kind === 'street')
    await deps.db
      .insertInto('street_grants')
      .values({ ...common, street_id: g.scopeId })
      .execute();
  else
    await deps.db
      .insertInto('grants')
      .values({ ...common, community_id: g.communityId, scope_kind: g.kind, scope_id: g.scopeId })
      .execute();
}
