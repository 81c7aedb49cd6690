import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Locale } from '../../core/config';
import type { DB } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { access } from '../../core/http/access';
import { finishSheet, toBuffer, xlsxType } from './sheet';

/**
 * Any list of the API as an .xlsx workbook, with the filters the caller chose. The list's pages are
 * fetched through the API itself with the caller's session, so exactly their authorisation applies.
 */

export const maxExportRows = 50_000;
const pageSize = 200;
const shanghaiOffsetMs = 8 * 60 * 60 * 1000;

export type Labels = Record<Locale, string>;
const label = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });

/**
 * A list route's own sheet, declared by the module that owns the route (declareExportSheet): its
 * name, and its columns in order with their headers. A column with no header in the caller's
 * language, and any field not named, is left out of that language's sheet. `values` words the list's
 * stored values (its states, kinds…) as people say them, over the common words below.
 */
export interface ExportSheet {
  title: Labels;
  columns: Record<string, Partial<Labels>>;
  values?: Record<string, Record<string, Labels>>;
}

const declaredSheets = new Map<string, { pattern: RegExp; sheet: ExportSheet }>();

/**
 * Declares the sheet of the GET list route `route` (below /api/v1, with its :params, as registered),
 * e.g. '/communities/:communityId/orders'. Lists not declared keep the common headers below.
 */
export function declareExportSheet(route: string, sheet: ExportSheet): void {
  const pattern = new RegExp(`^${route.replace(/:\w+/g, '[^/]+')}$`);
  declaredSheets.set(route, { pattern, sheet });
}

const declaredSheet = (path: string) => [...declaredSheets.values()].find((d) => d.pattern.test(path))?.sheet;

/** Column names for the community model's lists; any other field keeps its API name. */
const columnLabels: Record<string, Labels> = {
  name: label('名称', 'Name'),
  code: label('代码', 'Code'),
  address: label('地址', 'Address'),
  yearBuilt: label('建成年份', 'Year built'),
  propertyCompanyId: label('物业公司', 'Property company'),
  compoundId: label('小区', 'Compound'),
  compoundName: label('小区', 'Compound'),
  buildingId: label('楼栋', 'Building'),
  buildingName: label('楼栋', 'Building'),
  entranceId: label('单元', 'Entrance'),
  entranceName: label('单元', 'Entrance'),
  roomId: label('房号', 'Room'),
  roomNumber: label('房号', 'Room'),
  householdId: label('户', 'Household'),
  gridId: label('网格', 'Grid'),
  squadId: label('分队', 'Squad'),
  number: label('房号', 'Room number'),
  floor: label('楼层', 'Floor'),
  floors: label('层数', 'Floors'),
  area: label('面积（㎡）', 'Area (m²)'),
  areaSource: label('面积来源', 'Area source'),
  use: label('用途', 'Use'),
  phone: label('电话', 'Phone'),
  idNumber: label('身份证号', 'ID number'),
  gender: label('性别', 'Gender'),
  birthYear: label('出生年份', 'Year of birth'),
  politicalStatus: label('政治面貌', 'Political status'),
  flags: label('关注标签', 'Circumstances'),
  notes: label('备注', 'Notes'),
  homes: label('所在户', 'Households'),
  headName: label('户主', 'Head of household'),
  kind: label('类型', 'Kind'),
  relation: label('与户主关系', 'Relation to the head'),
  since: label('起始日期', 'Since'),
  until: label('截止日期', 'Until'),
  status: label('状态', 'Status'),
  type: label('类型', 'Type'),
  contactName: label('联系人', 'Contact'),
  contactPhone: label('联系电话', 'Contact phone'),
  creditCode: label('统一社会信用代码', 'Credit code'),
  companyName: label('物业公司', 'Property company'),
  startsOn: label('开始日期', 'Starts on'),
  endsOn: label('结束日期', 'Ends on'),
  termNo: label('届次', 'Term'),
  termStart: label('任期开始', 'Term starts'),
  termEnd: label('任期结束', 'Term ends'),
  role: label('角色', 'Role'),
  scopeKind: label('范围', 'Scope'),
  accountName: label('账号', 'Account'),
  isVoter: label('是否投票人', 'Votes'),
  isDeveloper: label('开发商', 'Developer'),
  createdAt: label('创建时间', 'Created'),
  updatedAt: label('更新时间', 'Updated'),
  archivedAt: label('归档时间', 'Archived'),
  closedAt: label('注销时间', 'Closed'),
  grantedAt: label('授权时间', 'Granted'),
  revokedAt: label('撤销时间', 'Revoked'),
};

