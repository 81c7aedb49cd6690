import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server';
import { Client } from './client';
import { freshDeps } from './deps';
import { buildWorld, password, type World } from './world';
import type { Deps } from '../../src/core/deps';

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  world: World;
  /** A new client, logged in as the account holding `who` in community A. */
  as(who: keyof World['phones']): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

/** A server on a fresh database with the test world in it; call close() in afterAll. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestContext> {
  const deps = await freshDeps(overrides);
  const world = await buildWorld(deps);
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  return {
    app,
    deps,
    world,
    as: (who) => new Client(app).login(world.phones[who], password),
    anonymous: () => new Client(app),
    async close() {
      await app.close();
      await deps.cleanup();
    },
  };
}
