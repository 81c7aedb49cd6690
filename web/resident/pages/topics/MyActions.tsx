import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import type { MyActionItem } from '../../../shared/topics';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { PhotoPicker, usePhotoUploads } from '../orders/PhotoPicker';
import { ActionLine, TopicPhotos } from './parts';

/** Mark one action done: what was done, and a photo that shows it. */
function DoneForm({ action, onClose }: { action: MyActionItem; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const photos = usePhotoUploads(action.communityId);
  const { busy, error, run } = useSubmit();
  const [photoError, setPhotoError] = useState<string | null>(null);
  return (
    <section className="step-panel" aria-label={t('actions.done.title', { title: action.title })}>
      <h2 className="section-title">{t('actions.done.title', { title: action.title })}</h2>
      <Form
        name={`done-${action.id}`}
        layout="vertical"
        onFinish={(v: { note: string }) => {
          setPhotoError(null);
          if (photos.busy) return setPhotoError(t('orders.photos.wait'));
          if (photos.failed) return setPhotoError(t('orders.photos.someFailed'));
          void run(async () => {
            await post(`/me/action-items/${action.id}/done`, {
              note: v.note.trim(),
              fileIds: photos.ids.length ? photos.ids : undefined,
            });
            await queryClient.invalidateQueries({ queryKey: ['my-actions'] });
            await queryClient.invalidateQueries({ queryKey: ['my-topic'] });
            Toast.show({ content: t('actions.done.sent') });
            onClose();
          });
        }}
        footer={
          <>
            {(photoError ?? error) && (
              <p className="form-error" role="alert">
                {photoError ?? error}
              </p>
            )}
            <Button block type="submit" size="large" color="primary" loading={busy}>
              {t('actions.done.submit')}
            </Button>
            <Button block size="large" className="cancel-button" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </>
        }
      >
        <Form.Item
          name="note"
          label={t('actions.done.note')}
          rules={[{ required: true, whitespace: true, message: t('actions.done.noteRequired') }]}
        >
          <TextArea
            placeholder={t('actions.done.notePlaceholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
            showCount
          />
        </Form.Item>
        <PhotoPicker uploads={photos} label={t('actions.done.photos')} />
      </Form>
    </section>
  );
}

/**
 * 我的事项: what meetings asked me to do, by when; open ones first, each with a "done" form. The
 * notice of an item assigned to me links to /action-items/:itemId, which opens that item's form.
 */
export default function MyActionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { itemId } = useParams();
  const list = useQuery({
    queryKey: ['my-actions'],
    queryFn: () => get<Page<MyActionItem>>('/me/action-items?pageSize=100'),
  });
  const [open, setOpen] = useState<string | null>(itemId ?? null);
  if (list.isPending) return <Loading />;
  const items = [...(list.data?.items ?? [])].sort(
    (a, b) => Number(a.state !== 'open') - Number(b.state !== 'open') || a.dueDate.localeCompare(b.dueDate),
  );
  return (
    <div className="page">
      <h1 className="page-title">{t('actions.title')}</h1>
      <p>{t('actions.intro')}</p>
      {list.isError ? (
        <p className="form-error">{errorText(list.error, t)}</p>
      ) : items.length === 0 ? (
        <p className="empty-note">{t('actions.empty')}</p>
      ) : (
        <ul className="topic-actions" aria-label={t('actions.title')}>
          {items.map((a) => (
            <ActionLine key={a.id} action={a}>
              {a.topicTitle && (
                <p className="topic-action-meta">
                  {t('actions.forTopic')}{' '}
                  {a.topicId ? (
                    <Button
                      size="mini"
                      fill="none"
                      className="inline-link"
                      onClick={() => navigate(`/topics/${a.topicId}`)}
                    >
                      {a.topicTitle}
                    </Button>
                  ) : (
                    a.topicTitle
                  )}
                </p>
              )}
              <p className="topic-action-meta">{t('actions.meeting', { title: a.meetingTitle })}</p>
              <p className="topic-action-meta">{t('actions.decision', { text: a.decisionText })}</p>
              <TopicPhotos
                communityId={a.communityId}
                photos={a.photos}
                label={t('topics.action.evidence')}
              />
              {a.state === 'open' &&
                (open === a.id ? (
                  <DoneForm action={a} onClose={() => setOpen(null)} />
                ) : (
                  <Button
                    block
                    size="large"
                    color="primary"
                    fill="outline"
                    aria-label={t('actions.done.buttonFor', { title: a.title })}
                    onClick={() => setOpen(a.id)}
                  >
                    {t('actions.done.button')}
                  </Button>
                ))}
            </ActionLine>
          ))}
        </ul>
      )}
    </div>
  );
}
