import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useCompoundOptions } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import '../conventions/conventions.css';

interface RuleSet {
  id: string;
  compoundId: string;
  compoundName: string;
  title: string;
  rules: string[];
  /** 1, 2…: the highest version of a compound is in force. */
  version: number;
  current: boolean;
  createdAt: number;
}
interface ListedRuleSet extends RuleSet {
  members: number;
  acknowledged: number;
}
interface Member {
  personId: string;
  name: string;
  position: string;
  hasAccount: boolean;
  acknowledgedAt: number | null;
}

/**
 * 九不准: the duty rules each compound's owner committee members must keep, and who has acknowledged
 * them (in the resident app); reports of breaches are decided on the next page, like appeals.
 */
export default function DutyRulesPage() {
  const { t } = useTranslation();
  const compounds = useCompoundOptions();
  const [shown, setShown] = useState<RuleSet | null>(null);
  const spec: ResourceSpec<ListedRuleSet> = {
    title: 'menu.dutyRules',
    list: (c) => `/communities/${c}/duty-rules`,
    create: (c) => `/communities/${c}/duty-rules`,
    byCompound: true,
    fields: [
      {
        key: 'compoundId',
        label: 'dutyRules.compound',
        type: 'select',
        required: true,
        options: compounds.options,
        render: (r) => r.compoundName,
      },
      { key: 'title', label: 'dutyRules.title', required: true },
      {
        key: 'version',
        label: 'dutyRules.version',
        form: false,
        render: (r) => `v${r.version}${r.current ? ` · ${t('dutyRules.current')}` : ''}`,
      },
      {
        key: 'rules',
        label: 'dutyRules.rules',
        type: 'textarea',
        required: true,
        hint: 'dutyRules.rulesHint',
        render: (r) => t('dutyRules.count', { count: r.rules.length }),
      },
      {
        key: 'acknowledged',
        label: 'dutyRules.acks',
        form: false,
        render: (r) => t('dutyRules.ackCount', { done: r.acknowledged, total: r.members }),
      },
    ],
    defaults: { title: t('dutyRules.defaultTitle') },
    toBody: (v) => ({
      compoundId: v.compoundId,
      title: v.title,
      rules: String(v.rules ?? '')
        .split('\n')
        .map((line) => line.replace(/^\s*(\d+[.、．]|[一二三四五六七八九十]+、)\s*/, '').trim())
        .filter(Boolean),
    }),
    rowActions: (r) => (
      <Button
        size="small"
        type="primary"
        ghost
        onClick={() => setShown(r)}
        aria-label={t('dutyRules.viewNamed', { title: r.title })}
      >
        {t('dutyRules.view')}
      </Button>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <RuleSetDrawer ruleSet={shown} onClose={() => setShown(null)} />
    </>
  );
}

function RuleSetDrawer({ ruleSet, onClose }: { ruleSet: RuleSet | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const path =
    ruleSet && scope.community ? `/communities/${scope.community.id}/duty-rules/${ruleSet.id}` : null;
  const detail = useQuery({
    queryKey: ['list', 'duty-rule', path],
    enabled: !!path,
    queryFn: () => get<RuleSet & { members: Member[] }>(path!),
  });
  const d = detail.data;
  return (
    <Drawer open={!!ruleSet} onClose={onClose} size="large" title={ruleSet?.title}>
      {detail.isError ? (
        <Alert type="error" showIcon title={errorText(detail.error, t)} />
      ) : !d ? (
        <Spin />
      ) : (
        <>
          <Typography.Title level={3}>{t('dutyRules.rules')}</Typography.Title>
          <ol className="rule-lines">
            {d.rules.map((rule, i) => (
              <li key={i}>{rule}</li>
            ))}
          </ol>
          <Typography.Title level={3}>{t('dutyRules.members')}</Typography.Title>
          <Table<Member>
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={d.members}
            locale={{ emptyText: t('dutyRules.noMembers') }}
            columns={[
              { key: 'name', title: t('dutyRules.member'), dataIndex: 'name' },
              { key: 'position', title: t('dutyRules.position'), dataIndex: 'position' },
              {
                key: 'ack',
                title: t('dutyRules.ack'),
                render: (_, m) =>
                  m.acknowledgedAt
                    ? `✓ ${formatDateTime(m.acknowledgedAt, i18n.language)}`
                    : `○ ${t('dutyRules.notYet')}${m.hasAccount ? '' : ` · ${t('dutyRules.noAccount')}`}`,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
