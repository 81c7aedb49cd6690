import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Space, Spin, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { ExportButton } from '../../components/ExportButton';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { stateMarks, surveysBase, type SurveyDetail } from './model';
import { PaperEntry } from './PaperEntry';
import { QuestionsEditor } from './QuestionsEditor';
import { ResultsPanel } from './ResultsPanel';
import './surveys.css';

const tabs = ['questions', 'paper', 'results'] as const;

/** One survey at the desk: its questions (built while a draft), paper entry while open, and results. */
export default function SurveyPage() {
  const { t, i18n } = useTranslation();
  const { surveyId = '' } = useParams();
  const scope = useScope();
  const communityId = scope.community?.id;
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const canManage = useCan('surveys.manage');
  const [params, setParams] = useSearchParams();
  const path = communityId ? `${surveysBase(communityId)}/surveys/${surveyId}` : null;
  const survey = useQuery({
    queryKey: ['survey', surveyId],
    enabled: !!path,
    queryFn: () => get<SurveyDetail>(path!),
  });

  if (!communityId) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  if (survey.isPending) return <Spin />;
  const back = <Link to="/surveys">{t('surveys.back')}</Link>;
  if (survey.isError)
    return (
      <>
        {back}
        <Alert type="error" showIcon title={errorText(survey.error, t)} />
      </>
    );
  const s = survey.data;

  const step = (action: 'open' | 'close') =>
    modal.confirm({
      title: t(`surveys.${action}Confirm`, { title: s.title }),
      content: action === 'open' ? t('surveys.openHint') : t('surveys.closeHint'),
      okText: t(`surveys.${action}`),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await post(`${path}/${action}`, {});
          await queryClient.invalidateQueries({ queryKey: ['survey', surveyId] });
          await queryClient.invalidateQueries({ queryKey: ['list'] });
        } catch (err) {
          modal.error({ title: errorText(err, t) });
        }
      },
    });

  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? params.get('tab')!
    : s.state === 'draft'
      ? 'questions'
      : 'results';

  return (
    <section aria-labelledby="page-title" className="survey-page">
      {back}
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {s.title}
        </Typography.Title>
        <Space wrap>
          {canManage && s.state === 'draft' && (
            <Button type="primary" onClick={() => step('open')} disabled={s.questions.length === 0}>
              {t('surveys.open')}
            </Button>
          )}
          {canManage && s.state === 'open' && s.kind === 'general' && (
            <Button onClick={() => step('close')}>{t('surveys.close')}</Button>
          )}
          {s.state !== 'draft' && (
            <ExportButton
              path={`${surveysBase(communityId)}/surveys/${s.id}/responses`}
              params={new URLSearchParams()}
            />
          )}
        </Space>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          {
            key: 'state',
            label: t('surveys.state.label'),
            children: `${stateMarks[s.state]} ${t(`surveys.state.${s.state}`)}`,
          },
          { key: 'kind', label: t('surveys.kind.label'), children: t(`surveys.kind.${s.kind}`) },
          {
            key: 'respondent',
            label: t('surveys.respondent.label'),
            children: `${t(`surveys.respondent.${s.respondent}`)} · ${
              s.anonymous ? t('surveys.anonymousYes') : t('surveys.named')
            }`,
          },
          {
            key: 'closes',
            label: t('surveys.closesAt'),
            children: s.closesAt ? formatDateTime(s.closesAt, i18n.language) : '—',
          },
        ]}
      />
      {s.intro && <Typography.Paragraph>{s.intro}</Typography.Paragraph>}
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'questions',
            label: t('surveys.tab.questions', { count: s.questions.length }),
            children: <QuestionsEditor key={s.version} survey={s} />,
          },
          ...(canManage && s.state === 'open'
            ? [{ key: 'paper', label: t('surveys.tab.paper'), children: <PaperEntry survey={s} /> }]
            : []),
          ...(s.state !== 'draft'
            ? [{ key: 'results', label: t('surveys.tab.results'), children: <ResultsPanel survey={s} /> }]
            : []),
        ]}
      />
    </section>
  );
}
