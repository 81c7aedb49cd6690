import type { ExportSheet, Labels } from '../roster/export';
import { appealStates, channels, entryStates, lists, stances } from './rules';

/** The module's lists as Excel sheets (GET /export?path=…), in the words a desk reads. */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
const words = <K extends string>(keys: readonly K[], table: Record<K, Labels>) =>
  Object.fromEntries(keys.map((k) => [k, table[k]])) as Record<K, Labels>;

const listWords = words(lists, { red: both('红榜', 'Red list'), black: both('黑榜', 'Black list') });
const decisionWords = words(appealStates, {
  open: both('待处理', 'Open'),
  upheld: both('成立', 'Upheld'),
  dismissed: both('不成立', 'Dismissed'),
});

export const entrySheet: ExportSheet = {
  title: both('红黑榜', 'Red and black list'),
  columns: {
    list: both('榜单', 'List'),
    compoundName: both('小区', 'Compound'),
    buildingName: both('楼栋', 'Building'),
    roomNumber: both('房号', 'Room'),
    householdName: both('户', 'Household'),
    title: both('事由', 'Title'),
    description: both('情况说明', 'Description'),
    conventionTitle: both('公约', 'Convention'),
    articleNumber: both('违反条款', 'Article'),
    state: both('状态', 'State'),
    underAppeal: both('申诉中', 'Under appeal'),
    proposerName: both('提出人', 'Proposed by'),
    createdAt: both('提出时间', 'Proposed'),
    branchReviewerName: both('支部审核人', 'Branch reviewer'),
    committeeReviewerName: both('业委会审核人', 'Committee reviewer'),
    publishFrom: both('公示开始', 'Published from'),
    publishUntil: both('公示结束', 'Published until'),
    removalReason: both('撤销原因', 'Removal reason'),
  },
  values: {
    list: listWords,
    state: words(entryStates, {
      proposed: both('待审核', 'Proposed'),
      approved: both('已审核待公示', 'Approved'),
      published: both('公示中', 'Published'),
      expired: both('已到期', 'Expired'),
      removed: both('已撤销', 'Removed'),
      rejected: both('未通过', 'Rejected'),
    }),
  },
};

export const appealSheet: ExportSheet = {
  title: both('红黑榜申诉', 'List appeals'),
  columns: {
    list: both('榜单', 'List'),
    entryTitle: both('条目', 'Entry'),
    householdName: both('户', 'Household'),
    text: both('申诉理由', 'Appeal'),
    state: both('处理结果', 'Decision'),
    createdAt: both('申诉时间', 'Filed'),
    ageDays: both('已等待（天）', 'Days waited'),
    decidedAt: both('处理时间', 'Decided'),
    decisionText: both('处理意见', 'Reasons'),
  },
  values: { list: listWords, state: decisionWords },
};

export const opinionSheet: ExportSheet = {
  title: both('公约征求意见', 'Convention opinions'),
  columns: {
    versionNumber: both('稿次', 'Version'),
    articleNumber: both('条款', 'Article'),
    buildingName: both('楼栋', 'Building'),
    roomNumber: both('房号', 'Room'),
    householdName: both('户', 'Household'),
    channel: both('方式', 'Channel'),
    stance: both('意见', 'Stance'),
    text: both('内容', 'Opinion'),
    createdAt: both('提交时间', 'Given'),
    reply: both('答复', 'Reply'),
    repliedAt: both('答复时间', 'Replied'),
  },
  values: {
    channel: words(channels, {
      online: both('线上', 'Online'),
      door_to_door: both('入户征求', 'Door to door'),
    }),
    stance: words(stances, {
      agree: both('同意', 'Agree'),
      disagree: both('不同意', 'Disagree'),
      suggest: both('建议修改', 'Suggestion'),
    }),
  },
};

export const reportSheet: ExportSheet = {
  title: both('九不准举报', 'Duty rule reports'),
  columns: {
    memberName: both('被举报人', 'Member'),
    ruleIndex: both('条款', 'Rule'),
    ruleText: both('内容', 'Rule text'),
    text: both('举报内容', 'Report'),
    anonymous: both('匿名', 'Anonymous'),
    reporterName: both('举报人', 'Reporter'),
    state: both('处理结果', 'Decision'),
    createdAt: both('举报时间', 'Filed'),
    ageDays: both('已等待（天）', 'Days waited'),
    decidedAt: both('处理时间', 'Decided'),
    decisionText: both('处理意见', 'Reasons'),
  },
  values: { state: decisionWords },
};
