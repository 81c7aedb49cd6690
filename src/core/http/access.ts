import type { FastifyRequest } from 'fastify';
import type { Action } from '../access/roles';
import { can, rowFilter, type RowFilter, type Target } from '../access/policy';
import { AppError } from '../errors';
import type { AuditEntry } from '../audit';

/**
 * What a route needs of its caller, declared on every /api route (config.access). The guard
 * plugin checks it before validation; handlers re-check the rows they touch with requireCan and
 * filter lists with visibleRows.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'platform' }
  | { kind: 'street'; action: Action }
  | { kind: 'community'; action: Action };

export const access = {
  /** No login needed (login itself, health). */
  public: (): Access => ({ kind: 'public' }),
  /** Any logged-in account, acting on its own things (/me). */
  session: (): Access => ({ kind: 'session' }),
  /** Platform administrators only: opening streets. */
  platform: (): Access => ({ kind: 'platform' }),
  /** `action` somewhere in the street named by :streetId. */
  street: (action: Action): Access => ({ kind: 'street', action }),
  /** `action` somewhere in the community named by :communityId; rows are then checked one by one. */
  community: (action: Action): Access => ({ kind: 'community', action }),
};

export interface CommunityRef {
  id: string;
  streetId: string;
}

export function principalOf(req: FastifyRequest) {
  if (!req.principal) throw new AppError(401, 'unauthenticated');
  return req.principal;
}

export function communityOf(req: FastifyRequest): CommunityRef {
  if (!req.community) throw new Error('route has no community access declared');
  return req.community;
}

/** The per-row check: the caller may do `action` on the thing at `where` in this request's community. */
export function requireCan(
  req: FastifyRequest,
  action: Action,
  where: Omit<Target, 'streetId' | 'communityId'>,
): void {
  const community = communityOf(req);
  if (!can(principalOf(req), action, { ...where, communityId: community.id, streetId: community.streetId }))
    throw new AppError(403, 'forbidden');
}

export function visibleRows(req: FastifyRequest, action: Action): RowFilter {
  const community = communityOf(req);
  return rowFilter(principalOf(req), action, community.streetId, community.id);
}

/** Who did it, from where: the fields every audit entry takes from the request. */
export function actor(req: FastifyRequest): Pick<AuditEntry, 'actorAccountId' | 'ip' | 'requestId'> {
  return { actorAccountId: req.principal?.accountId ?? null, ip: req.ip, requestId: req.id };
}
