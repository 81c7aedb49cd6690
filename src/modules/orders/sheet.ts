import type { ExportSheet, Labels } from '../roster/export';
import { orderStates, type EscalationTarget, type Urgency } from './rules';
import type { channels, placeKinds } from './views';
import { stateWord } from './words';

/**
 * The dispatch board as an Excel sheet (GET /export?path=/communities/:id/orders): the columns a
 * desk reads, in its language, in the order it reads them; ids and the app's own flags left out.
 */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
const words = <K extends string>(keys: readonly K[], word: (k: K) => Labels) =>
  Object.fromEntries(keys.map((k) => [k, word(k)])) as Record<K, Labels>;

const urgencyWords: Record<Urgency, Labels> = {
  normal: both('一般', 'Normal'),
  urgent: both('紧急', 'Urgent'),
};
const placeWords: Record<(typeof placeKinds)[number], Labels> = {
  home: both('住户家中', 'At home'),
  public: both('小区公共区域', 'Public place in the compound'),
};
const channelWords: Record<(typeof channels)[number], Labels> = {
  app: both('居民点单', 'Resident’s app'),
  phone: both('电话代下单', 'By phone'),
  walk_in: both('上门代下单', 'Walk-in'),
  patrol: both('巡逻发现', 'Patrol finding'),
};
const escalationWords: Record<EscalationTarget, Labels> = {
  property: both('物业公司', 'Property company'),
  community: both('社区', 'Community'),
};

export const orderSheet: ExportSheet = {
  title: both('服务订单', 'Service orders'),
  columns: {
    createdAt: both('下单时间', 'Ordered'),
    categoryNameZh: { 'zh-CN': '服务类别' },
    categoryNameEn: { en: 'Category' },
    description: both('诉求', 'Request'),
    urgency: both('紧急程度', 'Urgency'),
    state: both('状态', 'State'),
    compoundName: both('小区', 'Compound'),
    buildingName: both('楼栋', 'Building'),
    entranceName: both('单元', 'Entrance'),
    roomNumber: both('房号', 'Room'),
    placeKind: both('地点', 'Place'),
    placeText: both('具体位置', 'Where exactly'),
    gridId: both('网格', 'Grid'),
    contactName: both('联系人', 'Contact'),
    contactPhone: both('联系电话', 'Contact phone'),
    homeHours: both('家中有人时间', 'When someone is home'),
    channel: both('来源', 'Channel'),
    squadName: both('服务分队', 'Squad'),
    assigneeName: both('接单队员', 'Handled by'),
    acceptDueAt: both('接单时限', 'Accept by'),
    acceptedAt: both('接单时间', 'Accepted'),
    resolveDueAt: both('办结时限', 'Resolve by'),
    resolvedAt: both('办结时间', 'Resolved'),
    overdue: both('是否超时', 'Overdue'),
    escalatedTo: both('上报至', 'Escalated to'),
    minutesSpent: both('服务时长（分钟）', 'Minutes spent'),
    rating: both('评分', 'Rating'),
    ratingComment: both('评价', 'Comment'),
    closedAt: both('关闭时间', 'Closed'),
  },
  values: {
    state: words(orderStates, (s) => both(stateWord(s, 'zh-CN'), stateWord(s, 'en'))),
    urgency: urgencyWords,
    placeKind: placeWords,
    channel: channelWords,
    escalatedTo: escalationWords,
  },
};
