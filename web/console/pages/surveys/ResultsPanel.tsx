import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, List, Row, Spin, Table, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { useMe } from '../../../shared/session';
import { localText, type SurveyQuestion } from '../../../shared/surveys';
import type { ChartDatum } from '../orders/FigureChart';
import { percent, surveysBase, type QuestionResult, type SurveyDetail, type SurveyResults } from './model';

// ECharts reaches the browser only when a result is drawn (the orders figures' chart, reused).
const FigureChart = lazy(() => import('../orders/FigureChart'));

/** A choice's label, or a rating's number with its word, for a counted answer value. */
function valueLabel(
  q: SurveyQuestion | undefined,
  value: string,
  language: string,
  ratingWord: (n: string) => string,
) {
  if (q?.kind === 'rating') return `${value} ${ratingWord(value)}`;
  const option = q?.options.find((o) => o.value === value);
  return option ? localText(option.labelZh, option.labelEn, language) : value;
}

/**
 * 结果: each question's answers counted, as a bar chart and the same numbers in a table (which is
 * what screen readers read); ratings with their mean and 满意率, texts listed without names.
 */
export function ResultsPanel({ survey }: { survey: SurveyDetail }) {
  const { t, i18n } = useTranslation();
  const path = `${surveysBase(survey.communityId)}/surveys/${survey.id}/results`;
  const results = useQuery({
    queryKey: ['survey', survey.id, 'results'],
    queryFn: () => get<SurveyResults>(path),
  });
  if (results.isPending) return <Spin />;
  if (results.isError) return <Alert type="error" showIcon title={errorText(results.error, t)} />;
  const r = results.data;
  return (
    <div className="survey-results">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'total', label: t('surveys.results.responses'), children: r.responses },
          { key: 'online', label: t('surveys.results.online'), children: r.byChannel.online },
          { key: 'paper', label: t('surveys.results.paper'), children: r.byChannel.paper },
        ]}
      />
      {survey.questions.some((q) => q.kind === 'rating') && (
        <Typography.Paragraph className="rate-rule">{t('surveys.results.rateRule')}</Typography.Paragraph>
      )}
      {r.questions.map((qr, i) => (
        <QuestionCard
          key={qr.code}
          n={i + 1}
          result={qr}
          question={survey.questions.find((q) => q.code === qr.code)}
          language={i18n.language}
        />
      ))}
    </div>
  );
}

function QuestionCard({
  n,
  result,
  question,
  language,
}: {
  n: number;
  result: QuestionResult;
  question: SurveyQuestion | undefined;
  language: string;
}) {
  const { t } = useTranslation();
  const large = useMe().data?.largeText ?? false;
  const id = `result-${result.code}`;
  const data: ChartDatum[] = result.counts.map((c) => ({
    name: c.label || valueLabel(question, c.value, language, (v) => t(`surveys.rating.${v}`)),
    value: c.count,
  }));
  return (
    <Card
      size="small"
      className="figure-card"
      title={
        <span id={id}>
          {n}. {localText(result.textZh, result.textEn, language)}
        </span>
      }
    >
      <Typography.Paragraph>
        {t('surveys.results.answered', { count: result.answered })}
        {result.kind === 'rating' && (
          <>
            {' · '}
            {t('surveys.results.mean', { mean: result.mean === null ? '—' : result.mean.toFixed(2) })}
            {' · '}
            <strong>
              {t('surveys.results.rate', { rate: percent(result.satisfactionRate, language) })}
              {result.rated !== null &&
                ` (${t('surveys.results.rateCounts', { satisfied: result.satisfied, rated: result.rated })})`}
            </strong>
          </>
        )}
      </Typography.Paragraph>
      {result.kind === 'text' ? (
        result.texts.length === 0 ? (
          <Typography.Text>{t('surveys.results.noTexts')}</Typography.Text>
        ) : (
          <List
            aria-labelledby={id}
            size="small"
            bordered
            dataSource={result.texts}
            renderItem={(text) => <List.Item>{text}</List.Item>}
          />
        )
      ) : data.length === 0 ? (
        <Typography.Text>{t('surveys.results.none')}</Typography.Text>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Suspense fallback={<Spin />}>
              <FigureChart kind="bar" data={data} large={large} />
            </Suspense>
          </Col>
          <Col xs={24} lg={10}>
            <Table<ChartDatum>
              aria-labelledby={id}
              rowKey="name"
              size="small"
              pagination={false}
              dataSource={data}
              columns={[
                { key: 'name', title: t('surveys.results.answer'), dataIndex: 'name' },
                { key: 'value', title: t('surveys.results.count'), dataIndex: 'value', align: 'right' },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
