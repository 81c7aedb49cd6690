import { Button, Modal, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RectificationState } from '../../../shared/notices';
import type { NoticeStatus } from './model';
import './notices.css';

/** Status words with a mark before them (the tag's colour only repeats what the words say). */

const noticeMarks: Record<NoticeStatus, string> = {
  draft: '✎',
  scheduled: '◷',
  published: '✓',
  expired: '○',
  withdrawn: '✕',
};

export function NoticeStatusTag({ status }: { status: NoticeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag className={`notice-tag notice-${status}`}>
      <span aria-hidden>{noticeMarks[status]} </span>
      {t(`notices.status.${status}`)}
    </Tag>
  );
}

const rectificationMarks: Record<RectificationState, string> = {
  issued: '○',
  replied: '✉',
  done: '✓',
  not_done: '⚠',
};

export function RectificationStateTag({ state }: { state: RectificationState }) {
  const { t } = useTranslation();
  return (
    <Tag className={`notice-tag rect-${state}`}>
      <span aria-hidden>{rectificationMarks[state]} </span>
      {t(`rectification.state.${state}`)}
    </Tag>
  );
}

export function PinnedTag() {
  const { t } = useTranslation();
  return (
    <Tag className="notice-tag notice-pinned">
      <span aria-hidden>↑ </span>
      {t('notices.pinned')}
    </Tag>
  );
}

/**
 * 打印预览: the PDF as the browser shows it, before it goes to the printer; the browser's own viewer
 * prints it, or it opens in a tab of its own.
 */
export function PrintPreview({
  url,
  title,
  onClose,
}: {
  /** The PDF under /api/v1; null: closed. */
  url: string | null;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={!!url}
      title={title}
      onCancel={onClose}
      width="min(1000px, 100vw)"
      destroyOnHidden
      footer={
        <>
          <Button href={url ?? undefined} target="_blank" rel="noopener noreferrer" type="primary">
            {t('rectification.print.openTab')}
          </Button>
          <Button onClick={onClose}>{t('rectification.print.close')}</Button>
        </>
      }
    >
      <Typography.Paragraph>{t('rectification.print.hint')}</Typography.Paragraph>
      {/* #view=Fit: the browser's viewer shows the whole page, as it will come out of the printer. */}
      {url && <iframe className="print-preview-frame" src={`${url}#view=Fit`} title={title} />}
    </Modal>
  );
}
