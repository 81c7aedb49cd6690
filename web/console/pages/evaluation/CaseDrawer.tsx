import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { percent } from '../surveys/model';
import type { CaseItem, EvaluationCase, ReplacementProposal, Round } from './model';
import { CaseStateText, RateText, useEvaluationSettings, useItemName } from './parts';

const path = ['open', 'talk_scheduled', 'rectifying', 're_evaluating', 'closed_resolved'] as const;

/**
 * One property case: its steps (约谈 → 整改清单 → 复评 → closed or escalated), each with its form, and
 * the property company's history across the community's compounds beside it.
 */
export function CaseDrawer({ caseId, onClose }: { caseId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scope = useScope();
  const communityId = scope.community?.id;
  const canManage = useCan('surveys.manage');
  const base = communityId && caseId ? `/communities/${communityId}/evaluation-cases/${caseId}` : null;
  const detail = useQuery({
    queryKey: ['list', 'evaluation-case', base],
    enabled: !!base,
    queryFn: () => get<EvaluationCase>(base!),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [proposal, setProposal] = useState<ReplacementProposal | null>(null);
  const itemName = useItemName(communityId);
  const belowName = (code: string) => (code === 'overall' ? t('evaluation.case.overall') : itemName(code));
  const c = detail.data;
  const live = c && !['closed_resolved', 'escalated'].includes(c.state);

  /** Sends one step; the case and every list on screen refresh after it. */
  async function act(suffix: string, body: unknown = {}, done?: (reply: unknown) => void) {
    setBusy(true);
    setError(null);
    try {
      const reply = await post(`${base}${suffix}`, body);
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['list'] });
      done?.(reply);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer
      open={!!caseId}
      onClose={onClose}
      size="large"
      title={c ? `${c.propertyCompanyName} · ${c.compoundName} · ${c.period}` : ''}
    >
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {!c ? (
        !detail.isError && <Spin />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Steps
            size="small"
            responsive
            current={c.state === 'escalated' ? path.length : path.indexOf(c.state)}
            status={c.state === 'escalated' ? 'error' : undefined}
            items={path.map((s) => ({ title: t(`evaluation.caseState.${s}`) }))}
          />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              {
                key: 'state',
                label: t('evaluation.case.state'),
                children: <CaseStateText state={c.state} />,
              },
              {
                key: 'opened',
                label: t('evaluation.case.openedAt'),
                children: formatDateTime(c.createdAt, i18n.language),
              },
              {
                key: 'round',
                label: t('evaluation.case.round'),
                children: <Link to="/evaluation-rounds">{c.period}</Link>,
              },
              {
                key: 'rate',
                label: t('evaluation.rounds.overall'),
                children: <RateText rate={c.overallRate} threshold={c.thresholdPercent} />,
              },
              {
                key: 'below',
                label: t('evaluation.case.below'),
                children: c.below.map(belowName).join('、') || '—',
              },
              ...(c.closedAt
                ? [
                    {
                      key: 'closed',
                      label: t('evaluation.case.closedAt'),
                      children: formatDateTime(c.closedAt, i18n.language),
                    },
                  ]
                : []),
              ...(c.outcome
                ? [{ key: 'outcome', label: t('evaluation.case.outcome'), children: c.outcome }]
                : []),
            ]}
          />
          {error && <Alert type="error" showIcon title={error} />}

          <Card size="small" title={t('evaluation.case.talk')}>
            {c.talkAt ? (
              <Typography.Paragraph>
                {t('evaluation.case.talkAt', { at: formatDateTime(c.talkAt, i18n.language) })}
                {c.talkMinutes && (
                  <>
                    <br />
                    {c.talkMinutes}
                  </>
                )}
              </Typography.Paragraph>
            ) : (
              <Typography.Paragraph>{t('evaluation.case.noTalk')}</Typography.Paragraph>
            )}
            {canManage && (c.state === 'open' || c.state === 'talk_scheduled') && (
              <TalkForm
                busy={busy}
                onSave={(talkAt, minutes) => void act('/talk', { talkAt, ...(minutes ? { minutes } : {}) })}
              />
            )}
          </Card>

          <Card size="small" title={t('evaluation.case.items')}>
            <ItemsTable
              communityId={c.communityId}
              items={c.items}
              editable={!!(canManage && live)}
              busy={busy}
              onDone={(index, note) => void act(`/items/${index}/done`, { note })}
            />
            {canManage && live && c.state !== 're_evaluating' && (
              <ItemForm communityId={c.communityId} busy={busy} onAdd={(item) => void act('/items', item)} />
            )}
          </Card>

          <Card size="small" title={t('evaluation.case.next')}>
            {c.reevaluation && (
              <Typography.Paragraph>
                <Link to="/evaluation-rounds">
                  {t('evaluation.case.reevaluationRound', {
                    period: c.reevaluation.period,
                    state: t(`evaluation.rounds.${c.reevaluation.state === 'open' ? 'open' : 'closedState'}`),
                    responses: c.reevaluation.responses,
                  })}
                </Link>{' '}
                {c.reevaluation.state === 'closed' && (
                  <RateText
                    rate={c.reevaluation.overallRate}
                    threshold={c.thresholdPercent}
                    below={c.reevaluation.below.length > 0}
                  />
                )}
              </Typography.Paragraph>
            )}
            {c.replacementProposedAt && (
              <Typography.Paragraph>
                {t('evaluation.case.replacementProposed', {
                  at: formatDateTime(c.replacementProposedAt, i18n.language),
                })}{' '}
                <Link to="/assemblies">{t('evaluation.case.toAssemblies')}</Link>
              </Typography.Paragraph>
            )}
            {proposal && <ProposalData proposal={proposal} />}
            {canManage && live && (
              <Space wrap>
                {c.state === 'rectifying' && (
                  <Button
                    loading={busy}
                    disabled={c.items.length === 0}
                    onClick={() => void act('/reevaluate')}
                  >
                    {t('evaluation.case.reevaluate')}
                  </Button>
                )}
                <CloseForm
                  busy={busy}
                  disabled={c.reevaluation?.state === 'open'}
                  onClose={(outcome) => void act('/close', { outcome })}
                />
                <Button
                  danger
                  loading={busy}
                  onClick={() =>
                    void act('/escalate', {}, (reply) =>
                      setProposal((reply as { proposal: ReplacementProposal }).proposal),
                    )
                  }
                >
                  {t('evaluation.case.escalate')}
                </Button>
              </Space>
            )}
          </Card>

          {c.propertyCompanyId && (
            <CompanyHistory communityId={c.communityId} companyId={c.propertyCompanyId} />
          )}
        </Space>
      )}
    </Drawer>
  );
}

