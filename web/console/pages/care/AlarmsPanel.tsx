import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Input, List, Modal, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import { useScope } from '../../components/scope';
import { LoadError, useCan } from '../organisations/kit';
import { careBase, type HelpAlarm, type HelpAlarmDetail } from './model';
import { SubmitModal } from './SubmitModal';
import { AlarmStateTag } from './tags';

/**
 * 求助 in the caller's scope, unresolved first and live (the page keeps the console's alarm stream
 * open): acknowledge, resolve with what happened, and see who was told and the timeline.
 */
export function AlarmsPanel({ gridId }: { gridId?: string }) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const canManage = useCan('care.manage');
  const feedback = useWriteFeedback();
  const [resolving, setResolving] = useState<HelpAlarm | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const base = community ? `${careBase(community.id)}/help-alarms` : null;
  const query = `open=true&pageSize=50${gridId ? `&gridId=${gridId}` : ''}`;
  const alarms = useQuery({
    queryKey: ['care-alarms', base, query],
    enabled: !!base,
    queryFn: () => get<Page<HelpAlarm>>(`${base}?${query}`),
  });
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  const ack = (a: HelpAlarm) => post(`${base}/${a.id}/ack`, {}).then(() => feedback.saved(), feedback.failed);

  return (
    <Card
      title={
        <span id="care-alarms-title">
          {t('care.alarm.title')}
          {!!alarms.data?.total && ` · ${t('care.alarm.open', { count: alarms.data.total })}`}
        </span>
      }
      className="care-alarms"
      aria-labelledby="care-alarms-title"
      role="region"
    >
      <div aria-live="polite">
        {alarms.isSuccess && alarms.data.items.length === 0 ? (
          <Empty description={t('care.alarm.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List<HelpAlarm>
            dataSource={alarms.data?.items ?? []}
            loading={alarms.isPending}
            renderItem={(a) => (
              <List.Item
                className={`care-alarm ${a.state}`}
                actions={[
                  <Button key="view" size="small" onClick={() => setShown(a.id)}>
                    {t('care.alarm.details')}
                  </Button>,
                  ...(canManage && a.state === 'open'
                    ? [
                        <Button key="ack" size="small" type="primary" onClick={() => void ack(a)}>
                          {t('care.alarm.ack')}
                        </Button>,
                      ]
                    : []),
                  ...(canManage
                    ? [
                        <Button key="resolve" size="small" onClick={() => setResolving(a)}>
                          {t('care.alarm.resolve')}
                        </Button>,
                      ]
                    : []),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <AlarmStateTag state={a.state} />
                      <Typography.Text strong>{t('care.alarm.who', { name: a.name })}</Typography.Text>
                    </Space>
                  }
                  description={
                    <>
                      <span>
                        {[a.buildingName, a.roomNumber].filter(Boolean).join(' ')} · {at(a.raisedAt)}
                      </span>
                      {a.note && <span> · {a.note}</span>}
                      {a.acknowledgedByName && (
                        <span> · {t('care.alarm.ackedBy', { name: a.acknowledgedByName })}</span>
                      )}
                      {a.escalatedAt && <span> · ⚠ {t('care.alarm.escalated')}</span>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </div>
      {resolving && (
        <SubmitModal<{ note: string }>
          name="care-resolve"
          title={t('care.alarm.resolveTitle', { name: resolving.name })}
          open
          onClose={() => setResolving(null)}
          onSubmit={(v) => post(`${base}/${resolving.id}/resolve`, v)}
        >
          <Form.Item
            name="note"
            label={t('care.alarm.resolveNote')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </SubmitModal>
      )}
      <AlarmDetail path={shown && base ? `${base}/${shown}` : null} onClose={() => setShown(null)} />
    </Card>
  );
}

function AlarmDetail({ path, onClose }: { path: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const alarm = useQuery({
    queryKey: ['care-alarm', path],
    enabled: !!path,
    queryFn: () => get<HelpAlarmDetail>(path!),
  });
  const a = alarm.data;
  const at = (ms: number) => formatDateTime(ms, i18n.language);
  return (
    <Modal
      open={!!path}
      onCancel={onClose}
      footer={null}
      title={a ? t('care.alarm.who', { name: a.name }) : t('common.loading')}
    >
      <LoadError error={alarm.error} />
      {a && (
        <>
          <Typography.Title level={5}>{t('care.alarm.told')}</Typography.Title>
          <ul className="care-plain-list">
            {a.recipients.map((r) => (
              <li key={r.accountId}>
                {r.name} · {t(`care.alarm.reason.${r.reason}`)} · {at(r.notifiedAt)}
              </li>
            ))}
          </ul>
          <Typography.Title level={5}>{t('care.alarm.timeline')}</Typography.Title>
          <Timeline
            items={a.timeline.map((e) => ({
              key: e.seq,
              children: `${at(e.at)} · ${t(`care.alarm.event.${e.kind}`, { name: e.actorName ?? '' })}${e.note ? `：${e.note}` : ''}`,
            }))}
          />
        </>
      )}
    </Modal>
  );
}
