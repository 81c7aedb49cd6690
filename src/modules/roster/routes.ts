import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Locale } from '../../core/config';
import { AppError } from '../../core/errors';
import { translate } from '../../core/i18n';
import { access, actor, communityOf, requireCan } from '../../core/http/access';
import { Id, Nullable, StringEnum } from '../../core/http/schemas';
import { maskIdNumber, maskPhone } from '../../core/personal';
import { formatArea } from '../structure/area';
import { requireLive } from '../structure/shared';
import { ImportJobs, type ImportJob } from './jobs';
import { parseRowList, RosterFileError, type Problem, type RosterRow } from './parse';
import { describeRosterProblem } from './problems';
import { maxUploadBytes, readRosterGrid, rosterTemplate, xlsxType } from './sheet';
import { applyPlan, assessRoster, type Assessment } from './store';
import { attachment } from './export';

/**
 * 花名册导入: a template to fill in, a preview listing every problem by row and column, and an import
 * that applies all good rows in one transaction, in the background with progress to poll.
 */

const CompoundParams = Type.Object({ communityId: Id, compoundId: Id });
const JobParams = Type.Object({ communityId: Id, compoundId: Id, jobId: Id });

const ProblemSchema = Type.Object({
  row: Type.Integer({ description: 'the sheet’s row number, as Excel shows it' }),
  cell: Nullable(Type.String({ description: 'e.g. E7' })),
  column: Nullable(Type.String({ description: 'the column’s header as written in the sheet' })),
  field: Nullable(Type.String()),
  level: StringEnum(['error', 'warning'] as const),
  code: Type.String(),
  message: Type.String(),
});

const Count = Type.Object({ created: Type.Integer(), existing: Type.Integer() });
const SummarySchema = Type.Object({
  buildings: Count,
  entrances: Count,
  rooms: Count,
  households: Count,
  people: Count,
  residencies: Type.Object({ created: Type.Integer() }),
});

const SampleRow = Type.Object({
  row: Type.Integer(),
  building: Nullable(Type.String()),
  entrance: Type.String(),
  room: Nullable(Type.String()),
  floor: Nullable(Type.Integer()),
  area: Nullable(Type.String()),
  areaSource: Nullable(Type.String()),
  use: Nullable(Type.String()),
  name: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked' })),
  idNumber: Nullable(Type.String({ description: 'masked' })),
  relation: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  politicalStatus: Nullable(Type.String()),
});

const Preview = Type.Object({
  sheet: Type.String(),
  headerRow: Type.Integer(),
  columns: Type.Array(
    Type.Object({ column: Type.String(), header: Type.String(), field: Nullable(Type.String()) }),
  ),
  rows: Type.Integer({ description: 'data rows read (blank rows not counted)' }),
  blankRows: Type.Integer(),
  badRows: Type.Array(Type.Integer(), { description: 'rows with errors: they import only once excluded' }),
  ignoredRows: Type.Array(Type.Integer(), { description: 'exact repeats of an earlier row, left out' }),
  rowsToImport: Type.Integer({ description: 'rows the import applies once the bad rows are excluded' }),
  summary: SummarySchema,
  problems: Type.Array(ProblemSchema),
  sample: Type.Array(SampleRow, { description: 'the first rows as read, numbers masked' }),
});

const Job = Type.Object({
  id: Type.String(),
  status: StringEnum(['running', 'done', 'failed'] as const),
  done: Type.Integer({ description: 'rows written so far' }),
  total: Type.Integer(),
  result: Nullable(Type.Object({ rows: Type.Integer(), summary: SummarySchema })),
  error: Nullable(Type.String()),
});

const uploadNote = `The .xlsx file itself is the request body (Content-Type ${xlsxType}), at most 10 MB.`;

const describe = (problems: readonly Problem[], locale: Locale) =>
  problems.map((p) => ({ ...p, message: describeRosterProblem(p, locale) }));

function sampleOf(rows: readonly RosterRow[]) {
  return rows.slice(0, 20).map((r) => ({
    row: r.row,
    building: r.building,
    entrance: r.entrance,
    room: r.room,
    floor: r.floor,
    area: r.areaCenti === null ? null : formatArea(r.areaCenti),
    areaSource: r.areaSource,
    use: r.use,
    name: r.person?.name || null,
    phone: maskPhone(r.person?.phone),
    idNumber: maskIdNumber(r.person?.idNumber),
    relation: r.person?.relation ?? null,
    kind: r.person?.kind ?? null,
    politicalStatus: r.person?.politicalStatus ?? null,
  }));
}

