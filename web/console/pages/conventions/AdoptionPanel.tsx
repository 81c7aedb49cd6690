import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get, post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { downloadFile } from '../../components/files';
import { useOptions } from '../organisations/kit';
import type { ConventionDetail } from './model';

interface MeetingDetail {
  agenda: { title: string; decision: { id: string; text: string } | null }[];
}

/**
 * 通过与发布: open the draft for opinions, record its adoption by a meeting decision (议事会议决议) or
 * an owners' assembly vote, publish the adopted text to households, and print it for the notice board.
 */
export function AdoptionPanel({
  convention,
  canManage,
}: {
  convention: ConventionDetail;
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = convention;
  const base = `/communities/${c.communityId}/conventions/${c.id}`;
  const hasVersion = !!c.currentVersion;
  const beforeAdoption = c.state === 'drafting' || c.state === 'consulting';

  async function act(suffix: string, body: unknown = {}, done = t('common.saved')) {
    setBusy(true);
    setError(null);
    try {
      await post(`${base}${suffix}`, body);
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: ['convention', c.id] });
      await queryClient.invalidateQueries({ queryKey: ['list'] });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  async function print() {
    try {
      await downloadFile(`${base}/print.pdf`, `${c.title}.pdf`, i18n.language);
    } catch (err) {
      message.error(errorText(err, t));
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'adopted',
            label: t('conventions.adopt.adoptedAt'),
            children:
              c.adoptedAt && c.adoption
                ? `${formatDateTime(c.adoptedAt, i18n.language)} · ${t(`conventions.adopt.kind.${c.adoption.kind}`)} · ${c.adoption.label}`
                : '—',
          },
          {
            key: 'published',
            label: t('conventions.adopt.publishedAt'),
            children: c.publishedAt ? formatDateTime(c.publishedAt, i18n.language) : '—',
          },
        ]}
      />
      {canManage && c.state === 'drafting' && (
        <Card size="small" title={t('conventions.adopt.consultTitle')}>
          <Typography.Paragraph>{t('conventions.adopt.consultHint')}</Typography.Paragraph>
          <Button
            type="primary"
            disabled={!hasVersion}
            loading={busy}
            onClick={() => void act('/consult', {}, t('conventions.adopt.consulting'))}
          >
            {t('conventions.adopt.consult')}
          </Button>
        </Card>
      )}
      {canManage && beforeAdoption && hasVersion && (
        <AdoptForm communityId={c.communityId} busy={busy} onAdopt={(body) => void act('/adopt', body)} />
      )}
      {canManage && c.state === 'adopted' && !c.publishedAt && (
        <Card size="small" title={t('conventions.adopt.publishTitle')}>
          <Typography.Paragraph>{t('conventions.adopt.publishHint')}</Typography.Paragraph>
          <Button type="primary" loading={busy} onClick={() => void act('/publish')}>
            {t('conventions.adopt.publish')}
          </Button>
        </Card>
      )}
      {c.state === 'adopted' && <Button onClick={() => void print()}>{t('conventions.adopt.print')}</Button>}
    </Space>
  );
}

type AdoptBody = { kind: 'meeting_decision'; decisionId: string } | { kind: 'assembly'; assemblyId: string };

/** Which decision or vote adopted the text: a meeting and one of its decisions, or an assembly. */
function AdoptForm({
  communityId,
  busy,
  onAdopt,
}: {
  communityId: string;
  busy: boolean;
  onAdopt: (body: AdoptBody) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AdoptBody['kind']>('meeting_decision');
  const [meetingId, setMeetingId] = useState<string>();
  const [decisionId, setDecisionId] = useState<string>();
  const [assemblyId, setAssemblyId] = useState<string>();
  const meetings = useOptions<{ id: string; title: string }>(`/communities/${communityId}/meetings`, (m) => ({
    value: m.id,
    label: m.title,
  }));
  const assemblies = useOptions<{ id: string; title: string }>(
    `/communities/${communityId}/assemblies`,
    (a) => ({ value: a.id, label: a.title }),
  );
  const meeting = useQuery({
    queryKey: ['meeting-decisions', meetingId],
    enabled: !!meetingId,
    queryFn: () => get<MeetingDetail>(`/communities/${communityId}/meetings/${meetingId}`),
  });
  const decisions = (meeting.data?.agenda ?? []).flatMap((a) =>
    a.decision ? [{ value: a.decision.id, label: `${a.title}: ${a.decision.text.slice(0, 60)}` }] : [],
  );
  const ready = kind === 'meeting_decision' ? !!decisionId : !!assemblyId;
  return (
    <Card size="small" title={t('conventions.adopt.title')}>
      <Form
        name="adopt"
        layout="vertical"
        onFinish={() =>
          onAdopt(
            kind === 'meeting_decision'
              ? { kind, decisionId: decisionId! }
              : { kind: 'assembly', assemblyId: assemblyId! },
          )
        }
      >
        <Form.Item label={t('conventions.adopt.by')} name="kind" initialValue={kind}>
          <Radio.Group
            onChange={(e) => setKind(e.target.value as AdoptBody['kind'])}
            options={[
              { value: 'meeting_decision', label: t('conventions.adopt.kind.meeting_decision') },
              { value: 'assembly', label: t('conventions.adopt.kind.assembly') },
            ]}
          />
        </Form.Item>
        {kind === 'meeting_decision' ? (
          <>
            <Form.Item label={t('conventions.adopt.meeting')} name="meetingId">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={meetings.options}
                onChange={(v: string) => {
                  setMeetingId(v);
                  setDecisionId(undefined);
                }}
              />
            </Form.Item>
            <Form.Item
              label={t('conventions.adopt.decision')}
              name="decisionId"
              extra={
                meetingId && !meeting.isPending && !decisions.length
                  ? t('conventions.adopt.noDecision')
                  : null
              }
            >
              <Select options={decisions} onChange={(v: string) => setDecisionId(v)} disabled={!meetingId} />
            </Form.Item>
          </>
        ) : (
          <Form.Item label={t('conventions.adopt.assembly')} name="assemblyId">
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={assemblies.options}
              onChange={(v: string) => setAssemblyId(v)}
            />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" disabled={!ready} loading={busy}>
          {t('conventions.adopt.submit')}
        </Button>
      </Form>
    </Card>
  );
}
