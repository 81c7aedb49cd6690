import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server';
import { Client } from './client';
import { freshDeps } from './deps';
import { buildWorld, insertAccount, insertGrant, password, type World } from './world';
import { hashPassword } from '../../src/core/auth/passwords';
import { newId } from '../../src/core/ids';
import type { Role, ScopeKind } from '../../src/core/access/roles';

let extraAccounts = 0;
import type { Deps } from '../../src/core/deps';

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  world: World;
  /** A new client, logged in as the account holding `who` in community A. */
  as(who: keyof World['phones']): Promise<Client>;
  anonymous(): Client;
  /** A fresh account holding `role` on one scope of community A, logged in. */
  holding(role: Role, kind: ScopeKind, scopeId: string): Promise<Client>;
  close(): Promise<void>;
}

/** A server on a fresh database with the test world in it; call close() in afterAll. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestContext> {
  const deps = await freshDeps(overrides);
  const world = await buildWorld(deps);
  const app = await buildApp(deps, { logger: false, lazySchemas: true });
  await app.ready();
  return {
    app,
    deps,
    world,
    as: (who) => new Client(app).login(world.phones[who], password),
    anonymous: () => new Client(app),
    async holding(role, kind, scopeId) {
      const phone = `136${String(++extraAccounts).padStart(8, '0')}`;
      const accountId = newId();
      await insertAccount(deps, {
        id: accountId,
        phone,
        name: `${role}@${kind}`,
        passwordHash: await hashPassword(password),
      });
      await insertGrant(deps, { communityId: world.communityA, accountId, role, kind, scopeId });
      return new Client(app).login(phone, password);
    },
    async close() {
      await app.close();
      await deps.cleanup();
    },
  };
}
