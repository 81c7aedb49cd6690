import type { Locale } from '../../core/config';
import type { OrderEventType, OrderState } from './rules';

/** Names of states and steps for the errors the server words itself; the pages keep their own. */

const states: Record<OrderState, [string, string]> = {
  submitted: ['待派单', 'waiting for dispatch'],
  published: ['待抢单', 'on the squad’s board'],
  assigned: ['已指派', 'assigned'],
  accepted: ['已接单', 'accepted'],
  in_progress: ['处理中', 'in progress'],
  resolved: ['已办结', 'resolved'],
  reopened: ['已重开', 'reopened'],
  closed: ['已关闭', 'closed'],
  auto_closed: ['已自动关闭', 'closed automatically'],
  cancelled: ['已取消', 'cancelled'],
};

const steps: Record<OrderEventType, [string, string]> = {
  create: ['下单', 'order'],
  publish: ['发布到抢单板', 'publish to the board'],
  assign: ['指派', 'assign'],
  grab: ['抢单', 'take from the board'],
  accept: ['接单', 'accept'],
  decline: ['婉拒', 'decline'],
  transfer: ['转单', 'transfer'],
  progress: ['记录进展', 'add progress'],
  resolve: ['办结', 'resolve'],
  confirm: ['确认评价', 'confirm and rate'],
  reopen: ['重开', 'reopen'],
  cancel: ['取消', 'cancel'],
  auto_close: ['自动关闭', 'close automatically'],
  escalate: ['上报', 'escalate'],
  overdue: ['超时提醒', 'mark overdue'],
  return_visit: ['回访', 'log a return visit'],
};

const pick = (pair: [string, string], locale: Locale) => (locale === 'zh-CN' ? pair[0] : pair[1]);

export const stateWord = (state: OrderState | null, locale: Locale) =>
  state ? pick(states[state], locale) : pick(['未创建', 'not yet made'], locale);
export const stepWord = (step: OrderEventType, locale: Locale) => pick(steps[step], locale);
