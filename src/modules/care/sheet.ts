import type { ExportSheet, Labels } from '../roster/export';
import { defaultKinds } from './settings';

/**
 * The care roster as an Excel sheet (GET /export?path=/communities/:id/care/records): what a grid
 * worker prints for a round of calls. Only care.read holders reach the list, and every row exported
 * is audited by the list itself. Emergency contacts are never in it.
 */

const both = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });

export const careSheet: ExportSheet = {
  title: both('关爱对象', 'Care roster'),
  columns: {
    name: both('姓名', 'Name'),
    kinds: both('类别', 'Kinds'),
    reason: both('关爱原因', 'Reason'),
    buildingName: both('楼栋', 'Building'),
    roomNumber: both('房号', 'Room'),
    gridId: both('网格', 'Grid'),
    volunteers: both('结对人', 'Paired with'),
    lastContactAt: both('最近联系', 'Last contact'),
    lastWellbeing: both('最近状况', 'How they were'),
    nextDueOn: both('下次应联系', 'Next contact due'),
    nextDueKind: both('联系方式', 'Contact'),
    overdue: both('是否逾期', 'Overdue'),
    openAlarms: both('未结求助', 'Open alarms'),
  },
  values: {
    kinds: Object.fromEntries(defaultKinds.map((k) => [k.code, both(k.nameZh, k.nameEn)])),
    lastWellbeing: {
      good: both('良好', 'Good'),
      so_so: both('一般', 'So-so'),
      poor: both('较差', 'Poor'),
      not_reached: both('未联系上', 'Not reached'),
    },
    nextDueKind: { call: both('电话问候', 'Greeting call'), visit: both('上门探望', 'Home visit') },
  },
};