function TalkForm({ busy, onSave }: { busy: boolean; onSave: (talkAt: number, minutes?: string) => void }) {
  const { t } = useTranslation();
  return (
    <Form<{ talkAt: Dayjs; minutes?: string }>
      name="talk"
      layout="vertical"
      onFinish={(v) => onSave(v.talkAt.valueOf(), v.minutes)}
    >
      <Form.Item
        name="talkAt"
        label={t('evaluation.case.talkWhen')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="minutes" label={t('evaluation.case.talkMinutes')}>
        <Input.TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {t('evaluation.case.saveTalk')}
      </Button>
    </Form>
  );
}

function ItemsTable({
  communityId,
  items,
  editable,
  busy,
  onDone,
}: {
  communityId: string;
  items: CaseItem[];
  editable: boolean;
  busy: boolean;
  onDone: (index: number, note: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const itemName = useItemName(communityId);
  const finish = (index: number, item: CaseItem) => {
    let note = '';
    modal.confirm({
      title: t('evaluation.case.doneConfirm', { title: item.title }),
      content: (
        <Input.TextArea
          aria-label={t('evaluation.case.doneNote')}
          placeholder={t('evaluation.case.doneNote')}
          rows={3}
          onChange={(e) => (note = e.target.value)}
        />
      ),
      okText: t('evaluation.case.markDone'),
      cancelText: t('common.cancel'),
      onOk: () => onDone(index, note),
    });
  };
  return (
    <Table<CaseItem>
      rowKey="index"
      size="small"
      pagination={false}
      scroll={{ x: true }}
      locale={{ emptyText: t('evaluation.case.noItems') }}
      dataSource={items}
      columns={[
        { key: 'title', title: t('evaluation.case.itemTitle'), dataIndex: 'title' },
        {
          key: 'item',
          title: t('evaluation.item'),
          render: (_, i) => (i.itemCode ? itemName(i.itemCode) : '—'),
        },
        { key: 'due', title: t('evaluation.case.due'), dataIndex: 'dueDate' },
        {
          key: 'state',
          title: t('evaluation.case.itemState'),
          render: (_, i) =>
            i.state === 'done'
              ? `✓ ${t('evaluation.case.itemDone')}${i.doneAt ? ` · ${formatDateTime(i.doneAt, i18n.language)}` : ''}${i.note ? ` · ${i.note}` : ''}`
              : `○ ${t('evaluation.case.itemOpen')}`,
        },
        {
          key: 'actions',
          title: t('common.actions'),
          render: (_, i) =>
            editable &&
            i.state === 'open' && (
              <Button
                size="small"
                loading={busy}
                onClick={() => finish(i.index, i)}
                aria-label={t('evaluation.case.markDoneNamed', { title: i.title })}
              >
                {t('evaluation.case.markDone')}
              </Button>
            ),
        },
      ]}
    />
  );
}

function ItemForm({
  communityId,
  busy,
  onAdd,
}: {
  communityId: string;
  busy: boolean;
  onAdd: (item: { title: string; itemCode?: string; dueDate: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const settings = useEvaluationSettings(communityId);
  return (
    <Form
      form={form}
      name="caseItem"
      layout="inline"
      className="case-item-form"
      onFinish={(v: { title: string; itemCode?: string; dueDate: Dayjs }) => {
        onAdd({
          title: v.title,
          ...(v.itemCode ? { itemCode: v.itemCode } : {}),
          dueDate: v.dueDate.format('YYYY-MM-DD'),
        });
        form.resetFields();
      }}
    >
      <Form.Item
        name="title"
        label={t('evaluation.case.itemTitle')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input style={{ width: 220 }} maxLength={200} />
      </Form.Item>
      <Form.Item name="itemCode" label={t('evaluation.item')}>
        <Select
          allowClear
          style={{ width: 140 }}
          options={(settings.data?.items ?? []).map((i) => ({
            value: i.code,
            label: i18n.language === 'en' ? i.nameEn : i.nameZh,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="dueDate"
        label={t('evaluation.case.due')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <DatePicker />
      </Form.Item>
      <Button htmlType="submit" loading={busy}>
        {t('evaluation.case.addItem')}
      </Button>
    </Form>
  );
}

function CloseForm({
  busy,
  disabled,
  onClose,
}: {
  busy: boolean;
  disabled: boolean;
  onClose: (outcome: string) => void;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return (
    <Button
      type="primary"
      loading={busy}
      disabled={disabled}
      onClick={() => {
        let outcome = '';
        modal.confirm({
          title: t('evaluation.case.closeTitle'),
          content: (
            <Input.TextArea
              aria-label={t('evaluation.case.outcome')}
              placeholder={t('evaluation.case.outcomeHint')}
              rows={3}
              onChange={(e) => (outcome = e.target.value)}
            />
          ),
          okText: t('evaluation.case.close'),
          cancelText: t('common.cancel'),
          onOk: () => onClose(outcome),
        });
      }}
    >
      {t('evaluation.case.close')}
    </Button>
  );
}

/** What the escalation returned, laid out for whoever opens the owners' assembly on it. */
function ProposalData({ proposal }: { proposal: ReplacementProposal }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      title={t('evaluation.case.escalated')}
      description={
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'matter', label: t('evaluation.case.matter'), children: proposal.suggestedMatter },
              { key: 'company', label: t('evaluation.company'), children: proposal.propertyCompany.name },
              { key: 'compound', label: t('evaluation.compound'), children: proposal.compound.name },
              {
                key: 'rounds',
                label: t('evaluation.case.rounds'),
                children: proposal.rounds
                  .map((r) => `${r.period} ${percent(r.overallRate, i18n.language)}`)
                  .join('；'),
              },
            ]}
          />
          <Link to="/assemblies">{t('evaluation.case.toAssemblies')}</Link>
        </>
      }
    />
  );
}

/** 历次评议: the company's rounds across the community's compounds, to judge a case against. */
function CompanyHistory({ communityId, companyId }: { communityId: string; companyId: string }) {
  const { t, i18n } = useTranslation();
  const history = useQuery({
    queryKey: ['list', 'company-evaluations', communityId, companyId],
    queryFn: () =>
      get<{ items: Round[] }>(
        `/communities/${communityId}/property-companies/${companyId}/evaluations?pageSize=50`,
      ),
  });
  return (
    <Card size="small" title={t('evaluation.case.history')}>
      {history.isError ? (
        <Alert type="error" showIcon title={errorText(history.error, t)} />
      ) : (
        <Table<Round>
          rowKey="id"
          size="small"
          loading={history.isPending}
          pagination={false}
          scroll={{ x: true }}
          dataSource={history.data?.items ?? []}
          columns={[
            { key: 'period', title: t('evaluation.rounds.period'), dataIndex: 'period' },
            { key: 'compound', title: t('evaluation.compound'), dataIndex: 'compoundName' },
            {
              key: 'overall',
              title: t('evaluation.rounds.overall'),
              render: (_, h) =>
                h.state === 'open' ? t('evaluation.rounds.open') : percent(h.overallRate, i18n.language),
            },
            {
              key: 'case',
              title: t('evaluation.rounds.case'),
              render: (_, h) => (h.caseState ? <CaseStateText state={h.caseState} /> : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}
