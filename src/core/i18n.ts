import type { Locale } from './config';

/**
 * Server-side messages in zh-CN and English. Every code the API can answer with lives here, so a
 * test can check both catalogues are complete.
 */
export const messages = {
  validation: { 'zh-CN': '提交的内容有误：{detail}', en: 'The request is not valid: {detail}' },
  invalid_json: { 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: {
    'zh-CN': '不支持的内容类型，请以 JSON 提交',
    en: 'Unsupported content type; send JSON',
  },
  payload_too_large: { 'zh-CN': '提交的内容过大', en: 'The request is too large' },
  not_found: { 'zh-CN': '找不到您要的内容', en: 'Not found' },
  route_not_found: { 'zh-CN': '没有这个接口：{method} {url}', en: 'No such endpoint: {method} {url}' },
  unauthenticated: { 'zh-CN': '请先登录', en: 'Please log in first' },
  session_expired: { 'zh-CN': '登录已过期，请重新登录', en: 'Your session has expired; please log in again' },
  forbidden: { 'zh-CN': '您没有权限进行此操作', en: 'You do not have permission to do this' },
  csrf: {
    'zh-CN': '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and try again',
  },
  login_failed: { 'zh-CN': '手机号或密码不正确', en: 'Wrong phone number or password' },
  login_throttled: {
    'zh-CN': '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed logins; try again in {minutes} minutes',
  },
  account_disabled: {
    'zh-CN': '该账号已停用，请联系社区',
    en: 'This account is disabled; contact your community',
  },
  conflict: { 'zh-CN': '与已有记录冲突：{detail}', en: 'Conflicts with an existing record: {detail}' },
  duplicate: { 'zh-CN': '已存在相同的{what}', en: 'A {what} like this already exists' },
  bad_reference: { 'zh-CN': '引用的{what}不存在', en: 'The referenced {what} does not exist' },
  invalid_state: {
    'zh-CN': '当前状态下不能这样操作：{detail}',
    en: 'Not possible in the current state: {detail}',
  },
  // structure: buildings, entrances, rooms
  area_format: {
    'zh-CN': '面积（area）应为以平方米计的数字，如 89.57',
    en: 'area must be a number of square metres, such as 89.57',
  },
  area_decimals: {
    'zh-CN': '面积（area）最多保留两位小数，如 89.57',
    en: 'area takes at most two decimals, such as 89.57',
  },
  area_range: {
    'zh-CN': '面积（area）应大于 0 且不超过 100000 平方米',
    en: 'area must be more than 0 and at most 100000 m²',
  },
  parent_archived: {
    'zh-CN': '“{name}”已归档，不能再往里添加',
    en: '“{name}” is archived; nothing more can be added to it',
  },
  building_name_taken: {
    'zh-CN': '该小区已有名为“{name}”的楼栋',
    en: 'This compound already has a building named “{name}”',
  },
  entrance_name_taken: {
    'zh-CN': '该楼栋已有名为“{name}”的单元',
    en: 'This building already has an entrance named “{name}”',
  },
  room_number_taken: {
    'zh-CN': '该单元已有房号为“{number}”的房屋',
    en: 'This entrance already has a room numbered “{number}”',
  },
  invitation_invalid: {
    'zh-CN': '邀请码无效或已过期，请向社区索取新的邀请码',
    en: 'The invitation code is invalid or has expired; ask your community for a new one',
  },
  invitation_throttled: {
    'zh-CN': '邀请码输错次数过多，请 {minutes} 分钟后再试',
    en: 'Too many wrong invitation codes; try again in {minutes} minutes',
  },
  grant_not_allowed: {
    'zh-CN': '您不能在该范围授予此角色',
    en: 'You cannot grant this role on that scope',
  },
  invalid_phone: { 'zh-CN': '手机号格式不正确', en: 'Not a valid mobile phone number' },
  invalid_id_number: { 'zh-CN': '身份证号不正确', en: 'Not a valid ID number' },
  // people: residents, households, residencies, ownerships
  duplicate_id_number: {
    'zh-CN': '本社区已登记过这个身份证号的居民',
    en: 'A person with this ID number is already registered in this community',
  },
  unknown_person: { 'zh-CN': '本社区没有这位居民', en: 'No such person in this community' },
  unknown_household: { 'zh-CN': '本社区没有这一户', en: 'No such household in this community' },
  unknown_room: { 'zh-CN': '本社区没有这间房屋', en: 'No such room in this community' },
  person_archived: {
    'zh-CN': '这位居民的档案已归档，不能再登记',
    en: 'This person’s record is archived; nothing more can be registered for them',
  },
  household_closed: {
    'zh-CN': '这一户已注销，不能再修改',
    en: 'This household is closed and can no longer be changed',
  },
  already_resident: {
    'zh-CN': '这位居民已是该户的成员',
    en: 'This person already lives in this household',
  },
  head_not_member: {
    'zh-CN': '户主必须是本户现有的成员',
    en: 'The head of a household must be one of its current members',
  },
  until_before_since: {
    'zh-CN': '结束日期不能早于开始日期',
    en: 'The end date cannot be before the start date',
  },
  already_ended: { 'zh-CN': '这条记录已经结束', en: 'This has already ended' },
  owner_required: {
    'zh-CN': '请指定一位业主（personId），或注明为开发商（developer），二者选其一',
    en: 'Name either an owner (personId) or the developer (developer), not both',
  },
  already_owner: {
    'zh-CN': '这位业主已登记在这间房屋名下',
    en: 'This owner is already registered for this room',
  },
  developer_conflict: {
    'zh-CN': '开发商的未售房屋不能同时登记个人业主：请先结束现有的产权登记',
    en: 'A room cannot be held by the developer and by people at once: end the current ownership first',
  },
  weak_password: {
    'zh-CN': '密码至少需要 8 位，且包含字母和数字',
    en: 'A password needs at least 8 characters with letters and digits',
  },
  // organisations: grids, party tree, owners' committees, property contracts, squads
  building_in_other_grid: {
    'zh-CN': '该楼栋已属于网格“{grid}”，请先从原网格移出',
    en: 'This building already belongs to grid “{grid}”; take it out of that grid first',
  },
  building_not_in_compound: {
    'zh-CN': '该楼栋不在所属小区内',
    en: 'The building is not in the compound this belongs to',
  },
  grid_not_in_compound: { 'zh-CN': '该网格不属于所选小区', en: 'The grid is not in the chosen compound' },
  household_not_in_building: {
    'zh-CN': '该住户不在党小组所在的楼栋',
    en: 'The household is not in the party group’s building',
  },
  party_committee_no_parent: {
    'zh-CN': '社区党组织是最上一级，不能有上级组织',
    en: 'The community party organisation is the top level and has no parent',
  },
  party_branch_parent: {
    'zh-CN': '党支部的上级必须是社区党组织',
    en: 'A branch’s parent must be the community party organisation',
  },
  party_group_parent: { 'zh-CN': '党小组的上级必须是党支部', en: 'A party group’s parent must be a branch' },
  party_household_parent: {
    'zh-CN': '党员中心户的上级必须是党小组',
    en: 'A party-member central household’s parent must be a party group',
  },
  party_org_place: {
    'zh-CN':
      '所在位置填写有误（{field}）：社区党组织不填，党支部填小区 compoundId，党小组填楼栋 buildingId，党员中心户填住户 householdId',
    en: 'Wrong place ({field}): none for the community organisation, compoundId for a branch, buildingId for a group, householdId for a central household',
  },
  party_committee_exists: {
    'zh-CN': '本社区已有社区党组织',
    en: 'This community already has its community party organisation',
  },
  has_active_children: {
    'zh-CN': '请先撤销其下属的组织',
    en: 'Archive the organisations under it first',
  },
  not_party_member: {
    'zh-CN': '{name} 不是党员或预备党员，不能担任党内职务',
    en: '{name} is not a party member or probationary member and cannot hold a party position',
  },
  not_an_owner: {
    'zh-CN': '{name} 不是本小区业主，不能担任业委会委员',
    en: '{name} owns no home in this compound and cannot sit on its owners’ committee',
  },
  committee_already_serving: {
    'zh-CN': '该小区第{termNo}届业委会正在履职，一个小区同时只能有一届履职',
    en: 'Term {termNo} of this compound’s owners’ committee is serving; only one term serves at a time',
  },
  committee_term_exists: {
    'zh-CN': '该小区已有第{termNo}届业委会',
    en: 'This compound already has a term {termNo}',
  },
  committee_status_order: {
    'zh-CN': '业委会只能依次经过筹备、履职、届满，不能回退',
    en: 'An owners’ committee term goes preparing → serving → ended and cannot go back',
  },
  org_closed: {
    'zh-CN': '该组织已撤销或届满，不能再任命成员',
    en: 'This organisation is archived or its term has ended; it takes no new members',
  },
  already_member: { 'zh-CN': '{name} 已在其中任职', en: '{name} already holds a place here' },
  position_taken: {
    'zh-CN': '该职务由 {name} 担任，请先结束其任职',
    en: 'This position is held by {name}; end that first',
  },
  contract_active_exists: {
    'zh-CN': '该小区已有生效的物业合同，请先结束该合同',
    en: 'This compound already has an active property contract; end it first',
  },
  contract_not_active: { 'zh-CN': '该合同已经结束', en: 'This contract has already ended' },
  date_order: { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  invalid_credit_code: {
    'zh-CN': '统一社会信用代码不正确（应为 18 位，请核对）',
    en: 'Not a valid unified social credit code (18 characters; please check it)',
  },
  // roster import and export (src/modules/roster)
  roster_file_required: {
    'zh-CN': '请上传 .xlsx 文件（作为请求内容）',
    en: 'Upload an .xlsx file as the request body',
  },
  roster_not_xlsx: {
    'zh-CN': '这不是 .xlsx 文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传',
    en: 'This is not an .xlsx file; save it as .xlsx in Excel or WPS and upload it again',
  },
  roster_xls_old: {
    'zh-CN': '这是旧版 .xls 文件，请用 Excel 或 WPS 另存为 .xlsx 后再上传',
    en: 'This is an old .xls file; save it as .xlsx in Excel or WPS and upload it again',
  },
  roster_unreadable: {
    'zh-CN': '文件已损坏或无法读取，请重新保存后再上传',
    en: 'The file is damaged or cannot be read; save it again and upload it',
  },
  roster_no_header: {
    'zh-CN': '找不到表头：表的前 20 行中应有一行写着“楼栋”“房号”等列名（可下载模板对照）',
    en: 'No header row found: one of the first 20 rows should name the columns, such as 楼栋 and 房号 (see the template)',
  },
  roster_too_many_rows: {
    'zh-CN': '一次最多导入 {max} 行，请分成几个文件',
    en: 'At most {max} rows can be imported at once; split the file',
  },
  roster_has_errors: {
    'zh-CN': '有 {count} 行存在错误，请修改后重新上传，或选择排除这些行',
    en: '{count} rows have errors; fix them and upload again, or choose to exclude those rows',
  },
  roster_import_running: {
    'zh-CN': '该小区正在导入花名册，请等它完成',
    en: 'A roster import into this compound is already running; wait for it to finish',
  },
  roster_import_failed: {
    'zh-CN': '导入失败，没有写入任何数据（编号 {requestId}）',
    en: 'The import failed and nothing was written (ref {requestId})',
  },
  export_bad_path: {
    'zh-CN': '只能导出 /api/v1 下的列表，如 /communities/…/rooms',
    en: 'Only lists under /api/v1 can be exported, such as /communities/…/rooms',
  },
  export_not_list: {
    'zh-CN': '该接口返回的不是列表，无法导出',
    en: 'That endpoint does not return a list, so it cannot be exported',
  },
  internal: {
    'zh-CN': '服务器出了点问题，请稍后再试（编号 {requestId}）',
    en: 'Something went wrong on our side; please try again later (ref {requestId})',
  },
} satisfies Record<string, Record<Locale, string>>;

export type MessageCode = keyof typeof messages;

export function translate(
  code: MessageCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const template = messages[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

/** Picks zh-CN or English from an Accept-Language header, by the order and weights the client gave. */
export function localeFromHeader(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}
