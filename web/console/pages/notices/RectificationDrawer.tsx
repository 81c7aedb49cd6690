import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { formatDay, isPending, type Attachment, type RectificationDetail } from '../../../shared/notices';
import { fileUrl } from '../../../shared/upload';
import { campaignKey, rectificationPath } from './model';
import { RectificationStateTag } from './parts';

/** Photos as thumbnails, each opening the full picture. */
export function PhotoThumbs({
  communityId,
  photos,
  label,
}: {
  communityId: string;
  photos: Attachment[];
  label: string;
}) {
  const { t } = useTranslation();
  if (!photos.length) return null;
  return (
    <ul className="rect-photos" aria-label={label}>
      {photos.map((p, i) => (
        <li key={p.id}>
          <a href={fileUrl(communityId, p.id)} target="_blank" rel="noopener noreferrer">
            <img src={fileUrl(communityId, p.id, 'thumb')} alt={t('rectification.photoN', { n: i + 1 })} />
          </a>
        </li>
      ))}
    </ul>
  );
}

/** How a notice reached the household, in words: posted, handed over, read in the app, or not yet. */
export function useDeliveryText() {
  const { t, i18n } = useTranslation();
  return (n: Pick<RectificationDetail, 'deliveryMethod' | 'deliveredAt'>) =>
    n.deliveryMethod
      ? `${t(`rectification.delivery.${n.deliveryMethod}`)} · ${formatDateTime(n.deliveredAt!, i18n.language)}`
      : t('rectification.delivery.none');
}

/**
 * One rectification notice in full: where, to whom, by when, delivery, the household's reply with
 * its photos, every check with its photos, and what came next; print it, check it, or go to the
 * notice before or after it.
 */
export function RectificationDrawer({
  communityId,
  campaignId,
  noticeId,
  onOpen,
  onClose,
  onCheck,
  onPrint,
}: {
  communityId: string;
  campaignId: string;
  noticeId: string | null;
  onOpen: (noticeId: string) => void;
  onClose: () => void;
  onCheck: (notice: RectificationDetail) => void;
  onPrint: (notice: RectificationDetail) => void;
}) {
  const { t, i18n } = useTranslation();
  const delivery = useDeliveryText();
  const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms, i18n.language));
  const notice = useQuery({
    queryKey: campaignKey(campaignId, 'notice', noticeId),
    enabled: !!noticeId,
    queryFn: () => get<RectificationDetail>(rectificationPath(communityId, noticeId!)),
  });
  const n = notice.data;
  return (
    <Drawer
      open={!!noticeId}
      onClose={onClose}
      size="min(720px, 100vw)"
      title={n ? t('rectification.notice.title', { seq: n.seq, place: n.placeName }) : t('common.loading')}
      extra={
        n && (
          <Space wrap>
            <Button onClick={() => onPrint(n)}>{t('rectification.print.one')}</Button>
            {isPending(n.state) && (
              <Button type="primary" onClick={() => onCheck(n)}>
                {t('rectification.check.action')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {notice.isPending && noticeId ? (
        <Skeleton active />
      ) : notice.isError ? (
        <Alert type="error" showIcon title={errorText(notice.error, t)} />
      ) : (
        n && (
          <>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('rectification.notice.state')}>
                <RectificationStateTag state={n.state} />
              </Descriptions.Item>
              <Descriptions.Item label={t('rectification.notice.place')}>{n.placeName}</Descriptions.Item>
              <Descriptions.Item label={t('rectification.notice.household')}>
                {n.householdName ?? t('rectification.notice.toPlace')}
              </Descriptions.Item>
              <Descriptions.Item label={t('rectification.notice.round')}>
                {t('rectification.notice.roundN', { count: n.round })}
              </Descriptions.Item>
              <Descriptions.Item label={t('rectification.notice.deadline')}>
                {formatDay(n.deadline, i18n.language)}
              </Descriptions.Item>
              <Descriptions.Item label={t('rectification.notice.delivery')}>{delivery(n)}</Descriptions.Item>
              <Descriptions.Item label={t('rectification.notice.readAt')}>{when(n.readAt)}</Descriptions.Item>
            </Descriptions>

            <Typography.Title level={4} style={{ marginTop: 24 }}>
              {t('rectification.notice.reply')}
            </Typography.Title>
            {n.repliedAt === null ? (
              <Typography.Paragraph>{t('rectification.notice.noReply')}</Typography.Paragraph>
            ) : (
              <>
                <Typography.Paragraph>
                  {t('rectification.notice.repliedAt', { time: when(n.repliedAt) })}
                  {n.replyNote && ` — “${n.replyNote}”`}
                </Typography.Paragraph>
                <PhotoThumbs
                  communityId={communityId}
                  photos={n.replyPhotos}
                  label={t('rectification.notice.replyPhotos')}
                />
              </>
            )}

            <Typography.Title level={4} style={{ marginTop: 24 }}>
              {t('rectification.notice.checks')}
            </Typography.Title>
            {n.checks.length === 0 ? (
              <Typography.Paragraph>{t('rectification.notice.noChecks')}</Typography.Paragraph>
            ) : (
              <ol>
                {n.checks.map((c) => (
                  <li key={c.id}>
                    <Typography.Text strong>
                      {c.result === 'done' ? '✓ ' : '⚠ '}
                      {t(`rectification.check.${c.result === 'done' ? 'resultDone' : 'resultNotDone'}`)}
                    </Typography.Text>{' '}
                    · {when(c.checkedAt)} · {c.checkedByName}
                    {c.note && <div>{c.note}</div>}
                    <PhotoThumbs
                      communityId={communityId}
                      photos={c.photos}
                      label={t('rectification.notice.checkPhotos', { time: when(c.checkedAt) })}
                    />
                  </li>
                ))}
              </ol>
            )}

            {n.nextStep && (
              <>
                <Typography.Title level={4} style={{ marginTop: 24 }}>
                  {t('rectification.check.nextStep')}
                </Typography.Title>
                <Typography.Paragraph>
                  {t(`rectification.nextStep.${n.nextStep}`)}
                  {n.nextStepNote && ` — ${n.nextStepNote}`}
                </Typography.Paragraph>
              </>
            )}
            <Space wrap>
              {n.previousId && (
                <Button onClick={() => onOpen(n.previousId!)}>{t('rectification.notice.previous')}</Button>
              )}
              {n.nextNoticeId && (
                <Button onClick={() => onOpen(n.nextNoticeId!)}>{t('rectification.notice.next')}</Button>
              )}
            </Space>
          </>
        )
      )}
    </Drawer>
  );
}
