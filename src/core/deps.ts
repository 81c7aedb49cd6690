import type { Kysely } from 'kysely';
import type { Config, Locale } from './config';
import type { Vault } from './crypto';
import type { EventBus } from './events';
import type { Database } from './db';
import type { DB } from './db/schema';
import type { Principal } from './access/policy';
import type { AccountsTable, SessionsTable } from './db/schema';
import type { Access, CommunityRef } from './http/access';

/** What every module's routes and services are given: one object, made once in server.ts. */
export interface Deps {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  vault: Vault;
  /** Live events for server-sent streams; close it on shutdown. */
  events: EventBus;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps;
    /** Every route registered, with its declared access: the authorisation matrix walks this. */
    routeTable: { method: string; url: string; access: Access | undefined }[];
  }
  interface FastifyRequest {
    locale: Locale;
    principal: Principal | null;
    account: AccountsTable | null;
    session: SessionsTable | null;
    /** Why the presented session is no longer valid, when it is not. */
    sessionEnded: string | null;
    /** The community the route is scoped to, once access has been checked. */
    community: CommunityRef | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