/** Where one word means different things per list. */
const listColumnLabels: Record<string, Record<string, Labels>> = {
  people: { name: label('姓名', 'Name') },
  households: { name: label('户名', 'Household') },
  residencies: { kind: label('居住类型', 'Residency') },
};

/** The lists' own names, for the sheet and the file. */
const listLabels: Record<string, Labels> = {
  compounds: label('小区', 'Compounds'),
  buildings: label('楼栋', 'Buildings'),
  entrances: label('单元', 'Entrances'),
  rooms: label('房屋', 'Rooms'),
  households: label('户', 'Households'),
  people: label('居民', 'People'),
  owners: label('产权人', 'Owners'),
  electorate: label('投票权人', 'Electorate'),
  grids: label('网格', 'Grids'),
  squads: label('志愿服务分队', 'Squads'),
  'party-orgs': label('党组织', 'Party organisations'),
  'owner-committees': label('业委会', 'Owners’ committees'),
  'property-contracts': label('物业合同', 'Property contracts'),
  'property-companies': label('物业公司', 'Property companies'),
  'cobuild-units': label('共建单位', 'Co-building units'),
  grants: label('授权', 'Role grants'),
  audit: label('审计日志', 'Audit log'),
  'household-bindings': label('入户申请', 'Household bindings'),
  invitations: label('邀请码', 'Invitations'),
  communities: label('社区', 'Communities'),
  streets: label('街道', 'Streets'),
};

/** Stored words shown as people say them. */
const valueLabels: Record<string, Record<string, Labels>> = {
  use: {
    residence: label('住宅', 'Residence'),
    shop: label('商铺', 'Shop'),
    parking: label('车位', 'Parking'),
    other: label('其他', 'Other'),
  },
  areaSource: {
    register: label('不动产登记', 'Property register'),
    survey: label('测绘', 'Survey'),
    contract: label('购房合同', 'Purchase contract'),
  },
  politicalStatus: {
    party_member: label('中共党员', 'Party member'),
    probationary: label('预备党员', 'Probationary member'),
    league: label('共青团员', 'League member'),
    masses: label('群众', 'Masses'),
  },
  gender: { male: label('男', 'Male'), female: label('女', 'Female') },
  kind: {
    owner: label('业主', 'Owner'),
    tenant: label('租户', 'Tenant'),
    family: label('家庭成员', 'Family member'),
    committee: label('社区党委', 'Community party committee'),
    branch: label('党支部', 'Party branch'),
    group: label('党小组', 'Party group'),
    central_household: label('党员中心户', 'Party member household'),
  },
  status: {
    preparing: label('筹备中', 'Preparing'),
    serving: label('履职中', 'Serving'),
    ended: label('已结束', 'Ended'),
    active: label('生效中', 'Active'),
    terminated: label('已终止', 'Terminated'),
  },
  role: {
    resident: label('居民', 'Resident'),
    owner: label('业主', 'Owner'),
    volunteer: label('志愿者', 'Volunteer'),
    partyMember: label('党员', 'Party member'),
    squadLeader: label('分队长', 'Squad leader'),
    gridWorker: label('网格员', 'Grid worker'),
    branch: label('小区党支部', 'Party branch'),
    committee: label('业委会', 'Owners’ committee'),
    property: label('物业', 'Property company'),
    communityStaff: label('社区工作人员', 'Community staff'),
    communityAdmin: label('社区书记', 'Community secretary'),
    streetAdmin: label('街道', 'Street'),
  },
  scopeKind: {
    street: label('街道', 'Street'),
    community: label('社区', 'Community'),
    compound: label('小区', 'Compound'),
    building: label('楼栋', 'Building'),
    grid: label('网格', 'Grid'),
    squad: label('分队', 'Squad'),
  },
  flags: {
    living_alone: label('独居', 'Living alone'),
    empty_nest: label('空巢', 'Empty nest'),
    disabled: label('残疾', 'Disabled'),
    left_behind_minor: label('留守儿童', 'Left-behind child'),
    elderly_80: label('高龄', 'Aged 80+'),
    low_income: label('低保', 'Low income'),
  },
};

