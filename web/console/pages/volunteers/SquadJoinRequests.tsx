import { App, Button, Input, Tag } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { base, StateTag, usePlaces, type Tone } from './kit';

type JoinState = 'pending' | 'approved' | 'rejected' | 'withdrawn';

interface JoinRequest {
  id: string;
  communityId: string;
  squadName: string;
  name: string;
  campaignTitle: string | null;
  message: string | null;
  skills: { code: string; name: string }[];
  state: JoinState;
  decidedAt: number | null;
  decisionNote: string | null;
  createdAt: number;
}

const tone: Record<JoinState, Tone> = { pending: 'wait', approved: 'ok', rejected: 'bad', withdrawn: 'off' };

/** 入队申请: requests to join the squads in scope; the leader (or staff) approves or turns one down. */
export default function SquadJoinRequestsPage() {
  const { t, i18n } = useTranslation();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const { squads } = usePlaces();
  // The dialog's note, read when OK is pressed (the dialog outlives this render).
  const note = useRef('');

  const decide = (r: JoinRequest, verdict: 'approve' | 'reject') => {
    note.current = '';
    modal.confirm({
      title: t(`vol.joins.${verdict}Confirm`, { name: r.name, squad: r.squadName }),
      content: (
        <Input.TextArea
          aria-label={t('vol.joins.note')}
          placeholder={t('vol.joins.note')}
          maxLength={500}
          onChange={(e) => (note.current = e.target.value)}
        />
      ),
      okText: t(`vol.joins.${verdict}`),
      cancelText: t('common.cancel'),
      onOk: () =>
        post(
          `${base(r.communityId)}/join-requests/${r.id}/${verdict}`,
          note.current.trim() ? { note: note.current.trim() } : {},
        )
          .then(() => feedback.saved())
          .catch(feedback.failed)
          .finally(() => (note.current = '')),
    });
  };

  const spec: ResourceSpec<JoinRequest> = {
    title: 'menu.squadJoinRequests',
    list: (c) => `${base(c)}/join-requests`,
    filters: [
      {
        key: 'state',
        label: 'vol.joins.state',
        initial: 'pending',
        options: (['pending', 'approved', 'rejected', 'withdrawn'] as const).map((s) => ({
          value: s,
          label: `vol.joins.states.${s}`,
        })),
      },
      { key: 'squadId', label: 'vol.squad', options: squads },
    ],
    fields: [
      { key: 'name', label: 'vol.name' },
      { key: 'squadName', label: 'vol.squad' },
      { key: 'campaignTitle', label: 'vol.joins.campaign', render: (r) => r.campaignTitle ?? '—' },
      {
        key: 'skills',
        label: 'vol.skills',
        render: (r) => r.skills.map((s) => <Tag key={s.code}>{s.name}</Tag>),
      },
      { key: 'message', label: 'vol.joins.message', render: (r) => r.message ?? '—' },
      {
        key: 'createdAt',
        label: 'vol.joins.askedAt',
        render: (r) => formatDateTime(r.createdAt, i18n.language),
      },
      {
        key: 'state',
        label: 'vol.joins.state',
        render: (r) => (
          <>
            <StateTag tone={tone[r.state]}>{t(`vol.joins.states.${r.state}`)}</StateTag>
            {r.decisionNote && <div>{r.decisionNote}</div>}
          </>
        ),
      },
    ],
    rowActions: (r) =>
      r.state === 'pending' && (
        <>
          <Button
            size="small"
            type="primary"
            aria-label={t('vol.joins.approveOf', { name: r.name })}
            onClick={() => decide(r, 'approve')}
          >
            {t('vol.joins.approve')}
          </Button>
          <Button
            size="small"
            danger
            aria-label={t('vol.joins.rejectOf', { name: r.name })}
            onClick={() => decide(r, 'reject')}
          >
            {t('vol.joins.reject')}
          </Button>
        </>
      ),
  };
  return <ResourcePage spec={spec} />;
}
