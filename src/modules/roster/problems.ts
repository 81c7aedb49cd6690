import type { Locale } from '../../core/config';
import type { Problem, ProblemCode, RosterField } from './parse';

/** What each roster problem says, in both languages; {name} placeholders come from the problem's params. */
export const problemTexts: Record<ProblemCode, Record<Locale, string>> = {
  column_unknown: {
    'zh-CN': '不认识“{header}”列，已忽略',
    en: 'Column “{header}” is not one we know; ignored',
  },
  column_duplicate: {
    'zh-CN': '“{header}”列与前面的“{first}”列是同一项，只用前一列',
    en: 'Column “{header}” means the same as “{first}” before it; only the first is used',
  },
  column_entrance_missing: {
    'zh-CN': '表中没有“单元”列，房屋都记在所在楼栋的“{entrance}”',
    en: 'There is no 单元 (entrance) column: rooms go into entrance “{entrance}” of their building',
  },
  building_missing: { 'zh-CN': '楼栋为空', en: 'The building is missing' },
  room_missing: { 'zh-CN': '房号为空', en: 'The room number is missing' },
  name_missing: {
    'zh-CN': '填了电话或身份证号，但姓名为空',
    en: 'A phone or ID number is given but the name is missing',
  },
  text_too_long: { 'zh-CN': '内容过长，最多 {max} 个字', en: 'Too long: at most {max} characters' },
  floor_invalid: {
    'zh-CN': '楼层“{value}”应为整数，地下层写负数（如 -1）',
    en: 'Floor “{value}” should be a whole number; basements are negative (-1)',
  },
  area_format: {
    'zh-CN': '面积“{value}”无法识别，应为平方米数，如 89.57',
    en: 'Area “{value}” cannot be read; write square metres, such as 89.57',
  },
  area_decimals: {
    'zh-CN': '面积“{value}”最多保留两位小数',
    en: 'Area “{value}” has more than two decimals',
  },
  area_range: {
    'zh-CN': '面积“{value}”应大于 0 且不超过 100000 平方米',
    en: 'Area “{value}” must be more than 0 and at most 100000 m²',
  },
  area_source_unknown: {
    'zh-CN': '面积来源“{value}”无法识别，可填：不动产登记、测绘、购房合同',
    en: 'Area source “{value}” is not known; use 不动产登记 (register), 测绘 (survey) or 购房合同 (contract)',
  },
  use_unknown: {
    'zh-CN': '用途“{value}”无法识别，可填：住宅、商铺、车位、其他',
    en: 'Use “{value}” is not known; use 住宅 (residence), 商铺 (shop), 车位 (parking) or 其他 (other)',
  },
  phone_invalid: {
    'zh-CN': '电话“{value}”不是有效的手机号',
    en: 'Phone “{value}” is not a valid mobile number',
  },
  phone_extra: {
    'zh-CN': '填了多个号码，只登记第一个',
    en: 'Several numbers are given; only the first is registered',
  },
  id_format: {
    'zh-CN': '身份证号“{value}”应为 18 位（最后一位可为 X）',
    en: 'ID number “{value}” should have 18 characters (the last may be X)',
  },
  id_checksum: {
    'zh-CN': '身份证号“{value}”的校验位不对，请核对',
    en: 'ID number “{value}” fails its check digit; please check it',
  },
  id_as_number: {
    'zh-CN': '身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写',
    en: 'Excel stored the ID number as a number and lost its last digits; format the column as Text and type it again',
  },
  yes_no_invalid: { 'zh-CN': '“{value}”应填“是”或“否”', en: '“{value}” should be 是 (yes) or 否 (no)' },
  political_status_unknown: {
    'zh-CN': '政治面貌“{value}”无法识别，可填：中共党员、预备党员、共青团员、群众',
    en: 'Political status “{value}” is not known; use 中共党员, 预备党员, 共青团员 or 群众',
  },
  gender_unknown: { 'zh-CN': '性别“{value}”应填“男”或“女”', en: 'Gender “{value}” should be 男 or 女' },
  kind_unknown: {
    'zh-CN': '居住类型“{value}”无法识别，可填：业主、租户、家庭成员',
    en: 'Residency “{value}” is not known; use 业主 (owner), 租户 (tenant) or 家庭成员 (family)',
  },
  entrance_assumed: {
    'zh-CN': '单元为空，记为“{entrance}”',
    en: 'The entrance is empty; “{entrance}” is used',
  },
  duplicate_row: {
    'zh-CN': '与第 {other} 行完全相同，已忽略',
    en: 'The same as row {other}; ignored',
  },
  room_conflict: {
    'zh-CN': '与第 {other} 行是同一房屋，但{field}不同（“{value}”与“{otherValue}”）',
    en: 'The same room as row {other} but with a different {field} (“{value}” and “{otherValue}”)',
  },
  id_conflict: {
    'zh-CN': '身份证号与第 {other} 行相同，但姓名不同（{otherName}）',
    en: 'The same ID number as row {other} but a different name ({otherName})',
  },
  person_twice: {
    'zh-CN': '此人在第 {other} 行已登记在同一房屋',
    en: 'This person is already listed in the same room in row {other}',
  },
  two_heads: {
    'zh-CN': '第 {other} 行的 {name} 已是该户户主，一户只能有一位户主',
    en: '{name} in row {other} is already the head of this household; a household has one head',
  },
  area_missing: { 'zh-CN': '新房屋需要填写面积', en: 'A new room needs its area' },
  room_area_kept: {
    'zh-CN': '该房屋已登记面积 {area} 平方米，导入不改面积（如需修改请到房屋页面）',
    en: 'This room is registered with {area} m²; importing does not change it (edit the room to do so)',
  },
  place_archived: {
    'zh-CN': '“{name}”已归档，不能再往里添加',
    en: '“{name}” is archived; nothing more can be added to it',
  },
  person_name_differs: {
    'zh-CN': '该身份证号已登记为另一位居民（姓名不同），请核对',
    en: 'This ID number is registered to another resident (a different name); please check it',
  },
  person_archived: {
    'zh-CN': '该居民的记录已归档，不能再登记入户',
    en: 'This resident’s record is archived; they cannot be added to a household',
  },
  head_kept: {
    'zh-CN': '该户已有户主，导入不更改户主',
    en: 'This household already has a head; importing does not change it',
  },
};