/** Ids that mean something once named: looked up in the list's community. */
const namedIds: Record<string, { table: keyof DB; column: string; tenant: boolean }> = {
  compoundId: { table: 'compounds', column: 'name', tenant: true },
  buildingId: { table: 'buildings', column: 'name', tenant: true },
  entranceId: { table: 'entrances', column: 'name', tenant: true },
  roomId: { table: 'rooms', column: 'number', tenant: true },
  householdId: { table: 'households', column: 'name', tenant: true },
  gridId: { table: 'grids', column: 'name', tenant: true },
  squadId: { table: 'squads', column: 'name', tenant: true },
  propertyCompanyId: { table: 'property_companies', column: 'name', tenant: false },
};

/** RFC 6266/5987: a UTF-8 file name for browsers, an ASCII one for the rest. */
export function attachment(fileName: string, fallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** A failure of the list itself (403, 404, a bad filter), passed on as the list answered it. */
export class ListError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`list answered ${status}`);
  }
}

type Item = Record<string, unknown>;

/** The list's path below /api/v1, or a 400 when it is not one of the API's GET routes. */
function listPath(app: FastifyInstance, path: string): string {
  const below = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : path;
  if (!/^(\/[\w-]+)+$/.test(below) || below.startsWith('/export') || below.startsWith('/auth'))
    throw new AppError(400, 'export_bad_path');
  // The web app's catch-all ('/*') answers any path; only the API's own routes count.
  const route = app.findRoute({ method: 'GET', url: `/api/v1${below}` });
  if (!route || '*' in route.params) throw new AppError(400, 'export_bad_path');
  return below;
}

async function fetchAll(
  app: FastifyInstance,
  path: string,
  query: Record<string, string | string[]>,
  headers: Record<string, string>,
): Promise<{ items: Item[]; total: number }> {
  const items: Item[] = [];
  let total: number;
  for (let page = 1; ; page++) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    params.set('page', String(page));
    params.set('pageSize', String(pageSize));
    const res = await app.inject({ method: 'GET', url: `/api/v1${path}?${params}`, headers });
    const body = res.json<unknown>();
    if (res.statusCode !== 200) throw new ListError(res.statusCode, body);
    const list = body as { items?: unknown; total?: unknown };
    if (!Array.isArray(list.items) || typeof list.total !== 'number')
      throw new AppError(400, 'export_not_list');
    total = list.total;
    items.push(...(list.items as Item[]));
    if (!list.items.length || items.length >= Math.min(total, maxExportRows)) break;
  }
  return { items: items.slice(0, maxExportRows), total };
}

/** Names for the ids the rows hold, looked up in one query per kind. */
async function nameIds(
  db: Kysely<DB>,
  communityId: string | null,
  keys: string[],
  items: Item[],
): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  for (const key of keys) {
    const spec = namedIds[key]!;
    if (spec.tenant && !communityId) continue;
    const ids = [...new Set(items.map((i) => i[key]).filter((v): v is string => typeof v === 'string'))];
    const names = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      // Table and column come from the fixed map above, never from the request.
      let query = db
        .selectFrom(spec.table as 'compounds')
        .select(['id', `${spec.column} as name` as 'name'])
        .where('id', 'in', ids.slice(i, i + 500));
      if (spec.tenant) query = query.where('community_id', '=', communityId!);
      for (const row of await query.execute()) names.set(row.id, row.name);
    }
    out.set(key, names);
  }
  return out;
}

