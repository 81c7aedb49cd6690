import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Progress, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, type Page } from '../../../shared/api';
import { formatArea } from '../../../shared/format';
import { formatDateTime } from '../../../shared/i18n';
import { fileUrl, uploadFile, type UploadedFile } from '../../../shared/upload';
import {
  attachmentKind,
  fileSize,
  type Assembly,
  type AssemblyStatus,
  type Attachment,
  type Matter,
} from '../../../resident/pages/assemblies/model';

/** Pieces the assembly desk pages share: paths, data, dates, uploads, the quorum bar. */

export const assemblyPath = (communityId: string, assemblyId: string) =>
  `/communities/${communityId}/assemblies/${assemblyId}`;

/**
 * Query keys start with 'list' so every save that refreshes lists (useWriteFeedback) refreshes
 * the assembly's pages too.
 */
export const assemblyKey = (assemblyId: string, ...rest: unknown[]) => [
  'list',
  'assembly',
  assemblyId,
  ...rest,
];

export function useAssembly(communityId: string, assemblyId: string) {
  return useQuery({
    queryKey: assemblyKey(assemblyId),
    queryFn: () => get<Assembly>(assemblyPath(communityId, assemblyId)),
  });
}

export function useMatters(communityId: string, assemblyId: string) {
  return useQuery({
    queryKey: assemblyKey(assemblyId, 'matters'),
    queryFn: () => get<Page<Matter>>(`${assemblyPath(communityId, assemblyId)}/matters?pageSize=100`),
  });
}

export function useWhen() {
  const { i18n } = useTranslation();
  return (ms: number | null | undefined) =>
    ms === null || ms === undefined ? '—' : formatDateTime(ms, i18n.language);
}

/** Status in words (antd's coloured tags fall below AA contrast; the words say it all). */
export function StatusTag({ status }: { status: AssemblyStatus }) {
  const { t } = useTranslation();
  return <Tag className={`assembly-tag tag-${status}`}>{t(`assemblies.status.${status}`)}</Tag>;
}

/** An instant picked to the minute, held by the form as epoch ms (what the API takes). */
export function DateTimeInput({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: number | null;
  onChange?: (ms: number | null) => void;
}) {
  return (
    <DatePicker
      id={id}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      style={{ width: '100%' }}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.second(0).millisecond(0).valueOf() : null)}
    />
  );
}

/**
 * Uploads photos or PDFs through the files API with progress, holding the uploaded ids as the form
 * value: an array, or one id when `single`. A plain button opens the file chooser, so the control
 * is one labelled button (antd's Upload wraps a button inside another).
 */
export function FileInput({
  id,
  communityId,
  value,
  onChange,
  single = false,
  accept = 'image/jpeg,image/png,image/webp,application/pdf',
  label,
}: {
  id?: string;
  communityId: string;
  value?: string[] | string | null;
  onChange?: (value: string[] | string | null) => void;
  single?: boolean;
  accept?: string;
  label: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, UploadedFile>>({});
  const ids = value ? (Array.isArray(value) ? value : [value]) : [];

  async function chosen(files: FileList | null) {
    const file = files?.[0];
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const uploaded = await uploadFile(communityId, file, setProgress);
      setNames((old) => ({ ...old, [uploaded.id]: uploaded }));
      onChange?.(single ? uploaded.id : [...ids, uploaded.id]);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="file-input">
      <Space wrap>
        <Button id={id} onClick={() => input.current?.click()} loading={progress !== null}>
          {label}
        </Button>
        {progress !== null && (
          <Progress
            percent={Math.round(progress * 100)}
            size="small"
            style={{ width: 160 }}
            aria-label={t('assemblies.upload.progress')}
          />
        )}
      </Space>
      <input
        ref={input}
        type="file"
        accept={accept}
        // display:none, not the hidden attribute, which antd's form styles override.
        style={{ display: 'none' }}
        tabIndex={-1}
        aria-label={label}
        onChange={(e) => void chosen(e.target.files)}
      />
      {error && (
        <Typography.Text type="danger" role="alert">
          {error}
        </Typography.Text>
      )}
      {ids.length > 0 && (
        <ul className="file-list">
          {ids.map((fileId, i) => (
            <li key={fileId}>
              <a href={fileUrl(communityId, fileId)} target="_blank" rel="noopener noreferrer">
                {names[fileId]?.name ?? t('assemblies.upload.file', { n: i + 1 })}
              </a>{' '}
              <Button
                size="small"
                type="link"
                aria-label={t('assemblies.upload.remove', { n: i + 1 })}
                onClick={() => onChange?.(single ? null : ids.filter((x) => x !== fileId))}
              >
                {t('assemblies.upload.removeShort')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Attached files by name, each with its kind and size, opening in a new tab. */
export function AttachmentLinks({
  communityId,
  files,
}: {
  communityId: string;
  files: readonly Attachment[];
}) {
  const { t } = useTranslation();
  return (
    <ul className="file-list">
      {files.map((f) => (
        <li key={f.id}>
          <a href={fileUrl(communityId, f.id)} target="_blank" rel="noopener noreferrer">
            {f.name}
          </a>{' '}
          <Typography.Text className="file-meta">
            {t('assemblies.fileMeta', {
              kind: t(`assemblies.fileKind.${attachmentKind(f)}`),
              size: fileSize(f.size),
            })}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** part / whole as a percentage with one decimal, rounded down like the server's shares. */
export function share(part: number, whole: number): string {
  if (whole <= 0) return '0.0%';
  const permille = Math.floor((part * 1000) / whole);
  return `${Math.floor(permille / 10)}.${permille % 10}%`;
}

/** The least whole amount reaching 2/3 of `whole`, as the server computes the quorum. */
export const twoThirds = (whole: number) => Math.ceil((2 * whole) / 3);

/**
 * Participation against the 2/3 quorum: a bar with the 2/3 mark, and the numbers in words (the bar
 * only repeats them). `area` amounts are hundredths of m².
 */
export function QuorumBar({
  label,
  part,
  whole,
  area = false,
}: {
  label: string;
  part: number;
  whole: number;
  area?: boolean;
}) {
  const { t } = useTranslation();
  const needed = twoThirds(whole);
  const met = whole > 0 && part >= needed;
  const show = (n: number) => (area ? `${formatArea(n)} m²` : t('assemblies.turnout.people', { count: n }));
  const percent = whole > 0 ? Math.min(100, (part * 100) / whole) : 0;
  return (
    <div className="quorum-bar">
      <div className="quorum-bar-label">
        <strong>{label}</strong>{' '}
        <span>
          {t('assemblies.turnout.sofar', { part: show(part), whole: show(whole), share: share(part, whole) })}
        </span>{' '}
        <span className={met ? 'mark-met' : 'mark-unmet'}>
          {met
            ? t('assemblies.turnout.quorumMet')
            : t('assemblies.turnout.quorumShort', { missing: show(needed - part) })}
        </span>
      </div>
      <div
        className="quorum-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.floor(percent)}
        aria-valuetext={share(part, whole)}
      >
        <div className={`quorum-fill${met ? ' met' : ''}`} style={{ width: `${percent}%` }} />
        <div className="quorum-mark" style={{ left: '66.667%' }} aria-hidden>
          <span>2/3</span>
        </div>
      </div>
    </div>
  );
}