/** Column names used in messages and in the template. */
export const fieldLabels: Record<RosterField, Record<Locale, string>> = {
  building: { 'zh-CN': '楼栋', en: 'building' },
  entrance: { 'zh-CN': '单元', en: 'entrance' },
  room: { 'zh-CN': '房号', en: 'room' },
  floor: { 'zh-CN': '楼层', en: 'floor' },
  area: { 'zh-CN': '面积', en: 'area' },
  areaSource: { 'zh-CN': '面积来源', en: 'area source' },
  use: { 'zh-CN': '用途', en: 'use' },
  name: { 'zh-CN': '姓名', en: 'name' },
  phone: { 'zh-CN': '电话', en: 'phone' },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number' },
  relation: { 'zh-CN': '与户主关系', en: 'relation to the head' },
  isHead: { 'zh-CN': '是否户主', en: 'head of household' },
  kind: { 'zh-CN': '居住类型', en: 'residency' },
  isPartyMember: { 'zh-CN': '是否党员', en: 'party member' },
  politicalStatus: { 'zh-CN': '政治面貌', en: 'political status' },
  gender: { 'zh-CN': '性别', en: 'gender' },
};

/** A problem in words, in the reader's language. */
export function describeRosterProblem(problem: Problem, locale: Locale): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.field === 'string' && params.field in fieldLabels)
    params.field = fieldLabels[params.field as RosterField][locale];
  return problemTexts[problem.code][locale].replace(/\{(\w+)\}/g, (_, key: string) =>
    String(params[key] ?? `{${key}}`),
  );
}
