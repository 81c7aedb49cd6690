import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, ErrorBlock, Space, TextArea, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { Loading } from '../../App';
import { ChoiceList } from '../surveys/ChoiceList';
import {
  conventionKeys,
  newClientKey,
  stanceMarks,
  stances,
  type Article,
  type MyConventionDetail,
  type Stance,
} from './data';

/**
 * 一条一条看公约: the convention's articles in large type. While it is open for opinions (征求意见)
 * each article takes my household's opinion — agree, suggest a change, or disagree — and shows how
 * many neighbours said what (never who); once adopted and published, my household pledges (承诺).
 */
export default function ConventionDetailPage() {
  const { t } = useTranslation();
  const { conventionId = '' } = useParams();
  const convention = useQuery({
    queryKey: [...conventionKeys.all, conventionId],
    queryFn: () => get<MyConventionDetail>(`/me/conventions/${conventionId}`),
  });
  if (convention.isPending) return <Loading />;
  if (convention.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(convention.error, t)} description="" />
        <p className="links">
          <Link to="/conventions">{t('conventions.back')}</Link>
        </p>
      </div>
    );
  return <ConventionView c={convention.data} />;
}

function ConventionView({ c }: { c: MyConventionDetail }) {
  const { t, i18n } = useTranslation();
  const [householdId, setHouseholdId] = useState(c.households[0]?.householdId ?? '');
  const household = c.households.find((h) => h.householdId === householdId);
  const consulting = c.state === 'consulting';
  const pledging = c.state === 'adopted' && !!c.publishedAt;
  return (
    <div className="page convention-page">
      <p className="links">
        <Link to="/conventions">{t('conventions.back')}</Link>
      </p>
      <h1 className="page-title">{c.title}</h1>
      <p className="convention-status">
        {consulting
          ? t('conventions.consultingText')
          : t('conventions.adoptedText', {
              at: c.adoptedAt ? formatDateTime(c.adoptedAt, i18n.language).slice(0, 10) : '',
            })}
      </p>
      {c.households.length > 1 && (
        <fieldset className="convention-box">
          <legend className="box-title">{t('conventions.forHousehold')}</legend>
          <ChoiceList
            label={t('conventions.forHousehold')}
            value={[householdId]}
            onChange={(v) => setHouseholdId(v[0] ?? householdId)}
            choices={c.households.map((h, i) => ({
              value: h.householdId,
              label: `${t('conventions.householdN', { n: i + 1 })}${h.pledgedAt ? ` · ${t('conventions.pledged')}` : ''}`,
            }))}
          />
        </fieldset>
      )}
      {pledging && household && <PledgeBox c={c} householdId={householdId} pledgedAt={household.pledgedAt} />}
      {consulting && householdId && <GeneralOpinion c={c} householdId={householdId} />}
      <ol className="article-list" aria-label={t('conventions.articles')}>
        {c.articles.map((a) => (
          <li key={a.number}>
            <ArticleCard c={c} article={a} householdId={householdId} consulting={consulting} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** 承诺: the household promises to keep the adopted convention; one pledge per household. */
function PledgeBox({
  c,
  householdId,
  pledgedAt,
}: {
  c: MyConventionDetail;
  householdId: string;
  pledgedAt: number | null;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function pledge() {
    const ok = await Dialog.confirm({
      title: t('conventions.pledgeConfirmTitle'),
      content: t('conventions.pledgeConfirmText', { title: c.title }),
      confirmText: t('conventions.pledgeYes'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await post(`/me/conventions/${c.id}/pledge`, { householdId });
      Toast.show({ content: t('conventions.pledgeThanks') });
      await queryClient.invalidateQueries({ queryKey: conventionKeys.all });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="convention-box pledge-box" aria-labelledby="pledge-title">
      <h2 id="pledge-title" className="box-title">
        {t('conventions.pledgeTitle')}
      </h2>
      {pledgedAt ? (
        <p className="big-line" role="status">
          ✓ {t('conventions.pledgedAt', { at: formatDateTime(pledgedAt, i18n.language) })}
        </p>
      ) : (
        <>
          <p>{t('conventions.pledgeText')}</p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <Button block color="primary" size="large" loading={busy} onClick={() => void pledge()}>
            {t('conventions.pledgeButton')}
          </Button>
        </>
      )}
    </section>
  );
}

function GeneralOpinion({ c, householdId }: { c: MyConventionDetail; householdId: string }) {
  const { t } = useTranslation();
  const mine = c.myOpinions.filter((o) => o.articleNumber === null && o.householdId === householdId);
  return (
    <section className="convention-box" aria-labelledby="general-title">
      <h2 id="general-title" className="box-title">
        {t('conventions.general')}
      </h2>
      <MyOpinions opinions={mine} />
      <OpinionForm c={c} householdId={householdId} articleNumber={null} label={t('conventions.general')} />
    </section>
  );
}

function ArticleCard({
  c,
  article,
  householdId,
  consulting,
}: {
  c: MyConventionDetail;
  article: Article;
  householdId: string;
  consulting: boolean;
}) {
  const { t } = useTranslation();
  const name = t('conventions.article', { n: article.number });
  const counts = c.opinionCounts.find((x) => x.articleNumber === article.number);
  const mine = c.myOpinions.filter(
    (o) => o.articleNumber === article.number && o.householdId === householdId,
  );
  const replies = c.publicReplies.filter((r) => r.articleNumber === article.number);
  return (
    <article className="article-card" aria-labelledby={`article-${article.number}`}>
      <h2 id={`article-${article.number}`} className="article-title">
        {name}
        {article.title && ` ${article.title}`}
      </h2>
      <p className="article-text">{article.text}</p>
      {counts && (
        <p className="stance-counts">
          {t('conventions.counts', {
            agree: counts.agree,
            suggest: counts.suggest,
            disagree: counts.disagree,
          })}
        </p>
      )}
      <MyOpinions opinions={mine} />
      {replies.length > 0 && (
        <ul className="public-replies" aria-label={t('conventions.publicReplies')}>
          {replies.map((r, i) => (
            <li key={i}>
              <p>
                {stanceMarks[r.stance]} {t(`conventions.stance.${r.stance}`)}：{r.text}
              </p>
              <p className="reply-text">
                {t('conventions.reply')}：{r.reply}
              </p>
            </li>
          ))}
        </ul>
      )}
      {consulting && householdId && (
        <OpinionForm c={c} householdId={householdId} articleNumber={article.number} label={name} />
      )}
    </article>
  );
}

function MyOpinions({ opinions }: { opinions: MyConventionDetail['myOpinions'] }) {
  const { t } = useTranslation();
  if (!opinions.length) return null;
  return (
    <ul className="my-opinions" aria-label={t('conventions.myOpinions')}>
      {opinions.map((o) => (
        <li key={o.id}>
          <p>
            <strong>
              {t('conventions.mine')} · {stanceMarks[o.stance]} {t(`conventions.stance.${o.stance}`)}
            </strong>
            ：{o.text}
          </p>
          <p className="reply-text">
            {o.reply ? `${t('conventions.reply')}：${o.reply}` : t('conventions.noReplyYet')}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** Say what I think of one article (or of the whole): agree, suggest, disagree, in my own words. */
function OpinionForm({
  c,
  householdId,
  articleNumber,
  label,
}: {
  c: MyConventionDetail;
  householdId: string;
  articleNumber: number | null;
  label: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [stance, setStance] = useState<Stance | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(newClientKey());
  const id = `opinion-${articleNumber ?? 'general'}`;

  async function send() {
    if (!stance) return setError(t('conventions.pickStance'));
    if (!text.trim()) return setError(t('conventions.writeOpinion'));
    setBusy(true);
    setError(null);
    try {
      await post(`/me/conventions/${c.id}/opinions`, {
        householdId,
        ...(articleNumber !== null ? { articleNumber } : {}),
        stance,
        text: text.trim(),
        clientKey: key.current,
      });
      Toast.show({ content: t('conventions.opinionSent') });
      key.current = newClientKey();
      setOpen(false);
      setStance(null);
      setText('');
      await queryClient.invalidateQueries({ queryKey: conventionKeys.all });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  if (!open)
    return (
      <Button block size="large" onClick={() => setOpen(true)}>
        {t('conventions.commentOn', { name: label })}
      </Button>
    );
  return (
    <div className="opinion-form">
      <fieldset className="stance-choice">
        <legend>{t('conventions.yourStance', { name: label })}</legend>
        <div
          className="stance-buttons"
          role="radiogroup"
          aria-label={t('conventions.yourStance', { name: label })}
        >
          {stances.map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              aria-checked={stance === s}
              className={`stance-button${stance === s ? ' chosen' : ''}`}
              onClick={() => setStance(s)}
            >
              <span aria-hidden>{stanceMarks[s]} </span>
              {t(`conventions.stance.${s}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <label htmlFor={id} className="opinion-label">
        {t('conventions.opinionText')}
      </label>
      <TextArea
        id={id}
        value={text}
        onChange={setText}
        rows={3}
        maxLength={1000}
        showCount
        placeholder={t('conventions.opinionPlaceholder')}
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Space block direction="vertical">
        <Button block color="primary" size="large" loading={busy} onClick={() => void send()}>
          {t('conventions.sendOpinion')}
        </Button>
        <Button block size="large" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </Button>
      </Space>
    </div>
  );
}
