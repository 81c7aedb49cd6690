import type { ExportSheet, Labels } from '../roster/export';
import { campaignStates, deliveryMethods, nextSteps, rectificationStates } from './rectification-rules';
import { noticeStatuses } from './visibility';

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

export const noticeListSheet: ExportSheet = {
  title: both('公告', 'Notices'),
  columns: {
    title: both('标题', 'Title'),
    status: both('状态', 'Status'),
    pinned: both('置顶', 'Pinned'),
    targetsText: both('发送范围', 'Sent to'),
    publishAt: both('定时发布', 'Publish at'),
    publishedAt: both('发布时间', 'Published'),
    expireAt: both('下架时间', 'Shown until'),
    audienceHouseholds: both('应读户数', 'Households reached'),
    readHouseholds: both('已读户数', 'Households read'),
    withdrawnAt: both('撤回时间', 'Withdrawn'),
    createdAt: both('创建时间', 'Created'),
  },
  values: {
    status: words(noticeStatuses, {
      draft: both('草稿', 'Draft'),
      scheduled: both('待发布', 'Scheduled'),
      published: both('已发布', 'Published'),
      expired: both('已下架', 'Expired'),
      withdrawn: both('已撤回', 'Withdrawn'),
    }),
  },
};

export const campaignListSheet: ExportSheet = {
  title: both('整改行动', 'Rectification campaigns'),
  columns: {
    title: both('名称', 'Title'),
    // Each language reads the kind in its own words.
    kindNameZh: { 'zh-CN': '类型' },
    kindNameEn: { en: 'Kind' },
    targetsText: both('范围', 'Where'),
    deadline: both('整改期限', 'Deadline'),
    state: both('状态', 'State'),
    notices: both('告知书', 'Notices'),
    done: both('已整改', 'Done'),
    notDone: both('未整改', 'Not done'),
    pending: both('待整改', 'Pending'),
    createdAt: both('发起时间', 'Started'),
    closedAt: both('结束时间', 'Closed'),
  },
  values: {
    state: words(campaignStates, { open: both('进行中', 'Open'), closed: both('已结束', 'Closed') }),
  },
};
