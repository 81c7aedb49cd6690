import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, Modal, Progress, Space, Spin, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../../shared/api';
import { useFormModalProps, useWriteFeedback } from '../../components/feedback';
import { HouseholdPicker } from '../../components/places';
import type { ConventionDetail, Coverage, CoverageRow } from './model';

/** "12 / 40 (30%)" with a bar, the words carrying the number. */
function Share({ part, whole, label }: { part: number; whole: number; label: string }) {
  const { t } = useTranslation();
  const pct = whole ? Math.round((part / whole) * 100) : 0;
  return (
    <Space orientation="vertical" size={0} style={{ minWidth: 140 }}>
      <span>{t('conventions.coverage.share', { part, whole, pct })}</span>
      <Progress percent={pct} size="small" showInfo={false} aria-label={label} />
    </Space>
  );
}

/**
 * 覆盖: by building, how many households gave an opinion and how many pledged (承诺), so the
 * buildings nobody has reached yet stand out; a pledge signed on paper at the door is entered here.
 */
export function CoveragePanel({ convention, canEnter }: { convention: ConventionDetail; canEnter: boolean }) {
  const { t } = useTranslation();
  const base = `/communities/${convention.communityId}/conventions/${convention.id}`;
  const [entering, setEntering] = useState(false);
  const coverage = useQuery({
    queryKey: ['list', base, 'coverage'],
    queryFn: () => get<Coverage>(`${base}/coverage`),
  });
  if (coverage.isPending) return <Spin />;
  if (coverage.isError) return <Alert type="error" showIcon title={errorText(coverage.error, t)} />;
  const c = coverage.data;
  const pledging = convention.state === 'adopted' && !!convention.publishedAt;
  return (
    <div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'households', label: t('conventions.coverage.households'), children: c.households },
          {
            key: 'answered',
            label: t('conventions.coverage.answered'),
            children: (
              <Share part={c.answered} whole={c.households} label={t('conventions.coverage.answered')} />
            ),
          },
          {
            key: 'pledged',
            label: t('conventions.coverage.pledged'),
            children: (
              <Share part={c.pledged} whole={c.households} label={t('conventions.coverage.pledged')} />
            ),
          },
        ]}
      />
      {canEnter && pledging && (
        <Button type="primary" onClick={() => setEntering(true)} style={{ marginBottom: 12 }}>
          {t('conventions.coverage.enterPledge')}
        </Button>
      )}
      <Table<CoverageRow>
        rowKey="buildingId"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={c.buildings}
        columns={[
          {
            key: 'building',
            title: t('conventions.coverage.building'),
            render: (_, b) => `${b.compoundName} ${b.buildingName}`,
          },
          { key: 'households', title: t('conventions.coverage.households'), dataIndex: 'households' },
          {
            key: 'answered',
            title: t('conventions.coverage.answered'),
            render: (_, b) => (
              <Share
                part={b.answered}
                whole={b.households}
                label={`${b.buildingName} ${t('conventions.coverage.answered')}`}
              />
            ),
          },
          {
            key: 'pledged',
            title: t('conventions.coverage.pledged'),
            render: (_, b) => (
              <Share
                part={b.pledged}
                whole={b.households}
                label={`${b.buildingName} ${t('conventions.coverage.pledged')}`}
              />
            ),
          },
        ]}
      />
      <PledgeModal open={entering} path={`${base}/pledges`} onClose={() => setEntering(false)} />
    </div>
  );
}

function PledgeModal({ open, path, onClose }: { open: boolean; path: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ householdId: string }>();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const save = useMutation({
    mutationFn: (v: { householdId: string }) => post(path, v),
    onSuccess: () => feedback.saved(onClose, t('conventions.coverage.pledgeSaved')),
    onError: feedback.failed,
  });
  return (
    <Modal
      open={open}
      title={t('conventions.coverage.enterPledge')}
      {...formModal(form, save.isPending, onClose)}
    >
      <Form form={form} name="pledgeEntry" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="householdId"
          label={t('conventions.opinion.household')}
          extra={t('conventions.coverage.pledgeHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <HouseholdPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
