import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { fileSize, isImage, type Attachment, type MyNoticeDetail } from '../../../shared/notices';
import { fileUrl } from '../../../shared/upload';
import { Loading } from '../../App';
import { noticeKeys } from './data';
import '../orders/orders.css';
import './notices.css';

/** A notice's pictures, shown in the page, and its other files (PDFs), each opening by itself. */
function NoticeFiles({ communityId, files }: { communityId: string; files: Attachment[] }) {
  const { t } = useTranslation();
  const images = files.filter(isImage);
  const documents = files.filter((f) => !isImage(f));
  return (
    <>
      {images.length > 0 && (
        <section aria-labelledby="notice-images">
          <h2 id="notice-images" className="section-title">
            {t('notices.images')}
          </h2>
          <ul className="notice-images">
            {images.map((f, i) => (
              <li key={f.id}>
                <a href={fileUrl(communityId, f.id)} target="_blank" rel="noreferrer">
                  <img
                    src={fileUrl(communityId, f.id)}
                    alt={t('notices.imageAlt', { n: i + 1, name: f.name })}
                    width={f.width ?? undefined}
                    height={f.height ?? undefined}
                    loading="lazy"
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {documents.length > 0 && (
        <section aria-labelledby="notice-files">
          <h2 id="notice-files" className="section-title">
            {t('notices.files')}
          </h2>
          <ul className="notice-files">
            {documents.map((f) => (
              <li key={f.id}>
                <a className="notice-file" href={fileUrl(communityId, f.id)} target="_blank" rel="noreferrer">
                  <span className="notice-file-kind">
                    {f.mime === 'application/pdf' ? 'PDF' : t('notices.file')}
                  </span>
                  <span className="notice-file-name">{f.name}</span>
                  <span>{fileSize(f.size)}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/**
 * 公告 · one: the text as the community wrote it (HTML the server has already cleaned: paragraphs,
 * headings, lists, links; nothing that runs), its pictures and PDFs. Opening it is the read receipt.
 */
export default function NoticeDetailPage() {
  const { t, i18n } = useTranslation();
  const { noticeId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notice = useQuery({
    queryKey: ['notice', noticeId],
    queryFn: async () => {
      const opened = await get<MyNoticeDetail>(`/me/notices/${noticeId}`);
      // Opened: the list's mark and the home page's count change with it.
      void queryClient.invalidateQueries({ queryKey: noticeKeys.all });
      return opened;
    },
  });
  const back = (
    <Button size="small" fill="none" className="back-link" onClick={() => navigate('/notices')}>
      ‹ {t('notices.title')}
    </Button>
  );
  if (notice.isPending) return <Loading />;
  if (notice.isError)
    return (
      <div className="page">
        {back}
        <ErrorBlock status="default" title={errorText(notice.error, t)} description="" />
      </div>
    );
  const n = notice.data;
  return (
    <div className="page">
      {back}
      <article className="notice-paper" aria-labelledby="notice-title">
        <h1 id="notice-title">{n.title}</h1>
        <p className="notice-meta">
          {n.pinned && <span className="pinned-badge">{t('notices.pinned')}</span>}
          <span>{t('notices.publishedAt', { time: formatDateTime(n.publishAt, i18n.language) })}</span>
          {n.expireAt !== null && (
            <span>{t('notices.expiresAt', { time: formatDateTime(n.expireAt, i18n.language) })}</span>
          )}
        </p>
        {/* Sanitised by the server on write (src/modules/notices/body.ts): safe to show as HTML. */}
        <div className="notice-body" dangerouslySetInnerHTML={{ __html: n.bodyHtml }} />
      </article>
      <NoticeFiles communityId={n.communityId} files={n.files} />
    </div>
  );
}
