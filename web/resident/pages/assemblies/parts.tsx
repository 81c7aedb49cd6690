import { useQuery } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { fileUrl } from '../../../shared/upload';
import {
  attachmentKind,
  fileSize,
  shortHash,
  type Attachment,
  type AssemblyStatus,
  type ListedCandidate,
  type MyAssembly,
  type MyCanvassAssignment,
} from './model';

/** Pieces the owner's assembly screens share: the data, choices in words, the receipt. */

export const myAssemblyKey = (id: string) => ['my-assembly', id];

export function useMyAssembly(id: string) {
  return useQuery({
    queryKey: myAssemblyKey(id),
    queryFn: () => get<MyAssembly>(`/me/assemblies/${id}`),
  });
}

/** The buildings I am assigned to canvass, in assemblies that are announced or voting. */
export function useMyCanvass() {
  return useQuery({
    queryKey: ['my-canvass'],
    queryFn: () => get<Page<MyCanvassAssignment>>('/me/canvass?pageSize=200'),
  });
}

/** A ballot's choice in words: 同意 / 反对 / 弃权, or the names chosen in an election. */
export function choiceWords(
  t: TFunction,
  ballot: { choice?: string | null; choices?: string[] | null },
  candidates: readonly Pick<ListedCandidate, 'id' | 'name'>[] = [],
): string {
  if (ballot.choices) {
    if (!ballot.choices.length) return t('assembly.noneChosenShort');
    return ballot.choices.map((id) => candidates.find((c) => c.id === id)?.name ?? id).join('、');
  }
  return ballot.choice ? t(`assembly.choice.${ballot.choice}`) : '—';
}

export function StatusText({ status }: { status: AssemblyStatus }) {
  const { t } = useTranslation();
  return <span className={`assembly-status status-${status}`}>{t(`assembly.status.${status}`)}</span>;
}

export function useWhen() {
  const { i18n } = useTranslation();
  return (ms: number) => formatDateTime(ms, i18n.language);
}

/** Copies text; where the clipboard API is refused (older WeChat), through a selected text area. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

/** The receipt: short enough to read out, copied whole with one tap, and shown in full below. */
export function ReceiptHash({ hash }: { hash: string }) {
  const { t } = useTranslation();
  return (
    <div className="receipt">
      <p className="receipt-short" aria-hidden>
        {shortHash(hash)}
      </p>
      <Button
        block
        size="large"
        onClick={async () => {
          Toast.show({ content: (await copyText(hash)) ? t('assembly.copied') : t('assembly.copyFailed') });
        }}
      >
        {t('assembly.copy')}
      </Button>
      <p className="receipt-full-label">{t('assembly.receiptFull')}</p>
      <code className="receipt-full" data-testid="receipt-full">
        {hash}
      </code>
    </div>
  );
}

/** A matter's attachments by name, each saying what it is and how big before a phone downloads it. */
export function AttachmentList({
  communityId,
  attachments,
  headingId,
  title,
}: {
  communityId: string;
  attachments: readonly Attachment[];
  headingId: string;
  title?: string;
}) {
  const { t } = useTranslation();
  if (!attachments.length) return null;
  return (
    <section aria-labelledby={headingId} className="attachments">
      <h2 id={headingId}>{title ?? t('assembly.attachments')}</h2>
      <ul>
        {attachments.map((f) => (
          <li key={f.id}>
            <a href={fileUrl(communityId, f.id)} target="_blank" rel="noopener noreferrer">
              <span aria-hidden className="file-icon">
                {attachmentKind(f) === 'image' ? '🖼' : '📄'}
              </span>
              {f.name}
            </a>
            <span className="file-meta">
              {t('assembly.fileMeta', {
                kind: t(`assembly.fileKind.${attachmentKind(f)}`),
                size: fileSize(f.size),
              })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
