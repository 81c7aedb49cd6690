import { Type } from 'typebox';
import { StringEnum, Text } from '../../core/http/schemas';
import { escalationTargets } from './rules';

/** Request bodies that several sides share: a reason, an escalation, a rating, a return visit. */

export const Reason = Type.Object({ reason: Text(200) }, { additionalProperties: false });
export const Escalation = Type.Object(
  {
    to: StringEnum(escalationTargets, {
      description: 'property: the property company | community: 社区 (大事)',
    }),
    reason: Text(200),
  },
  { additionalProperties: false },
);
export const ReturnVisit = Type.Object(
  { note: Text(500), satisfied: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const Rating = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
