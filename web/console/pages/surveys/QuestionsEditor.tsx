import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../../../shared/api';
import {
  questionKinds,
  ratings,
  type QuestionKind,
  type SurveyOption,
  type SurveyQuestion,
} from '../../../shared/surveys';
import { surveysBase, type SurveyDetail } from './model';

/** A question being edited, with a key of its own so React keeps its inputs as questions move. */
interface Draft extends SurveyQuestion {
  key: string;
}

let keySeq = 0;
const draftOf = (q: SurveyQuestion): Draft => ({ ...q, key: `q${++keySeq}` });

/** The first free `prefix<n>` among the codes or values already used. */
function freeCode(prefix: string, used: string[]): string {
  for (let n = 1; ; n++) if (!used.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

const hasOptions = (kind: QuestionKind) => kind === 'single' || kind === 'multiple';

/** What an answer to `q` may be, as the skip-logic editor offers it: its options, or 1–5 for a rating. */
function answerChoices(q: SurveyQuestion, language: string, ratingWord: (n: number) => string) {
  if (q.kind === 'rating') return ratings.map((n) => ({ value: String(n), label: `${n} ${ratingWord(n)}` }));
  return q.options.map((o) => ({
    value: o.value,
    label: (language === 'en' && o.labelEn) || o.labelZh || o.value,
  }));
}

/**
 * 题目设计: the question list of a draft survey. Each question has its kind, texts in both languages,
 * options, whether it must be answered, and its skip logic (show only when an earlier question was
 * answered a certain way). The whole list is saved at once; once the survey opens it is read-only.
 */
export function QuestionsEditor({ survey }: { survey: SurveyDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Draft[]>(() => survey.questions.map(draftOf));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editable = survey.state === 'draft';
  const ratingWord = (n: number) => t(`surveys.rating.${n}`);

  const change = (key: string, patch: Partial<SurveyQuestion>) =>
    setDrafts((old) => old.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((old) => {
      const next = [...old];
      [next[index], next[index + by]] = [next[index + by]!, next[index]!];
      // A condition may only look back: one now pointing at a later question is dropped.
      return next.map((d, i) =>
        d.showIf && !next.slice(0, i).some((e) => e.code === d.showIf!.question) ? { ...d, showIf: null } : d,
      );
    });
  const remove = (key: string) =>
    setDrafts((old) => {
      const gone = old.find((d) => d.key === key);
      return old
        .filter((d) => d.key !== key)
        .map((d) => (gone && d.showIf?.question === gone.code ? { ...d, showIf: null } : d));
    });
  const add = (kind: QuestionKind) =>
    setDrafts((old) => [
      ...old,
      draftOf({
        code: freeCode(
          'q',
          old.map((d) => d.code),
        ),
        kind,
        textZh: '',
        textEn: '',
        required: kind !== 'text',
        options: hasOptions(kind)
          ? [
              { value: 'o1', labelZh: '', labelEn: '' },
              { value: 'o2', labelZh: '', labelEn: '' },
            ]
          : [],
        showIf: null,
        itemCode: null,
      }),
    ]);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const questions = drafts.map((q) => ({
        code: q.code,
        kind: q.kind,
        textZh: q.textZh,
        textEn: q.textEn?.trim() || null,
        options: hasOptions(q.kind)
          ? q.options.map((o) => ({
              value: o.value,
              labelZh: o.labelZh,
              labelEn: o.labelEn?.trim() || null,
            }))
          : [],
        required: q.required,
        showIf: q.showIf && q.showIf.anyOf.length ? q.showIf : null,
        itemCode: q.itemCode,
      }));
      await api('PUT', `${surveysBase(survey.communityId)}/surveys/${survey.id}/questions`, { questions });
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['survey', survey.id] });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="survey-builder">
      {!editable && <Alert type="info" showIcon title={t('surveys.builder.locked')} />}
      {drafts.length === 0 && <Typography.Paragraph>{t('surveys.builder.empty')}</Typography.Paragraph>}
      <ol className="question-list" aria-label={t('surveys.builder.questions')}>
        {drafts.map((d, index) => {
          const label = t('surveys.builder.number', { n: index + 1 });
          const earlier = drafts.slice(0, index).filter((e) => e.kind !== 'text');
          const target = earlier.find((e) => e.code === d.showIf?.question);
          return (
            <li key={d.key}>
              <Card
                size="small"
                title={<span id={`${d.key}-title`}>{label}</span>}
                extra={
                  editable && (
                    <Space wrap>
                      <Button
                        size="small"
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                        aria-label={t('surveys.builder.up', { n: index + 1 })}
                      >
                        ↑
                      </Button>
                      <Button
                        size="small"
                        disabled={index === drafts.length - 1}
                        onClick={() => move(index, 1)}
                        aria-label={t('surveys.builder.down', { n: index + 1 })}
                      >
                        ↓
                      </Button>
                      <Button size="small" danger onClick={() => remove(d.key)}>
                        {t('surveys.builder.remove')}
                      </Button>
                    </Space>
                  )
                }
              >
                <fieldset className="question-fields" aria-labelledby={`${d.key}-title`} disabled={!editable}>
                  <div className="question-row">
                    <label>
                      <span>{t('surveys.builder.kind')}</span>
                      <Select<QuestionKind>
                        aria-label={`${label} ${t('surveys.builder.kind')}`}
                        value={d.kind}
                        disabled={!editable || !!d.itemCode}
                        style={{ minWidth: 140 }}
                        onChange={(kind) =>
                          change(d.key, {
                            kind,
                            options: hasOptions(kind)
                              ? d.options.length
                                ? d.options
                                : [
                                    { value: 'o1', labelZh: '', labelEn: '' },
                                    { value: 'o2', labelZh: '', labelEn: '' },
                                  ]
                              : [],
                          })
                        }
                        options={questionKinds.map((k) => ({ value: k, label: t(`surveys.qkind.${k}`) }))}
                      />
                    </label>
                    <label>
                      <span>{t('surveys.builder.code')}</span>
                      <Input
                        aria-label={`${label} ${t('surveys.builder.code')}`}
                        value={d.code}
                        disabled={!editable || !!d.itemCode}
                        style={{ width: 140 }}
                        onChange={(e) => {
                          const code = e.target.value.trim();
                          setDrafts((old) =>
                            old.map((o) =>
                              o.key === d.key
                                ? { ...o, code }
                                : o.showIf?.question === d.code
                                  ? { ...o, showIf: { ...o.showIf, question: code } }
                                  : o,
                            ),
                          );
                        }}
                      />
                    </label>
                    <label className="inline-switch">
                      <Switch
                        checked={d.required}
                        disabled={!editable}
                        onChange={(required) => change(d.key, { required })}
                        aria-label={`${label} ${t('surveys.builder.required')}`}
                      />
                      <span aria-hidden>{t('surveys.builder.required')}</span>
                    </label>
                  </div>
                  <Input
                    aria-label={`${label} ${t('surveys.builder.textZh')}`}
                    placeholder={t('surveys.builder.textZh')}
                    value={d.textZh}
                    onChange={(e) => change(d.key, { textZh: e.target.value })}
                  />
                  <Input
                    aria-label={`${label} ${t('surveys.builder.textEn')}`}
                    placeholder={t('surveys.builder.textEn')}
                    value={d.textEn ?? ''}
                    onChange={(e) => change(d.key, { textEn: e.target.value })}
                  />
                  {d.itemCode && (
                    <Typography.Text>{t('surveys.builder.item', { code: d.itemCode })}</Typography.Text>
                  )}
                  {hasOptions(d.kind) && (
                    <OptionsEditor
                      label={label}
                      options={d.options}
                      editable={editable}
                      onChange={(options) => change(d.key, { options })}
                    />
                  )}
                  {d.kind === 'rating' && (
                    <Typography.Text>
                      {t('surveys.builder.ratingScale', {
                        low: ratingWord(1),
                        high: ratingWord(5),
                      })}
                    </Typography.Text>
                  )}
                  {earlier.length > 0 && (
                    <div className="question-row skip-logic">
                      <span>{t('surveys.builder.showIf')}</span>
                      <Select<string>
                        aria-label={`${label} ${t('surveys.builder.showIfQuestion')}`}
                        placeholder={t('surveys.builder.always')}
                        allowClear
                        style={{ minWidth: 200 }}
                        value={d.showIf?.question}
                        onChange={(question?: string) =>
                          change(d.key, { showIf: question ? { question, anyOf: [] } : null })
                        }
                        options={earlier.map((e) => ({
                          value: e.code,
                          label: `${t('surveys.builder.number', { n: drafts.indexOf(e) + 1 })} ${
                            (i18n.language === 'en' && e.textEn) || e.textZh || e.code
                          }`,
                        }))}
                      />
                      {target && (
                        <>
                          <span>{t('surveys.builder.answeredWith')}</span>
                          <Select<string[]>
                            mode="multiple"
                            aria-label={`${label} ${t('surveys.builder.showIfValues')}`}
                            placeholder={t('surveys.builder.showIfValues')}
                            style={{ minWidth: 200 }}
                            value={d.showIf?.anyOf ?? []}
                            onChange={(anyOf) => change(d.key, { showIf: { question: target.code, anyOf } })}
                            options={answerChoices(target, i18n.language, ratingWord)}
                          />
                        </>
                      )}
                    </div>
                  )}
                </fieldset>
              </Card>
            </li>
          );
        })}
      </ol>
      {error && <Alert type="error" showIcon title={error} />}
      {editable && (
        <Space wrap className="builder-actions">
          {questionKinds.map((kind) => (
            <Button key={kind} onClick={() => add(kind)}>
              {t('surveys.builder.add', { kind: t(`surveys.qkind.${kind}`) })}
            </Button>
          ))}
          <Button type="primary" loading={saving} onClick={() => void save()}>
            {t('surveys.builder.save')}
          </Button>
        </Space>
      )}
    </div>
  );
}

/** The options of a choice question: labels in both languages; values stay as they were made. */
function OptionsEditor({
  label,
  options,
  editable,
  onChange,
}: {
  label: string;
  options: SurveyOption[];
  editable: boolean;
  onChange: (options: SurveyOption[]) => void;
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<SurveyOption>) =>
    onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <div className="option-list">
      {options.map((o, i) => {
        const name = `${label} ${t('surveys.builder.option', { n: i + 1 })}`;
        return (
          <Space.Compact key={o.value} block>
            <Input
              aria-label={`${name} ${t('surveys.builder.labelZh')}`}
              placeholder={t('surveys.builder.labelZh')}
              value={o.labelZh}
              onChange={(e) => set(i, { labelZh: e.target.value })}
            />
            <Input
              aria-label={`${name} ${t('surveys.builder.labelEn')}`}
              placeholder={t('surveys.builder.labelEn')}
              value={o.labelEn ?? ''}
              onChange={(e) => set(i, { labelEn: e.target.value })}
            />
            {editable && (
              <Button
                onClick={() => onChange(options.filter((_, j) => j !== i))}
                disabled={options.length <= 2}
                aria-label={t('surveys.builder.removeOption', { name })}
              >
                ✕
              </Button>
            )}
          </Space.Compact>
        );
      })}
      {editable && (
        <Button
          size="small"
          onClick={() =>
            onChange([
              ...options,
              {
                value: freeCode(
                  'o',
                  options.map((o) => o.value),
                ),
                labelZh: '',
                labelEn: '',
              },
            ])
          }
        >
          {t('surveys.builder.addOption')}
        </Button>
      )}
    </div>
  );
}
