import type { ExportSheet, Labels } from '../roster/export';
import { defaultSkills } from './settings';

/**
 * The volunteer lists as Excel sheets (GET /export?path=…): the columns a squad leader or the
 * community office reads, in its language; ids and links left out.
 */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });

const sourceWords = {
  order: both('服务订单', 'Service order'),
  activity: both('活动', 'Activity'),
  patrol: both('巡逻', 'Patrol'),
  visit: both('走访', 'Visit'),
  manual: both('补录', 'Entered by hand'),
};

export const volunteerSheet: ExportSheet = {
  title: both('志愿者', 'Volunteers'),
  columns: {
    name: both('姓名', 'Name'),
    skills: both('技能', 'Skills'),
    tags: both('标签', 'Tags'),
    squads: both('所在分队', 'Squads'),
    compoundName: both('小区', 'Compound'),
    gridName: both('网格', 'Grid'),
    isPartyMember: both('党员', 'Party member'),
    cobuildUnitName: both('共建单位', 'Co-building unit'),
    status: both('状态', 'Status'),
    hours: both('服务时长（小时）', 'Hours'),
    joinedAt: both('加入时间', 'Joined'),
  },
  values: {
    skills: Object.fromEntries(defaultSkills.map((s) => [s.code, both(s.nameZh, s.nameEn)])),
    status: { active: both('在岗', 'Active'), paused: both('暂停', 'Paused'), left: both('已退出', 'Left') },
  },
};

export const serviceEntrySheet: ExportSheet = {
  title: both('服务记录', 'Service entries'),
  columns: {
    at: both('服务时间', 'When'),
    personName: both('志愿者', 'Volunteer'),
    sourceKind: both('来源', 'Source'),
    source: both('内容', 'What'),
    minutes: both('时长（分钟）', 'Minutes'),
    served: both('服务人数', 'People served'),
    squadName: both('分队', 'Squad'),
    compoundName: both('小区', 'Compound'),
    note: both('备注', 'Note'),
    voidedAt: both('作废时间', 'Voided'),
    voidReason: both('作废原因', 'Why voided'),
  },
  values: { sourceKind: sourceWords },
};

export const activitySheet: ExportSheet = {
  title: both('活动', 'Activities'),
  columns: {
    title: both('活动名称', 'Activity'),
    type: both('类型', 'Type'),
    startsAt: both('开始时间', 'Starts'),
    endsAt: both('结束时间', 'Ends'),
    place: both('地点', 'Place'),
    compoundName: both('小区', 'Compound'),
    squadName: both('组织分队', 'Squad'),
    capacity: both('名额', 'Places'),
    confirmedCount: both('已确认', 'Confirmed'),
    waitlistCount: both('候补', 'Waiting list'),
    checkedInCount: both('已签到', 'Checked in'),
    state: both('状态', 'State'),
    servedCount: both('服务人数', 'People served'),
    summary: both('活动总结', 'Summary'),
  },
  values: {
    type: {
      culture: both('宣教文艺', 'Culture and publicity'),
      environment: both('环保卫生', 'Environment'),
      safety: both('安全巡逻', 'Safety patrol'),
      mediation: both('矛盾调处', 'Mediation'),
      care: both('爱心帮困', 'Care'),
      party: both('党建', 'Party building'),
      other: both('其他', 'Other'),
    },
    state: {
      draft: both('草稿', 'Draft'),
      published: both('已发布', 'Published'),
      cancelled: both('已取消', 'Cancelled'),
      held: both('已举办', 'Held'),
    },
  },
};

export const signupSheet: ExportSheet = {
  title: both('活动报名', 'Sign-ups'),
  columns: {
    name: both('姓名', 'Name'),
    asVolunteer: both('志愿者', 'Volunteer'),
    state: both('状态', 'State'),
    waitlistPlace: both('候补顺位', 'Waiting list place'),
    note: both('备注', 'Note'),
    createdAt: both('报名时间', 'Signed up'),
    checkedInAt: both('签到时间', 'Checked in'),
  },
  values: {
    state: {
      pending: both('待审核', 'Waiting for approval'),
      confirmed: both('已确认', 'Confirmed'),
      waitlisted: both('候补', 'Waiting list'),
      rejected: both('未通过', 'Not selected'),
      cancelled: both('已取消', 'Cancelled'),
    },
  },
};
