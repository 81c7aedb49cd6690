import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { formatDay, kindName, type RectificationDetail } from '../../../shared/notices';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { PhotoPicker, usePhotoUploads } from '../orders/PhotoPicker';
import { Photos } from '../orders/Photos';
import { rectificationKeys } from './data';
import { DeadlineText, isOverdue, RectificationStateText } from './parts';
import '../orders/orders.css';
import './notices.css';

/** 已整改: what was done, in a few words if the household likes, and at least one photo of it. */
function ReplyForm({ notice, onDone }: { notice: RectificationDetail; onDone: () => Promise<void> }) {
  const { t } = useTranslation();
  const uploads = usePhotoUploads(notice.communityId);
  const [missing, setMissing] = useState(false);
  const { busy, error, run } = useSubmit();
  return (
    <section className="rect-panel" aria-labelledby="reply-title">
      <h2 id="reply-title" className="section-title">
        {t('rectifications.reply.title')}
      </h2>
      <p>{t('rectifications.reply.intro')}</p>
      <Form
        name="reply"
        layout="vertical"
        onFinish={(v: { note?: string }) => {
          if (!uploads.ids.length) return setMissing(true);
          void run(async () => {
            await post(`/me/rectifications/${notice.id}/reply`, {
              note: v.note?.trim() || undefined,
              fileIds: uploads.ids,
            });
            await onDone();
          });
        }}
        footer={
          <>
            {missing && !uploads.ids.length && (
              <p className="form-error" role="alert">
                {t('rectifications.reply.photoNeeded')}
              </p>
            )}
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block type="submit" size="large" color="primary" loading={busy} disabled={uploads.busy}>
              {t('rectifications.reply.submit')}
            </Button>
          </>
        }
      >
        <PhotoPicker uploads={uploads} label={t('rectifications.reply.photos')} />
        <Form.Item name="note" label={t('rectifications.reply.note')}>
          <TextArea
            placeholder={t('rectifications.reply.notePlaceholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={500}
            showCount
          />
        </Form.Item>
      </Form>
    </section>
  );
}

/** Where the notice stands once the household has answered or staff have looked. */
function Progress({ notice }: { notice: RectificationDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const when = (ms: number) => formatDateTime(ms, i18n.language);
  return (
    <>
      {notice.repliedAt !== null && (
        <section className="rect-panel" aria-labelledby="replied-title">
          <h2 id="replied-title" className="section-title">
            {t('rectifications.replied.title')}
          </h2>
          <p>{t('rectifications.replied.when', { time: when(notice.repliedAt) })}</p>
          {notice.state === 'replied' && <p>{t('rectifications.replied.waiting')}</p>}
          {notice.replyNote && <p>“{notice.replyNote}”</p>}
          <Photos
            communityId={notice.communityId}
            ids={notice.replyPhotos.map((p) => p.id)}
            label={t('rectifications.replied.photos')}
          />
        </section>
      )}
      {notice.checks.length > 0 && (
        <section className="rect-panel" aria-labelledby="checks-title">
          <h2 id="checks-title" className="section-title">
            {t('rectifications.checks.title')}
          </h2>
          <ul className="rect-checks">
            {notice.checks.map((c) => (
              <li key={c.id}>
                <p>
                  <strong>
                    {c.result === 'done' ? '✓ ' : '⚠ '}
                    {t(`rectifications.checks.${c.result}`)}
                  </strong>{' '}
                  · {when(c.checkedAt)} · {c.checkedByName}
                </p>
                {c.note && <p>{c.note}</p>}
                <Photos
                  communityId={notice.communityId}
                  ids={c.photos.map((p) => p.id)}
                  label={t('rectifications.checks.photos')}
                />
              </li>
            ))}
          </ul>
        </section>
      )}
      {notice.state === 'done' && <p className="big-line">✓ {t('rectifications.thanks')}</p>}
      {notice.nextStep && (
        <section className="rect-panel" aria-labelledby="next-title">
          <h2 id="next-title" className="section-title">
            {t('rectifications.next.title')}
          </h2>
          <p>{t(`rectifications.next.${notice.nextStep}`)}</p>
          {notice.nextStepNote && <p>{notice.nextStepNote}</p>}
          {notice.nextNoticeId && (
            <Button block size="large" onClick={() => navigate(`/rectifications/${notice.nextNoticeId}`)}>
              {t('rectifications.next.open')}
            </Button>
          )}
        </section>
      )}
    </>
  );
}

/**
 * 整改告知书 · one: the online copy the printed QR code opens. What the problem is, what to do and by
 * when; the household answers 已整改 with a photo, and sees the staff's checks and any next step.
 */
export default function RectificationDetailPage() {
  const { t, i18n } = useTranslation();
  const { noticeId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = ['rectification', noticeId] as const;
  const notice = useQuery({
    queryKey: key,
    queryFn: async () => {
      const opened = await get<RectificationDetail>(`/me/rectifications/${noticeId}`);
      // Opening it counts as delivered in the app: the lists follow.
      void queryClient.invalidateQueries({ queryKey: rectificationKeys.all });
      return opened;
    },
  });
  const back = (
    <Button size="small" fill="none" className="back-link" onClick={() => navigate('/rectifications')}>
      ‹ {t('rectifications.title')}
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
  const toHousehold = n.householdId !== null;

  async function replied() {
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: rectificationKeys.all });
    Toast.show({ content: t('rectifications.reply.done') });
  }

  return (
    <div className="page">
      {back}
      <article className="notice-paper" aria-labelledby="rect-title">
        <h1 id="rect-title">{t('rectifications.paperTitle')}</h1>
        <p className="rect-number">
          {t('rectifications.number', { kind: kindName(n, i18n.language), seq: n.seq })}
          {n.round > 1 && ` · ${t('rectifications.round', { count: n.round })}`}
        </p>
        <p>
          <RectificationStateText state={n.state} />
        </p>
        <p className="big-line">{n.campaignTitle}</p>
        <p>
          {toHousehold
            ? t('rectifications.toHousehold', { place: n.placeName, name: n.householdName ?? '' })
            : t('rectifications.toPlace', { place: n.placeName })}
        </p>
        <p className={`rect-deadline${isOverdue(n) ? ' overdue' : ''}`}>
          <DeadlineText notice={n} />
        </p>
        <dl className="rect-facts">
          <dt>{t('rectifications.problem')}</dt>
          <dd>{n.problem}</dd>
          <dt>{t('rectifications.requirement')}</dt>
          <dd>{n.requirement}</dd>
          {n.legalBasis && (
            <>
              <dt>{t('rectifications.legalBasis')}</dt>
              <dd>{n.legalBasis}</dd>
            </>
          )}
        </dl>
        <p className="rect-issuer">
          {n.issuer}
          <br />
          {formatDay(n.issuedOn, i18n.language)}
        </p>
      </article>
      {toHousehold && n.state === 'issued' && <ReplyForm notice={n} onDone={replied} />}
      {!toHousehold && <p className="hint">{t('rectifications.placeHint')}</p>}
      <Progress notice={n} />
    </div>
  );
}
