import type { ExportSheet, Labels } from '../roster/export';
import type { runStates, shiftStates } from './rules';

/**
 * The patrol runs and the duty shifts as Excel sheets (GET /export?path=…): the columns a squad
 * leader reads, in their language; ids left out.
 */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });

const runStateWords: Record<(typeof runStates)[number], Labels> = {
  in_progress: both('巡逻中', 'In progress'),
  done: both('已完成', 'Done'),
  abandoned: both('中途放弃', 'Abandoned'),
  missed: both('漏巡', 'Missed'),
};

const shiftStateWords: Record<(typeof shiftStates)[number], Labels> = {
  planned: both('已排班', 'Planned'),
  swapped: both('已换班', 'Swapped'),
  cancelled: both('已取消', 'Cancelled'),
};

export const patrolRunSheet: ExportSheet = {
  title: both('巡逻记录', 'Patrol runs'),
  columns: {
    routeName: both('巡逻路线', 'Route'),
    compoundId: both('小区', 'Compound'),
    squadId: both('分队', 'Squad'),
    runnerName: both('巡逻人', 'Patrolled by'),
    startedAt: both('开始时间', 'Started'),
    finishedAt: both('结束时间', 'Finished'),
    state: both('状态', 'State'),
    missedPoints: both('漏巡点数', 'Points missed'),
    outOfOrder: both('未按顺序', 'Out of order'),
    late: both('迟到', 'Late'),
    flagged: both('异常', 'Flagged'),
    findings: both('发现问题', 'Findings'),
    note: both('备注', 'Note'),
  },
  values: { state: runStateWords },
};

export const dutyShiftSheet: ExportSheet = {
  title: both('值班表', 'Duty roster'),
  columns: {
    date: both('日期', 'Date'),
    placeName: both('值班点', 'Place'),
    slotLabel: both('班次', 'Shift'),
    startsAt: both('开始', 'Starts'),
    endsAt: both('结束', 'Ends'),
    name: both('值班人', 'On duty'),
    state: both('状态', 'State'),
  },
  values: { state: shiftStateWords },
};
