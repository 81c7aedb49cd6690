import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, TextArea } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import {
  answersToSend,
  firstMissing,
  localText,
  ratings,
  visibleQuestions,
  type AnswerValue,
  type Answers,
  type SurveyQuestion,
} from '../../../shared/surveys';
import { Loading } from '../../App';
import { newClientKey } from '../conventions/data';
import { ChoiceList } from './ChoiceList';
import { surveyKeys, type MySurveyDetail } from './data';

/** ★★☆☆☆: how high a rating is, as a picture beside its words. */
const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);

/**
 * 填写问卷: one survey, every question on one page in big type. Questions appear and disappear as
 * earlier answers decide (跳题); the 1–5 scale is five wide buttons with words, not colours. A
 * household answers once: after that the page shows what was sent.
 */
export default function AnswerPage() {
  const { t } = useTranslation();
  const { surveyId = '' } = useParams();
  const survey = useQuery({
    queryKey: [...surveyKeys.all, 'one', surveyId],
    queryFn: () => get<MySurveyDetail>(`/me/surveys/${surveyId}`),
  });
  if (survey.isPending) return <Loading />;
  if (survey.isError)
    return (
      <div className="page">
        <ErrorBlock status="default" title={errorText(survey.error, t)} description="" />
        <p className="links">
          <Link to="/surveys">{t('surveys.back')}</Link>
        </p>
      </div>
    );
  return <SurveyForm key={survey.data.id} s={survey.data} />;
}

