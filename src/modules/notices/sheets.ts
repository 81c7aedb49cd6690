import type { ExportSheet, Labels } from '../roster/export';
import { deliveryMethods, nextSteps, rectificationStates } from './rectification-rules';

/**
 * The module's lists as Excel sheets (GET /export?path=…): the read receipts (the door-knock round's
 * list of households that have not read) and a campaign's notices, in the words a desk reads.
 */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
const words = <K extends string>(keys: readonly K[], table: Record<K, Labels>) =>
  Object.fromEntries(keys.map((k) => [k, table[k]])) as Record<K, Labels>;

const where = {
  compoundName: both('小区', 'Compound'),
  buildingName: both('楼栋', 'Building'),
  entranceName: both('单元', 'Entrance'),
  roomNumber: both('房号', 'Room'),
  householdName: both('户', 'Household'),
};

export const receiptSheet: ExportSheet = {
  title: both('公告阅读情况', 'Notice read receipts'),
  columns: { ...where, read: both('已读', 'Read'), readAt: both('阅读时间', 'Read at') },
};

export const rectificationSheet: ExportSheet = {
  title: both('整改告知书', 'Rectification notices'),
  columns: {
    seq: both('编号', 'No.'),
    round: both('告知次数', 'Round'),
    placeName: both('地点', 'Place'),
    householdName: where.householdName,
    deadline: both('整改期限', 'Deadline'),
    state: both('状态', 'State'),
    deliveryMethod: both('送达方式', 'Delivered by'),
    deliveredAt: both('送达时间', 'Delivered at'),
    repliedAt: both('回复时间', 'Replied at'),
    replyNote: both('回复内容', 'Reply'),
    nextStep: both('下一步', 'Next step'),
    nextStepNote: both('说明', 'Note'),
  },
  values: {
    state: words(rectificationStates, {
      issued: both('待整改', 'Issued'),
      replied: both('已回复待核查', 'Replied, to check'),
      done: both('已整改', 'Done'),
      not_done: both('未整改', 'Not done'),
    }),
    deliveryMethod: words(deliveryMethods, {
      posted: both('张贴', 'Posted'),
      handed: both('当面送达', 'Handed over'),
      read_in_app: both('线上已读', 'Read in the app'),
    }),
    nextStep: words(nextSteps, {
      second_notice: both('二次告知', 'Second notice'),
      law_enforcement: both('移交执法', 'Law enforcement'),
      deliberation: both('提交议事', 'Deliberation'),
    }),
  },
};
