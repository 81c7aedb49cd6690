import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/i18n';
import {
  topicTone,
  topicToneMark,
  type ActionState,
  type Topic,
  type TopicDetail,
  type TopicEvent,
  type TopicPhoto,
} from '../../../shared/topics';
import { Photos } from '../orders/Photos';
import { RatingText } from '../orders/Stars';
import '../../../shared/orders.css';
import '../orders/orders.css';
import './topics.css';

/** The topic's state in words with a mark before it, never by colour alone. */
export function TopicStateTag({ topic }: { topic: Pick<Topic, 'state'> }) {
  const { t } = useTranslation();
  const tone = topicTone(topic.state);
  return (
    <span className={`state-tag ${tone}`}>
      <span aria-hidden>{topicToneMark[tone]} </span>
      {t(`topics.state.${topic.state}`)}
    </span>
  );
}

/** Where the topic is: its compound and building, and the place named; else the whole community. */
export function topicPlace(topic: Topic, t: TFunction): string {
  const where = [topic.compoundName, topic.buildingName].filter(Boolean).join(' ');
  if (topic.placeText) return where ? `${where} · ${topic.placeText}` : topic.placeText;
  return where || t('topics.wholeCommunity');
}

/** Supports so far, and — while it gathers them, when the threshold is known — how many more it needs. */
export function SupportLine({ topic, threshold }: { topic: Topic; threshold?: number }) {
  const { t } = useTranslation();
  const missing = threshold === undefined ? 0 : threshold - topic.supportCount;
  return (
    <span className="support-line">
      {t('topics.supports', { count: topic.supportCount })}
      {topic.state === 'raised' && missing > 0 && ` · ${t('topics.supportsToGo', { count: missing })}`}
    </span>
  );
}