function SurveyForm({ s }: { s: MySurveyDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const byHousehold = s.respondent === 'household';
  const waiting = s.households.filter((h) => !h.answered);
  const [householdId, setHouseholdId] = useState<string | undefined>(
    byHousehold && waiting.length === 1 ? waiting[0]!.householdId : undefined,
  );
  const [answers, setAnswers] = useState<Answers>({});
  const [missing, setMissing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  // One key for this answer, so a retry after a dropped connection records one answer, not two.
  const key = useRef(newClientKey());
  const shown = visibleQuestions(s.questions, answers);
  const answered = s.answered || sent;
  const chooseHousehold = byHousehold && s.households.length > 1;

  const set = (code: string, value: AnswerValue | undefined) => {
    setMissing(null);
    setAnswers((old) => {
      const next = { ...old };
      if (value === undefined) delete next[code];
      else next[code] = value;
      return next;
    });
  };

  async function submit() {
    setError(null);
    if (chooseHousehold && !householdId) {
      setError(t('surveys.pickHousehold'));
      return;
    }
    const gap = firstMissing(s.questions, answers);
    if (gap) {
      setMissing(gap.code);
      document.getElementById(`q-${gap.code}`)?.scrollIntoView({ block: 'center' });
      document.getElementById(`q-${gap.code}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await post(`/me/surveys/${s.id}/responses`, {
        ...(householdId ? { householdId } : {}),
        answers: answersToSend(s.questions, answers),
        clientKey: key.current,
      });
      setSent(true);
      window.scrollTo(0, 0);
      await queryClient.invalidateQueries({ queryKey: surveyKeys.all });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const header = (
    <>
      <p className="links">
        <Link to="/surveys">{t('surveys.back')}</Link>
      </p>
      <h1 className="page-title">{s.title}</h1>
      <p className="survey-facts">
        {s.kind === 'property_evaluation' && (
          <span className="kind-badge">{t('surveys.evaluationBadge')}</span>
        )}
        <span>{t(s.anonymous ? 'surveys.anonymousNote' : 'surveys.namedNote')}</span>
        {s.closesAt && (
          <span>{t('surveys.closesAt', { at: formatDateTime(s.closesAt, i18n.language) })}</span>
        )}
      </p>
      {s.intro && <p className="survey-intro">{s.intro}</p>}
    </>
  );

  if (answered && (!chooseHousehold || waiting.length === 0 || sent))
    return (
      <div className="page survey-page">
        {header}
        <div className="survey-done" role="status">
          <p className="big-line">✓ {t(sent ? 'surveys.thanks' : 'surveys.alreadyAnswered')}</p>
          {s.myAnswers && !sent && <AnswerSummary questions={s.questions} answers={s.myAnswers} />}
        </div>
        <Button block size="large" onClick={() => navigate('/surveys')}>
          {t('surveys.back')}
        </Button>
      </div>
    );

  if (!s.accepting)
    return (
      <div className="page survey-page">
        {header}
        <p className="status-bad">{t('surveys.notAccepting')}</p>
      </div>
    );

  return (
    <div className="page survey-page">
      {header}
      {chooseHousehold && (
        <fieldset className="survey-question">
          <legend className="question-text">{t('surveys.whichHousehold')}</legend>
          <ChoiceList
            label={t('surveys.whichHousehold')}
            value={householdId ? [householdId] : []}
            onChange={(v) => setHouseholdId(v[0])}
            choices={s.households.map((h) => ({
              value: h.householdId,
              label: h.answered ? `${h.name} · ${t('surveys.answered')}` : h.name,
              disabled: h.answered,
            }))}
          />
        </fieldset>
      )}
      <p className="hint">{t('surveys.requiredHint')}</p>
      {shown.map((q) => (
        <QuestionBlock
          key={q.code}
          q={q}
          n={s.questions.indexOf(q) + 1}
          value={answers[q.code]}
          missing={missing === q.code}
          onChange={(v) => set(q.code, v)}
        />
      ))}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button block color="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()}>
        {t('surveys.submit')}
      </Button>
    </div>
  );
}

function QuestionBlock({
  q,
  n,
  value,
  missing,
  onChange,
}: {
  q: SurveyQuestion;
  n: number;
  value: AnswerValue | undefined;
  missing: boolean;
  onChange: (value: AnswerValue | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const text = localText(q.textZh, q.textEn, i18n.language);
  const options = q.options.map((o) => ({
    value: o.value,
    label: localText(o.labelZh, o.labelEn, i18n.language),
  }));
  const errorId = `q-${q.code}-error`;
  return (
    <fieldset
      id={`q-${q.code}`}
      tabIndex={-1}
      className={`survey-question${missing ? ' missing' : ''}`}
      aria-describedby={missing ? errorId : undefined}
    >
      <legend className="question-text">
        <span>{n}. </span>
        {text}
        {q.required && <span className="required-mark"> （{t('surveys.required')}）</span>}
      </legend>
      {q.kind === 'rating' ? (
        <div className="rating-buttons" role="radiogroup" aria-label={text}>
          {[...ratings].reverse().map((r) => (
            <button
              key={r}
              type="button"
              role="radio"
              aria-checked={value === r}
              className={`rating-button${value === r ? ' chosen' : ''}`}
              onClick={() => onChange(r)}
            >
              <span aria-hidden className="rating-mark">
                {stars(r)}
              </span>
              <span className="rating-word">{t(`surveys.rating.${r}`)}</span>
              <span className="rating-number">{t('surveys.points', { n: r })}</span>
              {value === r && <span className="rating-check">✓</span>}
            </button>
          ))}
        </div>
      ) : q.kind === 'single' ? (
        <ChoiceList
          label={text}
          choices={options}
          value={typeof value === 'string' ? [value] : []}
          onChange={(v) => onChange(v[0])}
        />
      ) : q.kind === 'multiple' ? (
        <ChoiceList
          label={text}
          choices={options}
          multiple
          value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(v.length ? v : undefined)}
        />
      ) : (
        <TextArea
          aria-label={text}
          value={typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(v || undefined)}
          rows={3}
          maxLength={1000}
          showCount
          placeholder={t('surveys.textPlaceholder')}
        />
      )}
      {missing && (
        <p id={errorId} className="form-error" role="alert">
          {t('surveys.answerThis')}
        </p>
      )}
    </fieldset>
  );
}

/** What was sent, question by question, in words. */
function AnswerSummary({ questions, answers }: { questions: SurveyQuestion[]; answers: Answers }) {
  const { t, i18n } = useTranslation();
  const words = (q: SurveyQuestion, v: AnswerValue) => {
    if (q.kind === 'rating') return `${v} · ${t(`surveys.rating.${v}`)}`;
    if (q.kind === 'text') return String(v);
    const values = Array.isArray(v) ? v : [String(v)];
    return values
      .map((x) => {
        const o = q.options.find((p) => p.value === x);
        return o ? localText(o.labelZh, o.labelEn, i18n.language) : x;
      })
      .join('、');
  };
  return (
    <dl className="answer-summary">
      {visibleQuestions(questions, answers)
        .filter((q) => answers[q.code] !== undefined)
        .map((q) => (
          <div key={q.code}>
            <dt>{localText(q.textZh, q.textEn, i18n.language)}</dt>
            <dd>{words(q, answers[q.code]!)}</dd>
          </div>
        ))}
    </dl>
  );
}
