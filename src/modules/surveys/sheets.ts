import type { ExportSheet, Labels } from '../roster/export';
import { caseStates, channels, respondentKinds, surveyKinds, surveyStates, type CaseState } from './rules';

/**
 * The module's lists as Excel sheets (GET /export?path=…), in the words a desk reads. The responses
 * sheet has no column for who answered beyond what the list itself returns (nothing, when anonymous).
 */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
const words = <K extends string>(keys: readonly K[], table: Record<K, Labels>) =>
  Object.fromEntries(keys.map((k) => [k, table[k]])) as Record<K, Labels>;

const surveyStateWords = words(surveyStates, {
  draft: both('草稿', 'Draft'),
  open: both('收集中', 'Open'),
  closed: both('已结束', 'Closed'),
});
const caseStateWords: Record<CaseState, Labels> = {
  open: both('待约谈', 'Open'),
  talk_scheduled: both('已约谈', 'Talk scheduled'),
  rectifying: both('整改中', 'Rectifying'),
  re_evaluating: both('复评中', 'Re-evaluating'),
  closed_resolved: both('已整改结案', 'Resolved'),
  escalated: both('已提议更换物业', 'Replacement proposed'),
};
const roundStateWords = { open: both('评议中', 'Open'), closed: both('已结束', 'Closed') };

export const surveySheet: ExportSheet = {
  title: both('问卷', 'Surveys'),
  columns: {
    title: both('标题', 'Title'),
    compoundName: both('小区', 'Compound'),
    kind: both('类型', 'Kind'),
    respondent: both('作答单位', 'Answered by'),
    anonymous: both('匿名', 'Anonymous'),
    state: both('状态', 'State'),
    responseCount: both('答卷数', 'Responses'),
    opensAt: both('开始时间', 'Opens'),
    closesAt: both('截止时间', 'Closes'),
    createdAt: both('创建时间', 'Created'),
  },
  values: {
    state: surveyStateWords,
    kind: words(surveyKinds, {
      general: both('问卷调查', 'Survey'),
      property_evaluation: both('物业评议', 'Property evaluation'),
    }),
    respondent: words(respondentKinds, {
      household: both('每户一份', 'One per household'),
      person: both('每人一份', 'One per person'),
    }),
  },
};

export const responseSheet: ExportSheet = {
  title: both('答卷', 'Responses'),
  columns: {
    no: both('序号', 'No.'),
    channel: both('方式', 'Channel'),
    createdAt: both('提交时间', 'Submitted'),
    householdName: both('户', 'Household'),
    personName: both('姓名', 'Name'),
    answersText: both('答案', 'Answers'),
  },
  values: { channel: words(channels, { online: both('线上', 'Online'), paper: both('纸质录入', 'Paper') }) },
};

const roundColumns = {
  period: both('评议期', 'Period'),
  compoundName: both('小区', 'Compound'),
  propertyCompanyName: both('物业公司', 'Property company'),
  state: both('状态', 'State'),
  responses: both('参评户数', 'Responses'),
  overallRate: both('总体满意率', 'Overall satisfaction'),
  thresholdPercent: both('整改线（%）', 'Threshold (%)'),
  below: both('低于整改线', 'Below threshold'),
  caseState: both('整改案件', 'Case'),
  closedAt: both('结束时间', 'Closed'),
};
const roundValues = { state: roundStateWords, caseState: caseStateWords };

export const roundSheet: ExportSheet = {
  title: both('物业评议', 'Property evaluations'),
  columns: roundColumns,
  values: roundValues,
};

export const caseSheet: ExportSheet = {
  title: both('物业整改', 'Property cases'),
  columns: {
    period: both('评议期', 'Period'),
    compoundName: both('小区', 'Compound'),
    propertyCompanyName: both('物业公司', 'Property company'),
    state: both('状态', 'State'),
    overallRate: both('总体满意率', 'Overall satisfaction'),
    below: both('低于整改线', 'Below threshold'),
    talkAt: both('约谈时间', 'Talk'),
    itemsDone: both('已完成整改项', 'Items done'),
    overdueItems: both('逾期整改项', 'Items overdue'),
    outcome: both('结果', 'Outcome'),
    closedAt: both('结案时间', 'Closed'),
    replacementProposedAt: both('提议更换时间', 'Replacement proposed'),
  },
  values: { state: words(caseStates, caseStateWords) },
};