/** Topics as large tappable rows: title, state in words, supports, where and when. */
export function TopicRows({
  items,
  label,
  onOpen,
  thresholdOf,
}: {
  items: Topic[];
  label: string;
  onOpen: (topic: Topic) => void;
  /** The support threshold of the topic's community, where the reader knows it. */
  thresholdOf?: (topic: Topic) => number | undefined;
}) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="order-list topic-list" aria-label={label}>
      {items.map((topic) => (
        <li key={topic.id}>
          <button type="button" className="order-row" onClick={() => onOpen(topic)}>
            <span className="order-row-main">
              <span className="order-row-title">{topic.title}</span>
              <span className="topic-row-tags">
                <TopicStateTag topic={topic} />
                <span className="category-tag">{topic.categoryName}</span>
              </span>
              <span className="order-row-meta">
                <SupportLine topic={topic} threshold={thresholdOf?.(topic)} /> ·{' '}
                {t('topics.comments', { count: topic.commentCount })}
              </span>
              <span className="order-row-meta">
                {topicPlace(topic, t)} · {formatDateTime(topic.createdAt, i18n.language)}
              </span>
            </span>
            <span aria-hidden className="chevron">
              ›
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A topic's photos through the addresses the API gave for this reader (the board's when public). */
export function TopicPhotos({
  communityId,
  photos,
  label,
}: {
  communityId: string;
  photos: TopicPhoto[];
  label?: string;
}) {
  const byId = new Map(photos.map((p) => [p.id, p]));
  return (
    <Photos
      communityId={communityId}
      ids={photos.map((p) => p.id)}
      label={label}
      url={(id, size) => {
        const p = byId.get(id)!;
        return size === 'thumb' ? (p.thumbUrl ?? p.url) : p.url;
      }}
    />
  );
}

/** The words for one trail step, filled from its data; an unknown kind still says who did something. */
function stepText(e: TopicEvent, t: TFunction): string {
  const params = { ...e.data, name: e.actorName };
  return t(`topics.trail.${e.kind}`, { ...params, defaultValue: t('topics.trail.other', params) });
}

/** The step's own words, quoted under it: a reason, a decision, a note. */
function stepDetail(e: TopicEvent): string | null {
  for (const key of ['reason', 'text', 'note'] as const) {
    const v = e.data[key];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/**
 * Everything that happened to the topic, in the order it happened — the need, supports reaching the
 * threshold, acceptance, the meeting, the decision, the actions, done, ratings: oldest first, because
 * the trail is read as a story. Photos show once, above (the need's) and under each action.
 */
export function Trail({ topic }: { topic: TopicDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="timeline-card" aria-labelledby="trail-title">
      <h2 id="trail-title" className="section-title">
        {t('topics.trail.title')}
      </h2>
      <ol className="timeline">
        {topic.trail.map((e) => {
          const detail = stepDetail(e);
          const stars = typeof e.data.stars === 'number' ? e.data.stars : null;
          return (
            <li key={e.seq} className={`timeline-step ${e.kind}`}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, i18n.language)}</time>
              <p className="timeline-text">{stepText(e, t)}</p>
              {stars !== null && <RatingText rating={stars} />}
              {detail && <p className="timeline-detail">“{detail}”</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** An action item: what, who, by when, where it stands (in words), and what was done. */
export function ActionLine({
  action,
  children,
}: {
  action: {
    title: string;
    ownerName: string;
    dueDate: string;
    state: ActionState;
    overdue?: boolean;
    doneAt: number | null;
    doneNote: string | null;
  };
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const tone = action.state === 'done' ? 'done' : action.state === 'open' ? 'working' : 'stopped';
  return (
    <li className={`topic-action ${action.state}`}>
      <p className="topic-action-title">{action.title}</p>
      <p className="topic-action-meta">
        <span className={`state-tag ${tone}`}>
          <span aria-hidden>{topicToneMark[tone]} </span>
          {t(`topics.action.state.${action.state}`)}
        </span>
        {action.overdue && (
          <span className="state-tag overdue">
            <span aria-hidden>⚠ </span>
            {t('topics.action.overdue')}
          </span>
        )}
      </p>
      <p className="topic-action-meta">
        {t('topics.action.owner', { name: action.ownerName })} ·{' '}
        {t('topics.action.due', { date: action.dueDate })}
      </p>
      {action.doneAt && (
        <p className="topic-action-meta">
          {t('topics.action.doneAt', { at: formatDateTime(action.doneAt, i18n.language) })}
        </p>
      )}
      {action.doneNote && <p className="timeline-detail">“{action.doneNote}”</p>}
      {children}
    </li>
  );
}

/** The topic at a glance: what, where, who raised it, when, where it stands, supports. */
export function TopicSummary({
  topic,
  threshold,
  children,
}: {
  topic: TopicDetail;
  threshold?: number;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="order-summary" aria-labelledby="topic-title">
      <h1 id="topic-title" className="page-title">
        {topic.title}
      </h1>
      <p className="topic-row-tags">
        <TopicStateTag topic={topic} />
        <span className="category-tag">{topic.categoryName}</span>
      </p>
      <p className="order-description">{topic.body}</p>
      <TopicPhotos communityId={topic.communityId} photos={topic.photos} />
      <dl className="order-facts">
        <dt>{t('topics.fact.where')}</dt>
        <dd>{topicPlace(topic, t)}</dd>
        <dt>{t('topics.fact.raisedBy')}</dt>
        <dd>{topic.raiserName}</dd>
        <dt>{t('topics.fact.raisedAt')}</dt>
        <dd>{formatDateTime(topic.createdAt, i18n.language)}</dd>
        <dt>{t('topics.fact.supports')}</dt>
        <dd>
          <SupportLine topic={topic} threshold={threshold} />
        </dd>
        {topic.declineReason && (
          <>
            <dt>{t('topics.fact.declined')}</dt>
            <dd>{topic.declineReason}</dd>
          </>
        )}
      </dl>
      {children}
    </section>
  );
}

/** What came of it: the meeting that discussed it, what it decided, and the actions with their evidence. */
export function Outcome({ topic }: { topic: TopicDetail }) {
  const { t, i18n } = useTranslation();
  const { meeting, decisions, actions } = topic;
  if (!meeting && !decisions.length && !actions.length) return null;
  return (
    <section className="timeline-card topic-outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title" className="section-title">
        {t('topics.outcome.title')}
      </h2>
      {meeting && (
        <div className="topic-outcome-block">
          <h3 className="topic-kicker">
            {t('topics.outcome.meeting')} · {meeting.typeName}
          </h3>
          <p className="big-line">{meeting.title}</p>
          <p>
            {formatDateTime(meeting.startsAt, i18n.language)}
            {meeting.place && ` · ${meeting.place}`}
          </p>
          <p>{t(`topics.meetingState.${meeting.state}`)}</p>
        </div>
      )}
      {decisions.map((decision) => (
        <div key={decision.id} className="topic-outcome-block">
          <h3 className="topic-kicker">{t('topics.outcome.decision')}</h3>
          <p className="big-line">{decision.text}</p>
          <p>
            {decision.decidedBy}
            {decision.votesFor !== null &&
              ` · ${t('topics.outcome.votes', {
                for: decision.votesFor,
                against: decision.votesAgainst ?? 0,
                abstain: decision.votesAbstain ?? 0,
              })}`}
          </p>
        </div>
      ))}
      {actions.length > 0 && (
        <div className="topic-outcome-block">
          <h3 className="topic-kicker">{t('topics.outcome.actions')}</h3>
          <ul className="topic-actions">
            {actions.map((a) => (
              <ActionLine key={a.id} action={a}>
                <TopicPhotos
                  communityId={topic.communityId}
                  photos={a.photos}
                  label={t('topics.action.evidence')}
                />
              </ActionLine>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** 暖民心: what residents said of the outcome — the average, and each rating with its words. */
export function Ratings({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  if (!topic.ratings.length) return null;
  return (
    <section className="timeline-card" aria-labelledby="ratings-title">
      <h2 id="ratings-title" className="section-title">
        {t('topics.ratings.title', { count: topic.ratings.length })}
      </h2>
      {topic.ratingAverage !== null && (
        <p className="big-line">{t('topics.ratings.average', { average: topic.ratingAverage })}</p>
      )}
      <ul className="comment-list">
        {topic.ratings.map((r, i) => (
          <li key={i}>
            <p className="comment-head">
              <strong>{r.raterName}</strong> <RatingText rating={r.stars} />
            </p>
            {r.comment && <p className="comment-body">{r.comment}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