function nameOf(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as Item;
    for (const key of ['name', 'householdName', 'title', 'number', 'roomNumber'])
      if (typeof v[key] === 'string') return v[key] as string;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One cell of the sheet from one field of a row; `words` names its stored values. */
function cellValue(
  key: string,
  value: unknown,
  locale: Locale,
  words: Record<string, Labels> | undefined = valueLabels[key],
): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  const word = (v: unknown) => (typeof v === 'string' && words?.[v]?.[locale]) || nameOf(v);
  if (typeof value === 'boolean') return locale === 'en' ? (value ? 'Yes' : 'No') : value ? '是' : '否';
  if (typeof value === 'number' && /At$/.test(key) && value > 1e11)
    // Excel dates have no zone: write the wall-clock time in Asia/Shanghai.
    return new Date(value + shanghaiOffsetMs);
  if ((key === 'area' || /Area$/.test(key)) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (Array.isArray(value)) return value.map(word).join(locale === 'en' ? ', ' : '、');
  if (typeof value === 'object') return nameOf(value);
  if (typeof value === 'number') return value;
  return word(value);
}

export interface ExportedList {
  file: Buffer;
  fileName: string;
  fallbackName: string;
  rows: number;
  total: number;
}

/**
 * Fetches every page of a list (up to maxExportRows rows) with the given headers (the caller's
 * cookie) and writes it as a workbook.
 */
export async function exportList(
  app: FastifyInstance,
  request: {
    path: string;
    query: Record<string, string | string[]>;
    headers: Record<string, string>;
    locale: Locale;
  },
): Promise<ExportedList> {
  const { locale } = request;
  const path = listPath(app, request.path);
  const { items, total } = await fetchAll(app, path, request.query, request.headers);
  const segments = path.split('/').filter(Boolean);
  const list = segments[segments.length - 1]!;
  const communityId = segments[0] === 'communities' ? (segments[1] ?? null) : null;

  const declared = declaredSheet(path);
  const keys: string[] = [];
  for (const item of items) for (const key of Object.keys(item)) if (!keys.includes(key)) keys.push(key);
  const named = keys.filter((k) => namedIds[k] && !keys.includes(k.replace(/Id$/, 'Name')));
  const shown = declared
    ? Object.keys(declared.columns).filter((k) => declared.columns[k]![locale])
    : keys.filter((k) => k !== 'communityId' && (named.includes(k) || !/^id$|Ids?$|By$/.test(k)));
  const names = await nameIds(app.deps.db, communityId, named, items);
  const header = (k: string) =>
    (declared?.columns[k] ?? listColumnLabels[list]?.[k] ?? columnLabels[k])?.[locale] ?? k;

  const workbook = new ExcelJS.Workbook();
  const title = (declared?.title ?? listLabels[list])?.[locale] ?? list;
  const sheet = workbook.addWorksheet(title.slice(0, 31));
  sheet.addRow(shown.map(header));
  for (const item of items)
    sheet.addRow(
      shown.map((k) =>
        names.has(k)
          ? (names.get(k)!.get(item[k] as string) ?? null)
          : cellValue(k, item[k], locale, declared?.values?.[k] ?? valueLabels[k]),
      ),
    );
  shown.forEach((k, i) => {
    const column = sheet.getColumn(i + 1);
    if (k === 'area' || /Area$/.test(k)) column.numFmt = '0.00';
    if (/At$/.test(k)) column.numFmt = 'yyyy-mm-dd hh:mm';
  });
  finishSheet(sheet, shown.length);

  const stamp = new Date(Date.now() + shanghaiOffsetMs).toISOString().slice(0, 10).replace(/-/g, '');
  return {
    file: await toBuffer(workbook),
    fileName: `${title}-${stamp}.xlsx`,
    fallbackName: `${list}-${stamp}.xlsx`,
    rows: items.length,
    total,
  };
}

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/export',
    {
      config: { access: access.session() },
      schema: {
        tags: ['roster'],
        summary: 'Any list as an .xlsx workbook, with the list’s own filters',
        description:
          '`path` names a list below /api/v1 (e.g. /communities/{id}/rooms); every other parameter is passed to it as its filters. ' +
          `At most ${maxExportRows} rows; the list answers 403/404/400 as it would itself.`,
        querystring: Type.Object(
          { path: Type.String({ minLength: 1, maxLength: 300 }) },
          { additionalProperties: true },
        ),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary', description: xlsxType }) },
      },
    },
    async (req, reply) => {
      const { path, page: _page, pageSize: _size, ...query } = req.query as Record<string, string | string[]>;
      const headers: Record<string, string> = { 'accept-language': req.locale };
      if (req.headers.cookie) headers.cookie = req.headers.cookie;
      try {
        const result = await exportList(app, { path: String(path), query, headers, locale: req.locale });
        return reply
          .type(xlsxType)
          .header('content-disposition', attachment(result.fileName, result.fallbackName))
          .header('x-export-rows', String(result.rows))
          .header('x-export-total', String(result.total))
          .send(result.file);
      } catch (err) {
        // The list's own error, already in the caller's language.
        if (err instanceof ListError) return (reply as FastifyReply).status(err.status).send(err.body);
        throw err;
      }
    },
  );
};
