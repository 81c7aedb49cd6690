import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, post } from '../../../shared/api';
import {
  answersToSend,
  localText,
  ratings,
  visibleQuestions,
  type AnswerValue,
  type Answers,
  type SurveyQuestion,
} from '../../../shared/surveys';
import { HouseholdPicker, PersonPicker } from '../../components/places';
import { surveysBase, type SurveyDetail } from './model';

/** One question as a form control (the form gives it value and onChange): choices, several choices, the 1–5 scale in words, or text. */
export function QuestionInput({
  q,
  id,
  value,
  onChange,
}: {
  q: SurveyQuestion;
  id?: string;
  value?: AnswerValue;
  onChange?: (value: AnswerValue) => void;
}) {
  const { t, i18n } = useTranslation();
  const options = q.options.map((o) => ({
    value: o.value,
    label: localText(o.labelZh, o.labelEn, i18n.language),
  }));
  if (q.kind === 'single')
    return (
      <Radio.Group
        id={id}
        options={options}
        value={value}
        onChange={(e) => onChange?.(e.target.value as string)}
      />
    );
  if (q.kind === 'multiple')
    return (
      <Checkbox.Group
        options={options}
        value={Array.isArray(value) ? value : []}
        onChange={(v) => onChange?.(v)}
      />
    );
  if (q.kind === 'rating')
    return (
      <Radio.Group
        id={id}
        optionType="button"
        value={value}
        onChange={(e) => onChange?.(e.target.value as number)}
        options={ratings.map((n) => ({ value: n, label: `${n} ${t(`surveys.rating.${n}`)}` }))}
      />
    );
  return (
    <Input.TextArea
      id={id}
      rows={2}
      maxLength={1000}
      value={typeof value === 'string' ? value : undefined}
      onChange={(e) => onChange?.(e.target.value)}
    />
  );
}

/**
 * 纸质录入: a paper questionnaire typed in at the desk for a household or a person, with the same
 * skip logic and the same one-answer rule as online: a second sheet for the same household is refused.
 */
export function PaperEntry({ survey }: { survey: SurveyDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = visibleQuestions(survey.questions, answers);
  const byHousehold = survey.respondent === 'household';

  async function submit(values: Record<string, unknown>) {
    setSaving(true);
    setError(null);
    try {
      await post(`${surveysBase(survey.communityId)}/surveys/${survey.id}/paper-responses`, {
        ...(byHousehold ? { householdId: values.respondentId } : { personId: values.respondentId }),
        answers: answersToSend(survey.questions, answers),
      });
      message.success(t('surveys.paper.saved'));
      form.resetFields();
      setAnswers({});
      await queryClient.invalidateQueries({ queryKey: ['survey', survey.id] });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form
      form={form}
      name="paper"
      layout="vertical"
      className="paper-form"
      onValuesChange={(_, all: Record<string, unknown>) => {
        const { respondentId: _r, ...rest } = all;
        setAnswers(rest as Answers);
      }}
      onFinish={(values: Record<string, unknown>) => void submit(values)}
    >
      <Typography.Paragraph>{t('surveys.paper.intro')}</Typography.Paragraph>
      <Form.Item
        name="respondentId"
        label={t(byHousehold ? 'surveys.paper.household' : 'surveys.paper.person')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        {byHousehold ? <HouseholdPicker /> : <PersonPicker />}
      </Form.Item>
      {shown.map((q) => (
        <Form.Item
          key={q.code}
          name={q.code}
          label={`${survey.questions.indexOf(q) + 1}. ${localText(q.textZh, q.textEn, i18n.language)}`}
          rules={q.required ? [{ required: true, message: t('common.required') }] : []}
        >
          <QuestionInput q={q} />
        </Form.Item>
      ))}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Space>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('surveys.paper.submit')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            setAnswers({});
          }}
        >
          {t('surveys.paper.clear')}
        </Button>
      </Space>
    </Form>
  );
}