export const rosterImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, vault } = app.deps;
  const jobs = new ImportJobs();
  app.addHook('onClose', () => jobs.idle());

  // The upload is the file itself; its type is then checked by its content (loadWorkbook).
  app.addContentTypeParser(
    [xlsxType, 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: maxUploadBytes },
    (_req, body, done) => done(null, body),
  );

  /** The compound to import into: found (404), the caller may write structure and people there (403). */
  async function target(req: FastifyRequest, compoundId: string) {
    const compound = await db
      .selectFrom('compounds')
      .select(['id', 'name', 'archived_at'])
      .where('community_id', '=', communityOf(req).id)
      .where('id', '=', compoundId)
      .executeTakeFirst();
    if (!compound) throw new AppError(404, 'not_found');
    requireCan(req, 'org.write', { compoundId: compound.id });
    requireCan(req, 'people.write', { compoundId: compound.id });
    return compound;
  }

  async function assess(req: FastifyRequest, compoundId: string, excluded?: ReadonlySet<number>) {
    const compound = await target(req, compoundId);
    requireLive(compound);
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError(400, 'roster_file_required');
    try {
      const grid = await readRosterGrid(req.body);
      return await assessRoster(db, vault, communityOf(req).id, compound.id, grid, excluded);
    } catch (err) {
      if (err instanceof RosterFileError) throw new AppError(400, err.code, err.params);
      throw err;
    }
  }

  const preview = (a: Assessment, locale: Locale) => ({
    sheet: a.parsed.sheet,
    headerRow: a.parsed.headerRow,
    columns: a.parsed.columns.map((c) => ({ column: c.letter, header: c.header, field: c.field })),
    rows: a.parsed.rows.length,
    blankRows: a.parsed.blankRows,
    badRows: a.badRows,
    ignoredRows: a.ignoredRows,
    rowsToImport: a.plan.rows.length,
    summary: a.plan.summary,
    problems: describe(a.problems, locale),
    sample: sampleOf(a.parsed.rows),
  });

  const job = (j: ImportJob, locale: Locale) => ({
    id: j.id,
    status: j.status,
    done: j.done,
    total: j.total,
    result: j.result,
    error:
      j.status === 'failed' ? translate('roster_import_failed', locale, { requestId: j.requestId }) : null,
  });

  app.get(
    '/communities/:communityId/compounds/:compoundId/roster/template.xlsx',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['roster'],
        summary: 'The roster template (花名册模板): Chinese headers, an example sheet and instructions',
        params: CompoundParams,
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary', description: xlsxType }) },
      },
    },
    async (req, reply) => {
      const compound = await target(req, req.params.compoundId);
      const name = req.locale === 'en' ? 'roster-template' : '花名册模板';
      return reply
        .type(xlsxType)
        .header('content-disposition', attachment(`${name}-${compound.name}.xlsx`, 'roster-template.xlsx'))
        .send(await rosterTemplate(req.locale));
    },
  );

  app.post(
    '/communities/:communityId/compounds/:compoundId/roster/preview',
    {
      bodyLimit: maxUploadBytes,
      config: { access: access.community('org.write') },
      schema: {
        tags: ['roster'],
        summary: 'Check a roster sheet: every problem by row and column, and what an import would create',
        description: uploadNote,
        params: CompoundParams,
        response: { 200: Preview },
      },
    },
    async (req) => preview(await assess(req, req.params.compoundId), req.locale),
  );

  app.post(
    '/communities/:communityId/compounds/:compoundId/roster/import',
    {
      bodyLimit: maxUploadBytes,
      config: { access: access.community('org.write') },
      schema: {
        tags: ['roster'],
        summary:
          'Import a roster sheet: all rows in one transaction or nothing, refused while any row not excluded has an error',
        description: `${uploadNote} Progress: GET …/roster/jobs/{jobId}.`,
        params: CompoundParams,
        querystring: Type.Object({
          excludeRows: Type.Optional(
            Type.String({
              maxLength: 8000,
              pattern: '^[0-9,\\- ]*$',
              description: 'sheet rows to leave out, as listed by the preview: "3,5,9-12"',
            }),
          ),
        }),
        response: { 202: Job },
      },
    },
    async (req, reply) => {
      const excluded = parseRowList(req.query.excludeRows ?? '');
      if (!excluded)
        throw new AppError(400, 'validation', { detail: 'excludeRows' }, [
          { field: 'excludeRows', message: 'e.g. 3,5,9-12' },
        ]);
      const { communityId, compoundId } = req.params;
      if (jobs.runningIn(communityId, compoundId)) throw new AppError(409, 'roster_import_running');
      const assessment = await assess(req, compoundId, new Set(excluded));
      if (assessment.badRows.length)
        throw new AppError(
          400,
          'roster_has_errors',
          { count: assessment.badRows.length },
          {
            badRows: assessment.badRows,
            problems: describe(
              assessment.problems.filter((p) => p.level === 'error'),
              req.locale,
            ),
          },
        );
      // Checked again: another import may have started while this one was being read.
      if (jobs.runningIn(communityId, compoundId)) throw new AppError(409, 'roster_import_running');
      const who = actor(req);
      const started = jobs.start(
        {
          communityId,
          compoundId,
          accountId: who.actorAccountId,
          requestId: String(req.id),
          total: assessment.plan.rows.length,
        },
        (progress) =>
          applyPlan(db, vault, { communityId, compoundId }, assessment.plan, who, (done) => progress(done)),
        (err) => req.log.error({ err }, 'roster import failed'),
      );
      return reply.status(202).send(job(started, req.locale));
    },
  );

  app.get(
    '/communities/:communityId/compounds/:compoundId/roster/jobs/:jobId',
    {
      config: { access: access.community('org.write') },
      schema: {
        tags: ['roster'],
        summary: 'An import’s progress and, once done, what it created',
        params: JobParams,
        response: { 200: Job },
      },
    },
    async (req) => {
      await target(req, req.params.compoundId);
      const found = jobs.get(req.params.jobId);
      // Only whoever started an import follows it.
      if (
        !found ||
        found.communityId !== req.params.communityId ||
        found.compoundId !== req.params.compoundId ||
        found.accountId !== actor(req).actorAccountId
      )
        throw new AppError(404, 'not_found');
      return job(found, req.locale);
    },
  );
};
