import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, TextArea, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { openStates, type TopicDetail } from '../../../shared/topics';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { RateForm, RatingText } from '../orders/Stars';
import { useTopicEvents, useTopicOptions } from './data';
import { Outcome, Ratings, TopicSummary, Trail } from './parts';

/** Neighbours' words under the topic, oldest first, and a box to add mine. */
function Comments({ topic, onComment }: { topic: TopicDetail; onComment: (body: string) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ body: string }>();
  const { busy, error, run } = useSubmit();
  return (
    <section className="timeline-card" aria-labelledby="comments-title">
      <h2 id="comments-title" className="section-title">
        {t('topics.comments', { count: topic.comments.length })}
      </h2>
      {topic.comments.length === 0 ? (
        <p className="empty-note">{t('topics.noComments')}</p>
      ) : (
        <ul className="comment-list">
          {topic.comments.map((c) => (
            <li key={c.id}>
              <p className="comment-head">
                <strong>{c.authorName}</strong> ·{' '}
                <time dateTime={new Date(c.createdAt).toISOString()}>
                  {formatDateTime(c.createdAt, i18n.language)}
                </time>
              </p>
              <p className="comment-body">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <Form
        form={form}
        name="comment"
        layout="vertical"
        onFinish={(v) =>
          run(async () => {
            await onComment(v.body.trim());
            form.resetFields();
          })
        }
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block type="submit" size="large" loading={busy}>
              {t('topics.comment.submit')}
            </Button>
          </>
        }
      >
        <Form.Item
          name="body"
          label={t('topics.comment.label')}
          rules={[{ required: true, whitespace: true, message: t('topics.comment.required') }]}
        >
          <TextArea
            placeholder={t('topics.comment.placeholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={500}
            showCount
          />
        </Form.Item>
      </Form>
    </section>
  );
}

/** 议题 · one: what was raised, support it, talk about it, follow it to the end and rate it. */
export default function TopicDetailPage() {
  const { t } = useTranslation();
  const { topicId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = ['my-topic', topicId] as const;
  const topic = useQuery({ queryKey: key, queryFn: () => get<TopicDetail>(`/me/topics/${topicId}`) });
  // The topic's own stream: its raiser's page moves on as neighbours support, comment or staff act.
  useTopicEvents(`/me/topics/${topicId}/stream`, [key]);
  const options = useTopicOptions();
  const support = useSubmit();

  if (topic.isPending) return <Loading />;
  if (topic.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(topic.error, t)} description="" />
        <Button block size="large" onClick={() => navigate('/topics')}>
          {t('topics.title')}
        </Button>
      </div>
    );
  const d = topic.data;
  const threshold = options.data?.communities.find((c) => c.communityId === d.communityId)?.supportThreshold;

  /** Every step answers with the topic as it now stands. */
  async function act(request: Promise<TopicDetail>, done: string) {
    queryClient.setQueryData(key, await request);
    await queryClient.invalidateQueries({ queryKey: ['my-topics'] });
    Toast.show({ content: done });
  }

  const toggleSupport = () =>
    support.run(() =>
      d.mySupport
        ? act(api<TopicDetail>('DELETE', `/me/topics/${topicId}/support`), t('topics.support.withdrawn'))
        : act(post<TopicDetail>(`/me/topics/${topicId}/support`), t('topics.support.added')),
    );

  return (
    <div className="page">
      <Button size="small" fill="none" className="back-link" onClick={() => navigate('/topics')}>
        ‹ {t('topics.title')}
      </Button>
      <TopicSummary topic={d} threshold={threshold}>
        {/* While it waits for or sits on an agenda, neighbours may still add their support. */}
        {d.raisedByMe ? (
          <p className="hint">{t('topics.support.ownTopic')}</p>
        ) : (
          openStates.includes(d.state) && (
            <>
              <Button
                block
                size="large"
                color={d.mySupport ? 'default' : 'primary'}
                aria-pressed={d.mySupport}
                loading={support.busy}
                onClick={() => void toggleSupport()}
              >
                {d.mySupport ? t('topics.support.withdraw') : t('topics.support.add')}
              </Button>
              {d.mySupport && <p className="hint">✓ {t('topics.support.youSupport')}</p>}
              {support.error && (
                <p className="form-error" role="alert">
                  {support.error}
                </p>
              )}
            </>
          )
        )}
      </TopicSummary>
      <Outcome topic={d} />
      {d.state === 'done' &&
        (d.myRating ? (
          <section className="step-panel topic-my-rating" aria-label={t('topics.rate.title')}>
            <p className="big-line">
              {t('topics.rate.given')} <RatingText rating={d.myRating.stars} />
            </p>
            {d.myRating.comment && <p className="timeline-detail">“{d.myRating.comment}”</p>}
          </section>
        ) : (
          <RateForm
            texts="topics.rate"
            onDone={(stars, comment) =>
              act(
                post<TopicDetail>(`/me/topics/${topicId}/rating`, { stars, comment: comment || undefined }),
                t('topics.rate.thanks'),
              )
            }
          />
        ))}
      <Comments
        topic={d}
        onComment={(body) =>
          act(post<TopicDetail>(`/me/topics/${topicId}/comments`, { body }), t('topics.comment.sent'))
        }
      />
      <Ratings topic={d} />
      <Trail topic={d} />
    </div>
  );
}
