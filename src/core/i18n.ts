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
  temporary_password_expired: {
    'zh-CN': '临时密码已超过 {days} 天未修改，已失效。请联系社区重新发放',
    en: 'This temporary password was not changed within {days} days and no longer works; ask your community for a new one',
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
  // files: uploads checked by content
  'files.type': {
    'zh-CN': '只能上传 JPEG、PNG、WebP 格式的照片或 PDF 文件',
    en: 'Only photos (JPEG, PNG, WebP) and PDF files can be uploaded',
  },
  'files.too_large': {
    'zh-CN': '文件不能超过 {max} MB，请压缩或拍得小一些再传',
    en: 'Files can be at most {max} MB; make it smaller and try again',
  },
  'files.missing': {
    'zh-CN': '请选择要上传的文件（表单字段 file）',
    en: 'Choose a file to upload (form field “file”)',
  },
  'files.not_image': {
    'zh-CN': '这里只能放照片（JPEG、PNG 或 WebP），不能放 PDF',
    en: 'Only a photo (JPEG, PNG or WebP) can go here, not a PDF',
  },
  'files.unknown': {
    'zh-CN': '附件无效：文件不存在、不是您上传的，或已被使用',
    en: 'Invalid attachment: the file does not exist, was not uploaded by you, or is already attached',
  },
  // notifications: the inbox text of each kind, also rendered for the webhook
  'notify.announcement': { 'zh-CN': '社区通知：{title}', en: 'Community notice: {title}' },
  // owners' assemblies (业主大会): lifecycle, ballots, results, elections, canvassing
  assembly_step_invalid: {
    'zh-CN': '业主大会当前状态（{status}）下不能进行这一步（{step}）',
    en: 'This step ({step}) is not possible while the assembly is {status}',
  },
  assembly_notice_too_short: {
    'zh-CN': '公告期不足：投票开始时间须在发布公告 {days} 日以后',
    en: 'The notice period is too short: voting may start no earlier than {days} days after the announcement',
  },
  assembly_not_started: { 'zh-CN': '还没到投票开始时间', en: 'Voting has not reached its start time yet' },
  assembly_deadline_not_reached: {
    'zh-CN': '还没到投票截止时间，不能提前结束投票',
    en: 'The voting deadline has not passed; voting cannot close early',
  },
  assembly_already_extended: {
    'zh-CN': '投票截止时间只能延长一次',
    en: 'The voting deadline can be extended only once',
  },
  assembly_extend_earlier: {
    'zh-CN': '新的截止时间须晚于原截止时间，也须晚于现在',
    en: 'The new deadline must be later than the current one and later than now',
  },
  assembly_window_order: { 'zh-CN': '投票结束时间须晚于开始时间', en: 'Voting must end after it starts' },
  assembly_no_matters: {
    'zh-CN': '至少要有一项表决事项才能发布公告',
    en: 'Add at least one matter before announcing the assembly',
  },
  assembly_not_editable: {
    'zh-CN': '业主大会已发布公告，内容不能再修改',
    en: 'The assembly has been announced; what owners were told can no longer change',
  },
  assembly_candidates_unpublished: {
    'zh-CN': '选举事项“{title}”的候选人名单尚未公布，不能开始投票',
    en: 'The candidate list of the election “{title}” is not published; voting cannot open',
  },
  assembly_roll_empty: {
    'zh-CN': '该小区没有登记任何房屋，不能开始投票',
    en: 'The compound has no rooms on record; voting cannot open',
  },
  assembly_roll_incomplete: {
    'zh-CN':
      '有 {count} 套房屋没有登记业主（未售房屋请登记在开发建设单位名下），业主名册不完整，不能开始投票',
    en: '{count} rooms have no owner on record (register unsold rooms to the developer); the roll is incomplete, so voting cannot open',
  },
  assembly_no_electorate: {
    'zh-CN': '投票开始后才有业主名册和投票进度',
    en: 'The roll and the turnout exist once voting has opened',
  },
  assembly_no_results: { 'zh-CN': '投票结束后才有表决结果', en: 'Results exist once voting has closed' },
  ballot_window_closed: { 'zh-CN': '现在不在投票时间内', en: 'Voting is not open now' },
  ballot_not_voter: {
    'zh-CN': '您不是本次业主大会的投票人，也没有被指定代为投票',
    en: 'You are not a voter in this assembly, nor designated to vote for one',
  },
  ballot_voter_required: {
    'zh-CN': '您可以为多位投票人投票，请选择为谁投票（voter）',
    en: 'You can vote for more than one voter; say which one (voter)',
  },
  ballot_choice_required: {
    'zh-CN': '请选择同意、反对或弃权（choice）',
    en: 'Choose yes, no or abstain (choice)',
  },
  ballot_choices_invalid: {
    'zh-CN': '候选人选择有误：{detail}',
    en: 'The choice of candidates is not valid: {detail}',
  },
  idempotency_conflict: {
    'zh-CN': '这个提交编号（idempotencyKey）已用于另一次提交',
    en: 'This idempotency key was already used for a different submission',
  },
  paper_same_staff: {
    'zh-CN': '纸质票须由另一位工作人员复核确认，录入人不能自己确认',
    en: 'A second, different staff member must confirm a paper ballot, not the one who entered it',
  },
  paper_decided: {
    'zh-CN': '这张纸质票已经确认或退回过了',
    en: 'This paper ballot has already been confirmed or rejected',
  },
  paper_authorisation_required: {
    'zh-CN': '委托投票须附书面委托书（authorisationFileId）和受托人姓名（proxyName）',
    en: 'A proxy ballot needs the written authorisation (authorisationFileId) and the proxy’s name (proxyName)',
  },
  paper_room_unknown: {
    'zh-CN': '该房屋不在本次业主大会的业主名册中',
    en: 'This room is not on the assembly’s roll',
  },
  paper_matter_unknown: {
    'zh-CN': '表决事项 {matterId} 不属于本次业主大会，或重复填写',
    en: 'Matter {matterId} is not in this assembly, or is given twice',
  },
  delegate_not_co_owner: {
    'zh-CN': '只能指定您房屋的其他共有人代为投票',
    en: 'Only another co-owner of your rooms can be designated to vote',
  },
  chain_broken: {
    'zh-CN': '选票哈希链在第 {seq} 张选票处校验失败，数据可能被篡改',
    en: 'The ballot hash chain breaks at seq {seq}: the stored ballots may have been altered',
  },
  matter_election_item: {
    'zh-CN': '只有第（三）项“选举业主委员会”可以是选举',
    en: 'Only item 3 (electing the owners’ committee) can be an election',
  },
  matter_seats_required: {
    'zh-CN': '选举须填写委员名额（seats）',
    en: 'An election needs its number of seats (seats)',
  },
  matter_seats_invalid: {
    'zh-CN': '委员名额须为 5 至 11 之间的单数；房屋较少的小区可为 3 人',
    en: 'Seats must be an odd number from 5 to 11, or 3 in a small compound',
  },
  matter_one_election: {
    'zh-CN': '一次业主大会只能有一项选举',
    en: 'An assembly can hold one election only',
  },
  matter_not_election: { 'zh-CN': '该事项不是选举', en: 'This matter is not an election' },
  candidates_published: {
    'zh-CN': '候选人名单已公布，不能再更改',
    en: 'The candidate list is published and can no longer change',
  },
  candidates_none: {
    'zh-CN': '名单上还没有经确认的候选人',
    en: 'The list has no approved candidates yet',
  },
  candidate_org_required: {
    'zh-CN': '组织推荐须写明推荐的组织（organisation）',
    en: 'An organisation recommendation names the organisation (organisation)',
  },
  candidate_nominators_too_few: {
    'zh-CN': '业主联名推荐至少需要 {min} 名业主签名',
    en: 'A joint recommendation needs the signatures of at least {min} owners',
  },
  candidate_nominates_self: {
    'zh-CN': '候选人不能在推荐自己的联名中签名',
    en: 'A candidate cannot sign their own joint recommendation',
  },
  candidate_nominator_not_owner: {
    'zh-CN': '联名推荐人 {name} 不是本小区业主',
    en: 'Joint nominator {name} owns no home in this compound',
  },
  canvass_not_assigned: {
    'zh-CN': '您没有被分配到这栋楼扫楼',
    en: 'You are not assigned to canvass this building',
  },
  canvass_account_cannot: {
    'zh-CN': '该账号没有这栋楼的扫楼权限，不能分配',
    en: 'This account may not canvass this building, so it cannot be assigned',
  },
  notice_font_missing: {
    'zh-CN':
      '暂时无法生成结果公告 PDF：服务器缺少中文字体，请联系系统管理员安装 fonts-noto-cjk 或设置 NOTICE_FONT',
    en: 'The results notice PDF cannot be made right now: the server lacks its Chinese font. Ask the system administrator to install fonts-noto-cjk or set NOTICE_FONT',
  },
  assembly_check_quorum_area: {
    'zh-CN': '参与表决专有部分面积占比 {share} {relation} {threshold} {mark}',
    en: 'Area of the owners taking part {share} {relation} {threshold} {mark}',
  },
  assembly_check_quorum_heads: {
    'zh-CN': '参与表决人数占比 {share} {relation} {threshold} {mark}',
    en: 'Owners taking part {share} {relation} {threshold} {mark}',
  },
  assembly_check_approval_area: {
    'zh-CN': '同意的专有部分面积占参与表决面积 {share} {relation} {threshold} {mark}',
    en: 'Area in favour, of the area taking part {share} {relation} {threshold} {mark}',
  },
  assembly_check_approval_heads: {
    'zh-CN': '同意人数占参与表决人数 {share} {relation} {threshold} {mark}',
    en: 'Owners in favour, of those taking part {share} {relation} {threshold} {mark}',
  },
  assembly_outcome_passed: { 'zh-CN': '表决通过', en: 'Approved' },
  assembly_outcome_rejected: { 'zh-CN': '未获通过', en: 'Not approved' },
  assembly_outcome_no_quorum: {
    'zh-CN': '参与表决的业主不足三分之二，不能形成决定',
    en: 'Fewer than two thirds of the owners took part: no decision',
  },
  assembly_outcome_elected: { 'zh-CN': '当选：{names}', en: 'Elected: {names}' },
  assembly_outcome_runoff: {
    'zh-CN': '当选：{names}；末位得票相同，空缺席位需另行选举',
    en: 'Elected: {names}; a tie for the last seat leaves seats to a runoff',
  },
  'notify.assembly_announced': {
    'zh-CN': '业主大会公告：{title}',
    en: 'Owners’ assembly announced: {title}',
  },
  'notify.assembly_opened': { 'zh-CN': '业主大会开始投票：{title}', en: 'Voting is open: {title}' },
  'notify.assembly_extended': {
    'zh-CN': '业主大会投票截止时间延长：{title}（{reason}）',
    en: 'Voting deadline extended: {title} ({reason})',
  },
  'notify.assembly_cancelled': {
    'zh-CN': '业主大会取消：{title}（{reason}）',
    en: 'Owners’ assembly cancelled: {title} ({reason})',
  },
  'notify.assembly_published': {
    'zh-CN': '业主大会表决结果公示：{title}',
    en: 'Owners’ assembly results published: {title}',
  },
  // service orders (求助订单, src/modules/orders)
  order_wrong_state: {
    'zh-CN': '这张订单当前“{state}”，不能“{step}”',
    en: 'This order is now “{state}”, so “{step}” is not possible',
  },
  order_taken: {
    'zh-CN': '手慢了：这张订单已被其他队员接走',
    en: 'Too late: another member has already taken this order',
  },
  order_changed: {
    'zh-CN': '这张订单刚被别人更新过，请刷新后再试',
    en: 'Someone else has just changed this order; reload it and try again',
  },
  order_not_assignee: {
    'zh-CN': '这张订单不是由您承接的',
    en: 'You are not the member handling this order',
  },
  order_not_in_squad: {
    'zh-CN': '您不是这个分队的队员，不能接它抢单板上的订单',
    en: 'You do not serve in this squad, so you cannot take orders from its board',
  },
  order_step_invalid: {
    'zh-CN': '这一步没有改变什么（{step}）：请换一个对象',
    en: 'This step ({step}) changes nothing: choose someone or something else',
  },
  order_cap: {
    'zh-CN': '您手上已有 {open} 张未办结的订单（上限 {cap} 张），请先办结再接新单',
    en: 'You already hold {open} open orders (the limit is {cap}); resolve some before taking more',
  },
  order_cap_colleague: {
    'zh-CN': '这位队员手上已有 {open} 张未办结的订单（上限 {cap} 张），请转给别人或交回分队',
    en: 'That member already holds {open} open orders (the limit is {cap}); hand it to someone else or back to the squad',
  },
  order_no_household: {
    'zh-CN': '您还没有确认入户的住户，请先用邀请码加入您家',
    en: 'You have no confirmed household yet; join yours with its invitation code first',
  },
  order_choose_household: {
    'zh-CN': '您在多个住户中，请选择为哪一户下单（householdId）',
    en: 'You belong to several households; choose which one this order is for (householdId)',
  },
  order_home_needs_household: {
    'zh-CN': '“在家里”需要指定住户；公共区域请选择“公共区域”并写明地点',
    en: 'An order “at home” needs a household; for a shared place choose “public” and say where',
  },
  order_compound_required: {
    'zh-CN': '请指定小区（compoundId）',
    en: 'Name the compound (compoundId)',
  },
  order_place_text: {
    'zh-CN': '请选择楼栋或写明公共区域的具体位置，如“3栋门口路灯”',
    en: 'Choose a building or say where in the compound, such as “street lamp by building 3”',
  },
  order_caller_required: {
    'zh-CN': '请指定住户，或填写来电人的姓名和手机号',
    en: 'Name the household, or give the caller’s name and mobile number',
  },
  order_caller_not_in_household: {
    'zh-CN': '来电人不是该户的现有成员',
    en: 'The caller is not a current member of that household',
  },
  order_idempotency_key: {
    'zh-CN': 'Idempotency-Key 应为 8 到 100 个可见字符',
    en: 'Idempotency-Key must be 8 to 100 visible characters',
  },
  order_no_squad: {
    'zh-CN': '请选择分队（squadId）：这张订单还没有分队',
    en: 'Choose a squad (squadId): this order has none yet',
  },
  order_not_squad_member: {
    'zh-CN': '此人不是该分队的现任队员',
    en: 'This person is not a current member of the squad',
  },
  order_resident_confirms: {
    'zh-CN': '下单居民可以在手机上自己确认评价，请提醒居民确认',
    en: 'The resident can confirm and rate this order in the app; remind them to',
  },
  order_category_code_taken: {
    'zh-CN': '本社区已有代码为“{code}”的服务类别',
    en: 'This community already has an order category with the code “{code}”',
  },
  stream_accept: {
    'zh-CN': '这是实时事件流接口，请以 Accept: text/event-stream 请求',
    en: 'This is a live event stream; request it with Accept: text/event-stream',
  },
  order_category_clocks: {
    'zh-CN': '办结时限不能短于接单时限',
    en: 'The time to resolve cannot be shorter than the time to accept',
  },
  'notify.order_new': {
    'zh-CN': '有新的求助订单待派单：{summary}',
    en: 'A new order is waiting for dispatch: {summary}',
  },
  'notify.order_board': {
    'zh-CN': '分队抢单板上有新订单：{summary}',
    en: 'New order on your squad’s board: {summary}',
  },
  'notify.order_assigned': {
    'zh-CN': '您被指派了一张订单，请尽快接单：{summary}',
    en: 'An order has been assigned to you; please accept it: {summary}',
  },
  'notify.order_accepted': {
    'zh-CN': '{member} 已接下您的订单：{summary}',
    en: '{member} has taken your order: {summary}',
  },
  'notify.order_declined': {
    'zh-CN': '订单被婉拒（{reason}），请重新派单：{summary}',
    en: 'An order was declined ({reason}); please dispatch it again: {summary}',
  },
  'notify.order_transferred': {
    'zh-CN': '订单被转出（{reason}），请跟进：{summary}',
    en: 'An order was handed on ({reason}); please follow it up: {summary}',
  },
  'notify.order_resolved': {
    'zh-CN': '您的订单已办结，请确认并评价：{summary}',
    en: 'Your order has been resolved; please confirm and rate it: {summary}',
  },
  'notify.order_reopened': {
    'zh-CN': '居民重开了订单（{reason}）：{summary}',
    en: 'The resident reopened an order ({reason}): {summary}',
  },
  'notify.order_cancelled': {
    'zh-CN': '您承接的订单已取消：{summary}',
    en: 'An order you were handling has been cancelled: {summary}',
  },
  'notify.order_auto_closed': {
    'zh-CN': '您的订单办结 {days} 天未确认，已自动关闭：{summary}',
    en: 'Your order closed itself {days} days after it was resolved: {summary}',
  },
  'notify.order_escalated_property': {
    'zh-CN': '有订单上报物业处理（{reason}）：{summary}',
    en: 'An order has been escalated to the property company ({reason}): {summary}',
  },
  'notify.order_escalated_community': {
    'zh-CN': '有订单上报社区处理（{reason}）：{summary}',
    en: 'An order has been escalated to the community ({reason}): {summary}',
  },
  'notify.order_overdue_accept': {
    'zh-CN': '订单超时无人接单，请跟进：{summary}',
    en: 'Nobody has taken this order in time; please follow it up: {summary}',
  },
  'notify.order_overdue_resolve': {
    'zh-CN': '订单超时未办结，请跟进：{summary}',
    en: 'This order has not been resolved in time; please follow it up: {summary}',
  },
  // ---- deliberation: topics (#6) ----
  topic_not_found: { 'zh-CN': '没有找到这个议题', en: 'No such topic' },
  topic_state: {
    'zh-CN': '议题已经不在可以这样处理的阶段，请刷新查看最新进展',
    en: 'The topic has moved past the stage where this can be done; reload to see where it stands',
  },
  'notify.topic_accepted': {
    'zh-CN': '您提出的议题已列入议事议程：{title}',
    en: 'Your topic is on the agenda queue: {title}',
  },
  'notify.topic_declined': {
    'zh-CN': '您提出的议题未被采纳（{reason}）：{title}',
    en: 'Your topic was not taken up ({reason}): {title}',
  },
  'notify.topic_decided': {
    'zh-CN': '您提出的议题已形成决议：{title}',
    en: 'A decision was taken on your topic: {title}',
  },
  'notify.topic_done': {
    'zh-CN': '您提出的议题已办结，欢迎评价：{title}',
    en: 'Your topic has been resolved; tell us how it went: {title}',
  },
  topic_category_unknown: {
    'zh-CN': '没有“{code}”这个议题类别',
    en: 'There is no topic category “{code}”',
  },
  deliberation_codes_repeat: {
    'zh-CN': '列表中的代码不能重复',
    en: 'Each code may appear only once in the list',
  },
  topic_no_household: {
    'zh-CN': '请先绑定您的住户，才能提出议题',
    en: 'Join your household first to raise a topic',
  },
  topic_choose_household: {
    'zh-CN': '您绑定了多个住户，请选择为哪一户提出议题',
    en: 'You belong to several households; choose which one this topic is for',
  },
  topic_own_support: {
    'zh-CN': '不能附议自己提出的议题',
    en: 'You cannot support your own topic',
  },
  topic_closed: {
    'zh-CN': '议题已不再接受附议或评论',
    en: 'This topic no longer takes supports or comments',
  },
  topic_rated: {
    'zh-CN': '您已经评价过这个议题',
    en: 'You have already rated this topic',
  },
  topic_not_done: {
    'zh-CN': '议题办结后才能评价',
    en: 'A topic can be rated once it is resolved',
  },
  topic_blank: {
    'zh-CN': '{field}不能为空',
    en: '{field} cannot be blank',
  },
  order_has_topic: {
    'zh-CN': '这个订单已经转为议题',
    en: 'This order has already become a topic',
  },
  topic_compound_mismatch: {
    'zh-CN': '所选楼栋不在该小区',
    en: 'The building is not in that compound',
  },
  topic_comment_not_found: { 'zh-CN': '没有找到这条评论', en: 'No such comment' },
  topic_changed: {
    'zh-CN': '议题刚被其他人更新，请刷新后再试',
    en: 'Someone else just changed this topic; reload and try again',
  },
  // ---- deliberation: meetings, decisions, action items (#6) ----
  meeting_state: {
    'zh-CN': '会议当前的状态不允许这样操作，请刷新查看最新情况',
    en: 'The meeting’s current state does not allow this; reload to see where it stands',
  },
  meeting_type_unknown: {
    'zh-CN': '没有“{type}”这种会议类型',
    en: 'There is no meeting type “{type}”',
  },
  meeting_time_order: {
    'zh-CN': '会议结束时间不能早于开始时间',
    en: 'The meeting cannot end before it starts',
  },
  meeting_topic_scope: {
    'zh-CN': '这个议题不在本次会议的范围内：小区会议只讨论本小区的议题',
    en: 'This topic is outside the meeting’s scope: a compound’s meeting takes only that compound’s topics',
  },
  meeting_topic_listed: {
    'zh-CN': '这个议题已在本次会议的议程上',
    en: 'This topic is already on the meeting’s agenda',
  },
  meeting_invitee_shape: {
    'zh-CN':
      '每位参会方请只填一项：组织（organisationId）、人员（personId）、账号（accountId）或名称（name）',
    en: 'Give each invitee one of: organisationId, personId, accountId, or a name',
  },
  agenda_item_shape: {
    'zh-CN': '请选择一个议题（topicId），或填写议程标题（title），二者选其一',
    en: 'Choose a topic (topicId) or give the item a title, not both',
  },
  agenda_item_settled: {
    'zh-CN': '这项议程已形成决议或已推迟，不能再这样处理',
    en: 'This agenda item has already been decided or deferred',
  },
  minutes_too_long: {
    'zh-CN': '会议纪要过长：最多 {max} 个字符',
    en: 'The minutes are too long: at most {max} characters',
  },
  checkin_closed: {
    'zh-CN': '现在不能签到：会议开始前 2 小时至结束后 4 小时内可以签到',
    en: 'Sign-in is not open: it opens 2 hours before the meeting and closes 4 hours after it ends',
  },
  action_owner_required: {
    'zh-CN': '请指定负责人账号（ownerAccountId）或填写负责人姓名（ownerName）',
    en: 'Name the owner: an account (ownerAccountId) or a name (ownerName)',
  },
  action_due_past: {
    'zh-CN': '完成期限不能早于今天',
    en: 'The due date cannot be before today',
  },
  action_state: {
    'zh-CN': '这项落实事项已完成或已取消',
    en: 'This action item has already been done or cancelled',
  },
  action_changed: {
    'zh-CN': '这项落实事项刚被其他人更新，请刷新后再试',
    en: 'Someone else just changed this action item; reload and try again',
  },
  'notify.meeting_notice': {
    'zh-CN': '会议通知：{title}，时间 {time}，地点 {place}',
    en: 'Meeting notice: {title}, at {time}, {place}',
  },
  'notify.action_assigned': {
    'zh-CN': '您有一项议事决议的落实事项，请在 {due} 前完成：{title}',
    en: 'You have an action item from a meeting’s decision, due {due}: {title}',
  },
  'notify.action_due_soon': {
    'zh-CN': '落实事项将于 {due} 到期，请抓紧办理：{title}',
    en: 'An action item is due on {due}; please see to it: {title}',
  },
  'notify.action_overdue': {
    'zh-CN': '落实事项已超期（期限 {due}，负责人 {owner}）：{title}',
    en: 'An action item is overdue (due {due}, owner {owner}): {title}',
  },
  bad_url: {
    'zh-CN': '网址不正确，请检查链接是否完整',
    en: 'The address is not valid; check that the link is complete',
  },
  bad_request: { 'zh-CN': '请求格式不正确', en: 'The request is malformed' },
  request_too_long: {
    'zh-CN': '网址或请求头过长',
    en: 'The address or the request headers are too long',
  },
  request_timeout: { 'zh-CN': '请求发送超时，请重试', en: 'The request took too long to arrive; try again' },
  database_unavailable: {
    'zh-CN': '数据库暂时无法连接，请稍后重试',
    en: 'The database cannot be reached right now; please try again in a moment',
  },
  // ---- care roster, help alarms, door-knock visits (#8) ----
  care_kind_unknown: {
    'zh-CN': '“{code}”不是本社区的关爱对象类别',
    en: '“{code}” is not one of this community’s care kinds',
  },
  care_kind_repeated: { 'zh-CN': '关爱对象类别的代码不能重复', en: 'Care kind codes must not repeat' },
  care_contact_phone: {
    'zh-CN': '新的紧急联系人需要填写手机号',
    en: 'A new emergency contact needs a phone number',
  },
  care_blank: { 'zh-CN': '这一项不能只填空格', en: 'This cannot be left blank' },
  care_record_exists: {
    'zh-CN': '此人已在关爱名单上，请直接修改其档案',
    en: 'This person is already on the care roster; change their record instead',
  },
  care_record_closed: {
    'zh-CN': '该关爱档案已关闭',
    en: 'This care record is closed',
  },
  care_pair_self: { 'zh-CN': '不能与本人结对', en: 'A person cannot be paired with themself' },
  care_pair_no_account: {
    'zh-CN': '此人还没有注册账号，无法在手机上接收提醒；请先让其注册',
    en: 'This person has no account yet and could not be reached in the app; ask them to register first',
  },
  care_already_paired: {
    'zh-CN': '此人已与该关爱对象结对',
    en: 'This person is already paired with them',
  },
  care_pairing_ended: { 'zh-CN': '该结对已结束', en: 'This pairing has ended' },
  care_contact_time: {
    'zh-CN': '时间不能晚于现在，也不能早于 60 天前',
    en: 'The time cannot be in the future or more than 60 days ago',
  },
  care_need_description: {
    'zh-CN': '请写明需要办理的事情',
    en: 'Say what needs doing',
  },
  care_already_ordered: {
    'zh-CN': '这条记录已经转成工单了',
    en: 'This has already become an order',
  },
  care_help_no_home: {
    'zh-CN': '还没有找到您的住户信息，请先绑定住户，或直接拨打社区电话',
    en: 'We cannot tell where you live yet; join your household first, or phone the community',
  },
  help_alarm_resolved: { 'zh-CN': '这次求助已经处理完毕', en: 'This alarm has already been resolved' },
  help_alarm_changed: {
    'zh-CN': '求助状态刚被其他人更新，请刷新后再试',
    en: 'Someone else just changed this alarm; reload and try again',
  },
  visits_quarter: { 'zh-CN': '季度的格式应为 2025-Q2', en: 'A quarter is written like 2025-Q2' },
  visits_round_scope: {
    'zh-CN': '请选择一个网格，或者列出要走访的楼栋（二选一）',
    en: 'Choose a grid or list the buildings to visit (one of the two)',
  },
  visits_round_dates: { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date cannot be before the start' },
  visits_round_empty: {
    'zh-CN': '该网格还没有楼栋，无法安排走访',
    en: 'This grid has no buildings to visit yet',
  },
  visits_round_compound: {
    'zh-CN': '一次走访的楼栋须在同一个小区',
    en: 'The buildings of one round must be in one compound',
  },
  visits_round_closed: { 'zh-CN': '这次走访已经结束', en: 'This round is closed' },
  visits_not_in_round: {
    'zh-CN': '这户不在本次走访的楼栋里',
    en: 'This household is not in the buildings of this round',
  },
  visits_already_topic: {
    'zh-CN': '这次走访发现的问题已经提交议题',
    en: 'The problems found on this visit are already a topic',
  },
  visits_already_assigned: {
    'zh-CN': '这户已经分给这位党员联系',
    en: 'This household is already assigned to this party member',
  },
  'notify.care_paired': {
    'zh-CN': '您已与关爱对象 {name} 结对，请按计划问候和探望',
    en: 'You have been paired with {name}; please call and visit as planned',
  },
  'notify.help_alarm': {
    'zh-CN': '紧急求助：{name} 需要帮助，请立即查看并回应',
    en: 'Help needed: {name} has pressed the help button; please respond now',
  },
  'notify.help_escalated': {
    'zh-CN': '紧急求助无人响应：{name} 需要帮助，请社区立即处理',
    en: 'Nobody has answered {name}’s call for help; the community must act now',
  },
  'notify.help_acknowledged': {
    'zh-CN': '{name} 已收到您的求助，正在处理',
    en: '{name} has seen your call for help and is on it',
  },
  'notify.care_call_overdue': {
    'zh-CN': '关爱对象 {name} 的问候电话已逾期（结对人 {volunteer}，应于 {dueOn} 前）',
    en: 'The greeting call to {name} is overdue ({volunteer}, due {dueOn})',
  },
  'notify.care_visit_overdue': {
    'zh-CN': '关爱对象 {name} 的上门探望已逾期（结对人 {volunteer}，应于 {dueOn} 前）',
    en: 'The home visit to {name} is overdue ({volunteer}, due {dueOn})',
  },
  'notify.visit_assigned': {
    'zh-CN': '{household} 已分给您联系（党员联系户），请按时走访',
    en: '{household} has been assigned to you to keep in touch with; please visit them',
  },
  // ---- notices (公告) and rectification notices (整改告知书), src/modules/notices ----
  notice_blank: { 'zh-CN': '标题和正文不能为空', en: 'The title and the text must not be blank' },
  notice_times: { 'zh-CN': '下架时间须晚于发布时间', en: 'The expiry time must come after the publish time' },
  notice_not_draft: {
    'zh-CN': '公告已发布，不能再修改；如需更正，请撤回后重新发布',
    en: 'This notice is no longer a draft and cannot be changed; withdraw it and publish a corrected one',
  },
  notice_withdrawn: { 'zh-CN': '公告已撤回', en: 'This notice has been withdrawn' },
  rectification_kind_unknown: {
    'zh-CN': '没有这种整改类型：{kind}',
    en: 'No such kind of rectification: {kind}',
  },
  rectification_kind_codes: {
    'zh-CN': '整改类型的代码不能重复',
    en: 'Each kind of rectification needs a code of its own',
  },
  rectification_campaign_closed: {
    'zh-CN': '本次整改行动已结束',
    en: 'This rectification campaign is closed',
  },
  rectification_state: {
    'zh-CN': '这份整改告知书当前状态下不能这样操作',
    en: 'Not possible for this rectification notice in its current state',
  },
  rectification_delivered: {
    'zh-CN': '这份整改告知书已登记送达',
    en: 'The delivery of this notice is already recorded',
  },
  rectification_deadline: { 'zh-CN': '整改期限不能早于今天', en: 'The deadline cannot be before today' },
  rectification_second_deadline: {
    'zh-CN': '发出第二次告知书须填写新的整改期限',
    en: 'A second notice needs a new deadline',
  },
  rectification_place_required: {
    'zh-CN': '没有住户的整改地点须写明具体位置',
    en: 'Say where exactly, for a place without a household',
  },
  rectification_outside: {
    'zh-CN': '该住户或地点不在本次整改范围内',
    en: 'This household or place is outside the campaign’s area',
  },
  rectification_nothing: {
    'zh-CN': '请选择要发告知书的住户或地点',
    en: 'Choose the households or places to send the notice to',
  },
  rectification_too_many: {
    'zh-CN': '一次最多打印 {max} 份告知书，请按楼栋筛选后分批打印',
    en: 'At most {max} notices can be printed at once; filter by building and print in batches',
  },
  rectification_font_missing: {
    'zh-CN':
      '暂时无法生成整改告知书 PDF：服务器缺少中文字体，请联系系统管理员安装 fonts-noto-cjk 或设置 NOTICE_FONT',
    en: 'The rectification notice PDF cannot be made right now: the server lacks its Chinese font. Ask the system administrator to install fonts-noto-cjk or set NOTICE_FONT',
  },
  'notify.notice_published': { 'zh-CN': '新公告：{title}', en: 'New notice: {title}' },
  'notify.rectification_issued': {
    'zh-CN': '您有一份整改告知书：{title}，请于 {deadline} 前整改',
    en: 'A rectification notice for you: {title}; please put it right by {deadline}',
  },
  'notify.rectification_due': {
    'zh-CN': '整改期限明天（{deadline}）到期：{title}',
    en: 'Your rectification deadline is tomorrow ({deadline}): {title}',
  },
  'notify.rectification_replied': {
    'zh-CN': '{place} 回复已整改：{title}，请前往核查',
    en: '{place} reports it is done: {title}; please check',
  },
  // ---- conventions (居民公约), the red/black list (红黑榜), duty rules (九不准) ----
  convention_state: {
    'zh-CN': '这份公约当前状态下不能这样操作',
    en: 'Not possible for this convention in its current state',
  },
  convention_articles: {
    'zh-CN': '公约条款须按第1条、第2条……依次编号并写明内容（{detail}）',
    en: 'Articles must be numbered 1, 2, 3… in order and say something ({detail})',
  },
  convention_article_unknown: {
    'zh-CN': '公约没有第{number}条',
    en: 'The convention has no article {number}',
  },
  convention_version_unknown: {
    'zh-CN': '公约没有第{number}稿',
    en: 'The convention has no version {number}',
  },
  convention_household_outside: {
    'zh-CN': '该户不在这份公约的适用范围内',
    en: 'This household is outside the convention’s area',
  },
  convention_not_your_household: {
    'zh-CN': '您不是该户的已确认住户',
    en: 'You are not a confirmed resident of this household',
  },
  convention_adoption_unknown: {
    'zh-CN': '找不到用于通过公约的{what}',
    en: 'The {what} adopting the convention does not exist',
  },
  convention_assembly_not_closed: {
    'zh-CN': '业主大会尚未结束表决，不能据此通过公约',
    en: 'The owners’ assembly has not closed its vote yet',
  },
  convention_assembly_other_compound: {
    'zh-CN': '该业主大会属于其他小区',
    en: 'That owners’ assembly belongs to another compound',
  },
  convention_not_adopted: {
    'zh-CN': '黑榜须引用已通过的公约',
    en: 'A black-list entry must cite an adopted convention',
  },
  convention_font_missing: {
    'zh-CN':
      '暂时无法生成公约 PDF：服务器缺少中文字体，请联系系统管理员安装 fonts-noto-cjk 或设置 NOTICE_FONT',
    en: 'The convention PDF cannot be made right now: the server lacks its Chinese font. Ask the system administrator to install fonts-noto-cjk or set NOTICE_FONT',
  },
  red_black_article_required: {
    'zh-CN': '黑榜条目须写明所违反的公约及条款',
    en: 'A black-list entry must cite the convention and the article breached',
  },
  red_black_state: {
    'zh-CN': '该红黑榜条目当前状态下不能这样操作',
    en: 'Not possible for this list entry in its current state',
  },
  red_black_already_reviewed: {
    'zh-CN': '您已审核过该条目，须由另一位审核人审核',
    en: 'You have already reviewed this entry; another reviewer must do the next review',
  },
  red_black_needs_branch: {
    'zh-CN': '还须由小区党支部或社区工作人员审核',
    en: 'The party branch or community staff must review it too',
  },
  conventions_changed: {
    'zh-CN': '该记录刚被他人处理，请刷新后重试',
    en: 'Someone else has just acted on this; reload and try again',
  },
  red_black_appeal_open: {
    'zh-CN': '该条目已有申诉正在处理',
    en: 'An appeal against this entry is already being handled',
  },
  red_black_appeal_decided: { 'zh-CN': '该申诉已处理', en: 'This appeal has already been decided' },
  decision_text_required: { 'zh-CN': '请填写处理意见', en: 'Give the reasons for the decision' },
  duty_rules_not_member: {
    'zh-CN': '您不是该小区业委会的现任成员',
    en: 'You are not a current member of this compound’s owners’ committee',
  },
  duty_rule_index: { 'zh-CN': '“九不准”没有第{number}条', en: 'The duty rules have no rule {number}' },
  duty_report_member_unknown: {
    'zh-CN': '所举报的人不是该小区业委会的现任成员',
    en: 'The person reported is not a current member of the compound’s owners’ committee',
  },
  duty_report_not_allowed: {
    'zh-CN': '只有本小区的居民或业委会成员可以举报',
    en: 'Only residents and committee members of the compound can report a breach',
  },
  duty_report_decider: {
    'zh-CN': '对业委会成员的举报须由小区党支部或社区处理',
    en: 'Reports on committee members are decided by the party branch or the community',
  },
  'notify.red_black_proposed': {
    'zh-CN': '红黑榜有新的待审核条目：{title}',
    en: 'A red/black list entry awaits review: {title}',
  },
  'notify.red_black_published_red': {
    'zh-CN': '您家登上了红榜：{title}，感谢您的付出',
    en: 'Your household is on the red list: {title}. Thank you',
  },
  'notify.red_black_published_black': {
    'zh-CN': '您家有一条黑榜记录已公示：{title}。如有异议可在线申诉',
    en: 'A black-list entry about your household is published: {title}. You may appeal online',
  },
  'notify.red_black_appeal_filed': {
    'zh-CN': '住户对红黑榜条目提出申诉：{title}，请及时处理',
    en: 'A household appeals against a list entry: {title}; please decide it',
  },
  'notify.red_black_appeal_decided': {
    'zh-CN': '您的申诉已有处理结果：{title}',
    en: 'Your appeal has been decided: {title}',
  },
  'notify.red_black_appeal_overdue': {
    'zh-CN': '申诉已等待 {days} 天仍未处理：{title}',
    en: 'An appeal has waited {days} days without a decision: {title}',
  },
  'notify.convention_consulting': {
    'zh-CN': '居民公约征求意见：{title}，欢迎对各条款提出意见',
    en: 'Residents’ convention open for comments: {title}',
  },
  'notify.convention_published': {
    'zh-CN': '居民公约已通过并公布：{title}，请阅读并承诺遵守',
    en: 'Residents’ convention adopted and published: {title}; please read it and pledge to keep it',
  },
  'notify.convention_opinion_replied': {
    'zh-CN': '您对《{title}》提出的意见已有回复',
    en: 'Your comment on “{title}” has a reply',
  },
  'notify.duty_rules_issued': {
    'zh-CN': '请阅读并确认业委会成员履职负面清单：{title}',
    en: 'Please read and acknowledge the committee members’ duty rules: {title}',
  },
  'notify.duty_report_filed': {
    'zh-CN': '收到对业委会成员违反履职负面清单的举报：{title}',
    en: 'A breach of the committee members’ duty rules was reported: {title}',
  },
  'notify.duty_report_decided': {
    'zh-CN': '您的举报已有处理结果：{title}',
    en: 'Your report has been decided: {title}',
  },
  'notify.duty_report_overdue': {
    'zh-CN': '举报已等待 {days} 天仍未处理：{title}',
    en: 'A report has waited {days} days without a decision: {title}',
  },
  // volunteers and activities (issue #7)
  volunteer_skill_unknown: {
    'zh-CN': '技能“{code}”不在本社区的技能列表中',
    en: 'The skill “{code}” is not on the community’s list',
  },
  volunteer_codes_repeat: { 'zh-CN': '技能代码不能重复', en: 'Skill codes must not repeat' },
  volunteer_profile_exists: {
    'zh-CN': '这位居民已有志愿者档案',
    en: 'This person already has a volunteer profile',
  },
  volunteer_no_person: {
    'zh-CN': '您还不是该社区登记的居民，请先加入家庭或联系社区登记',
    en: 'You are not on this community’s rolls yet; join your household or ask the community to register you',
  },
  squad_already_member: { 'zh-CN': '您已是该分队的队员', en: 'You already serve in this squad' },
  join_request_decided: {
    'zh-CN': '这条入队申请已经处理过了',
    en: 'This request to join has already been dealt with',
  },
  campaign_closed: { 'zh-CN': '这次招募已结束或尚未开始', en: 'This recruitment campaign is not open' },
  activity_state: {
    'zh-CN': '活动当前状态下不能这样操作',
    en: 'Not possible for this activity in its current state',
  },
  activity_time_order: { 'zh-CN': '活动结束时间须晚于开始时间', en: 'The activity must end after it starts' },
  activity_signup_closed: { 'zh-CN': '这个活动的报名已截止', en: 'Sign-up for this activity has closed' },
  activity_withdraw_closed: {
    'zh-CN': '活动已开始，不能再取消报名',
    en: 'The activity has started; the sign-up can no longer be withdrawn',
  },
  activity_audience: {
    'zh-CN': '这个活动只面向特定人群报名（如党员或志愿者）',
    en: 'This activity is only open to a particular group (such as party members or volunteers)',
  },
  activity_full: { 'zh-CN': '活动名额已满', en: 'The activity is full' },
  activity_capacity_below_confirmed: {
    'zh-CN': '名额不能少于已确认报名的人数',
    en: 'There cannot be fewer places than people already confirmed',
  },
  signup_state: {
    'zh-CN': '这条报名当前状态下不能这样操作',
    en: 'Not possible for this sign-up in its current state',
  },
  activity_checkin_closed: {
    'zh-CN': '现在不在活动签到时间内',
    en: 'Check-in for this activity is not open now',
  },
  activity_not_confirmed: {
    'zh-CN': '您没有这个活动的确认报名，请联系组织者',
    en: 'You have no confirmed place at this activity; please see the organiser',
  },
  service_entry_voided: { 'zh-CN': '这条服务记录已作废', en: 'This service entry has already been voided' },
  service_entry_time: {
    'zh-CN': '服务时间不能晚于现在',
    en: 'The service cannot be in the future',
  },
  'notify.squad_join_requested': {
    'zh-CN': '{name} 申请加入{squad}，请审核',
    en: '{name} asks to join {squad}; please review',
  },
  'notify.squad_join_approved': {
    'zh-CN': '您已加入{squad}，欢迎！',
    en: 'You have joined {squad}. Welcome!',
  },
  'notify.squad_join_rejected': {
    'zh-CN': '您加入{squad}的申请未获通过',
    en: 'Your request to join {squad} was not accepted',
  },
  'notify.activity_signup_confirmed': {
    'zh-CN': '您已报名成功：{title}（{when}）',
    en: 'Your place is confirmed: {title} ({when})',
  },
  'notify.activity_signup_waitlisted': {
    'zh-CN': '活动名额已满，您已进入候补：{title}（{when}）',
    en: 'The activity is full; you are on the waiting list: {title} ({when})',
  },
  'notify.activity_signup_rejected': {
    'zh-CN': '您的活动报名未通过筛选：{title}',
    en: 'Your sign-up was not selected: {title}',
  },
  'notify.activity_promoted': {
    'zh-CN': '有人取消报名，您已从候补转为正式报名：{title}（{when}）',
    en: 'A place came free and is now yours: {title} ({when})',
  },
  'notify.activity_reminder': {
    'zh-CN': '活动提醒：{title} 将于 {when} 在{place}开始',
    en: 'Reminder: {title} starts at {when}, {place}',
  },
  'notify.activity_cancelled': {
    'zh-CN': '活动已取消：{title}（{when}）',
    en: 'Activity cancelled: {title} ({when})',
  },
  // surveys (问卷) and property evaluation (物业评议)
  survey_question_code_repeated: {
    'zh-CN': '第{n}题的代码“{code}”与前面的题目重复',
    en: 'Question {n}: the code “{code}” is used by an earlier question',
  },
  survey_question_options_needed: {
    'zh-CN': '第{n}题是选择题，至少需要两个选项',
    en: 'Question {n} is a choice: give it at least two options',
  },
  survey_question_options_not_allowed: {
    'zh-CN': '第{n}题是评分题或填空题，不能设置选项',
    en: 'Question {n} is a rating or text question: it takes no options',
  },
  survey_question_option_repeated: {
    'zh-CN': '第{n}题有重复的选项值',
    en: 'Question {n} has two options with the same value',
  },
  survey_question_condition_unknown_question: {
    'zh-CN': '第{n}题的跳题条件须引用它前面的题目',
    en: 'Question {n}: its condition must name an earlier question',
  },
  survey_question_condition_on_text: {
    'zh-CN': '第{n}题的跳题条件不能引用填空题',
    en: 'Question {n}: its condition cannot depend on a text question',
  },
  survey_question_condition_unknown_value: {
    'zh-CN': '第{n}题的跳题条件须选择所引用题目的选项',
    en: 'Question {n}: its condition must use values the earlier question can take',
  },
  survey_answer_required: {
    'zh-CN': '请回答第{n}题：{question}',
    en: 'Please answer question {n}: {question}',
  },
  survey_answer_unknown_question: {
    'zh-CN': '问卷中没有题目“{question}”，请刷新后重新作答',
    en: 'The survey has no question “{question}”; reload it and answer again',
  },
  survey_answer_wrong_type: {
    'zh-CN': '第{n}题的答案格式不对',
    en: 'The answer to question {n} is not in the right form',
  },
  survey_answer_not_an_option: {
    'zh-CN': '第{n}题的答案不在选项之中',
    en: 'The answer to question {n} is not one of its options',
  },
  survey_answer_rating_range: { 'zh-CN': '第{n}题请打 1 到 5 分', en: 'Rate question {n} from 1 to 5' },
  survey_answer_too_long: {
    'zh-CN': '第{n}题的回答太长了，请控制在 1000 字以内',
    en: 'The answer to question {n} is too long; keep it under 1000 characters',
  },
  survey_already_answered: {
    'zh-CN': '这份问卷已由{who}提交，每户（人）只能提交一次',
    en: 'This survey has already been answered by {who}; it takes one answer each',
  },
  survey_not_open: { 'zh-CN': '这份问卷现在不在收集答卷', en: 'This survey is not taking answers now' },
  survey_not_draft: {
    'zh-CN': '问卷已发布，题目、作答单位、匿名与对象不能再修改',
    en: 'The survey is no longer a draft: its questions, respondents, anonymity and audience are fixed',
  },
  survey_no_questions: { 'zh-CN': '问卷还没有题目，不能发布', en: 'Add questions before opening the survey' },
  survey_closes_before_opens: {
    'zh-CN': '截止时间须晚于开始时间',
    en: 'The closing time must be after the opening time',
  },
  survey_closes_in_past: {
    'zh-CN': '截止时间已过，请先修改截止时间再发布',
    en: 'The closing time has passed; change it before opening the survey',
  },
  survey_household_needed: {
    'zh-CN': '请选择以哪一户的名义作答',
    en: 'Choose which household you are answering for',
  },
  survey_person_needed: { 'zh-CN': '请选择作答的居民', en: 'Choose the person who answered' },
  survey_outside_audience: {
    'zh-CN': '这份问卷不面向该住户',
    en: 'This survey does not ask that household',
  },
  survey_audience_empty: {
    'zh-CN': '请至少选择一个小区或楼栋作为调查对象，或不限对象',
    en: 'Choose at least one compound or building, or leave the audience open',
  },
  survey_is_evaluation: {
    'zh-CN': '物业评议问卷请在评议轮次中结束，以便计算满意率',
    en: 'Close a property evaluation through its round, so its rates are computed',
  },
  survey_results_unavailable: {
    'zh-CN': '问卷结束并公布结果后才能查看结果',
    en: 'The results can be seen once the survey has closed and they are published',
  },
  survey_title_blank: { 'zh-CN': '请填写问卷标题', en: 'Give the survey a title' },
  evaluation_items_repeat: {
    'zh-CN': '评议项目的代码不能重复',
    en: 'Two evaluation items have the same code',
  },
  evaluation_item_reserved: {
    'zh-CN': '评议项目不能使用代码 {code}',
    en: 'An evaluation item cannot use the code {code}',
  },
  evaluation_no_company: {
    'zh-CN': '该小区没有登记物业公司，无法开展物业评议',
    en: 'This compound has no property company on record to evaluate',
  },
  evaluation_round_exists: {
    'zh-CN': '该小区 {period} 的物业评议已经开展过',
    en: 'This compound already has an evaluation for {period}',
  },
  evaluation_round_closed: { 'zh-CN': '本轮物业评议已经结束', en: 'This evaluation round has closed' },
  evaluation_item_unknown: {
    'zh-CN': '本轮评议没有“{code}”这一项目',
    en: 'The round has no evaluation item “{code}”',
  },
  evaluation_case_state: {
    'zh-CN': '整改案件当前状态下不能这样操作',
    en: 'Not possible for this case in its current state',
  },
  evaluation_case_item_blank: { 'zh-CN': '请填写整改事项', en: 'Say what is to be put right' },
  evaluation_case_item_done: { 'zh-CN': '该整改事项已完成', en: 'This item is already done' },
  evaluation_case_note_blank: {
    'zh-CN': '请说明整改完成情况',
    en: 'Say what was done',
  },
  evaluation_case_reevaluation_open: {
    'zh-CN': '复评尚未结束，结束复评后才能结案',
    en: 'The re-evaluation is still open; close it before closing the case',
  },
  evaluation_case_outcome_blank: { 'zh-CN': '请填写整改结果', en: 'Say how the case ended' },
  // ---- patrols (巡逻) and duty rosters (值班表), src/modules/patrols ----
  patrol_blank: { 'zh-CN': '{field} 不能为空', en: '{field} must not be blank' },
  patrol_squad_elsewhere: {
    'zh-CN': '该分队不在这个小区服务',
    en: 'This squad does not serve in this compound',
  },
  patrol_grid_elsewhere: { 'zh-CN': '该网格不在这个小区', en: 'This grid is not in this compound' },
  patrol_reorder_ids: {
    'zh-CN': '请按新顺序列出这条路线的每一个巡逻点，每个一次',
    en: 'List every checkpoint of the route once, in the new order',
  },
  patrol_font_missing: {
    'zh-CN':
      '暂时无法生成巡逻点二维码 PDF：服务器缺少中文字体，请联系系统管理员安装 fonts-noto-cjk 或设置 NOTICE_FONT',
    en: 'The QR sheet PDF cannot be made right now: the server lacks its Chinese font. Ask the system administrator to install fonts-noto-cjk or set NOTICE_FONT',
  },
  patrol_route_empty: {
    'zh-CN': '这条路线还没有巡逻点，请先添加巡逻点',
    en: 'This route has no checkpoints yet; add them first',
  },
  patrol_not_a_slot: {
    'zh-CN': '这不是该路线排定的巡逻时间',
    en: 'This is not one of the route’s scheduled times',
  },
  patrol_slot_not_yet: {
    'zh-CN': '还没到这一班巡逻的时间（最多提前两小时开始）',
    en: 'This patrol slot has not come yet (it may start at most two hours early)',
  },
  patrol_slot_taken: {
    'zh-CN': '这一班巡逻已有人在巡或已完成',
    en: 'Someone else is patrolling this slot or has done it',
  },
  patrol_run_closed: {
    'zh-CN': '这次巡逻已结束，不能再打卡',
    en: 'This patrol run is over; it takes no more scans',
  },
  patrol_checkpoint_required: {
    'zh-CN': '请扫描巡逻点二维码或选择巡逻点',
    en: 'Scan the checkpoint’s QR code or pick the checkpoint',
  },
  patrol_checkpoint_not_on_route: {
    'zh-CN': '这个巡逻点不在本次巡逻的路线上',
    en: 'This checkpoint is not on this run’s route',
  },
  patrol_scan_time: {
    'zh-CN': '打卡时间不对，请检查手机的时间设置',
    en: 'The scan’s time is wrong; check the phone’s clock',
  },
  patrol_finding_note: {
    'zh-CN': '上报问题时请写明发现了什么',
    en: 'Say what you found when you report a finding',
  },
  patrol_finding_only: {
    'zh-CN': '只有上报问题时才能选择类别和上传照片',
    en: 'A category and photos go with a finding only',
  },
  duty_pattern_codes: {
    'zh-CN': '班次代码不能重复，开始和结束时间须为 HH:mm',
    en: 'Each shift needs a code of its own and times as HH:mm',
  },
  duty_range: {
    'zh-CN': '结束日期不能早于开始日期，且一次最多排 {days} 天',
    en: 'The end date cannot come before the start, and one rotation covers at most {days} days',
  },
  duty_per_shift: {
    'zh-CN': '每班人数不能多于参加轮值的人数',
    en: 'A shift cannot need more people than the rotation has',
  },
  duty_person_unknown: {
    'zh-CN': '本社区找不到这个人',
    en: 'No such person in this community',
  },
  duty_slot_unknown: {
    'zh-CN': '该值班点没有这个班次：{slot}',
    en: 'This duty place has no shift {slot}',
  },
  duty_clash: {
    'zh-CN': '这段时间已排有 {count} 个班，如需重排请选择替换',
    en: '{count} shifts are already planned in this range; choose to replace them to rotate again',
  },
  duty_shift_taken: {
    'zh-CN': '此人已在这一班值班',
    en: 'This person is already on this shift',
  },
  duty_shift_past: {
    'zh-CN': '这一班已经过去，不能再调换',
    en: 'This shift is over and can no longer be swapped',
  },
  duty_shift_cancelled: { 'zh-CN': '这一班已取消', en: 'This shift is cancelled' },
  duty_swap_self: {
    'zh-CN': '请选择另一位同事来替班',
    en: 'Choose another colleague to take the shift',
  },
  duty_swap_pending: {
    'zh-CN': '这一班已有待审批的换班申请',
    en: 'This shift already has a swap waiting for approval',
  },
  duty_swap_state: {
    'zh-CN': '这项换班申请已处理',
    en: 'This swap request has already been dealt with',
  },
  'notify.patrol_missed': {
    'zh-CN': '巡逻漏巡：{route} {slot} 这一班没有人巡逻',
    en: 'Missed patrol: nobody walked {route} at {slot}',
  },
  'notify.duty_swap_requested': {
    'zh-CN': '{name} 请您替 {date} {slot} 的班（{place}）',
    en: '{name} asks you to take their shift at {place} on {date} ({slot})',
  },
  'notify.duty_swap_approved': {
    'zh-CN': '您 {date} {slot} 的换班申请已批准，由 {to} 替班（{place}）',
    en: 'Your swap of the {date} {slot} shift at {place} is approved: {to} takes it',
  },
  'notify.duty_swap_rejected': {
    'zh-CN': '您 {date} {slot} 的换班申请未获批准（{place}）',
    en: 'Your swap of the {date} {slot} shift at {place} was not approved',
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
