import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { post } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { useWriteFeedback } from '../../components/feedback';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { base, StateTag, type Tone } from '../volunteers/kit';

type SwapState = 'pending' | 'approved' | 'rejected' | 'withdrawn';

interface DutySwap {
  id: string;
  communityId: string;
  placeName: string;
  date: string;
  slotLabel: string;
  fromName: string;
  toName: string;
  reason: string | null;
  acceptedAt: number | null;
  state: SwapState;
  createdAt: number;
}

const tone: Record<SwapState, Tone> = { pending: 'wait', approved: 'ok', rejected: 'bad', withdrawn: 'off' };

/** 换班申请: who asks to hand which shift to whom and why; the duty manager approves or turns it down. */
export default function DutySwapsPage() {
  const { t, i18n } = useTranslation();
  const feedback = useWriteFeedback();
  const decide = (s: DutySwap, verdict: 'approve' | 'reject') =>
    post(`${base(s.communityId)}/duty-swaps/${s.id}/${verdict}`).then(
      () => feedback.saved(),
      feedback.failed,
    );
  const spec: ResourceSpec<DutySwap> = {
    title: 'menu.dutySwaps',
    list: (c) => `${base(c)}/duty-swaps`,
    filters: [
      {
        key: 'state',
        label: 'duty.swap.state',
        initial: 'pending',
        options: (['pending', 'approved', 'rejected', 'withdrawn'] as const).map((s) => ({
          value: s,
          label: `duty.swap.states.${s}`,
        })),
      },
    ],
    fields: [
      { key: 'shift', label: 'duty.shift', render: (s) => `${s.placeName} · ${s.date} ${s.slotLabel}` },
      { key: 'fromName', label: 'duty.swap.from' },
      {
        key: 'toName',
        label: 'duty.swap.to',
        render: (s) => `${s.toName}${s.acceptedAt ? ` · ✓ ${t('duty.swap.accepted')}` : ''}`,
      },
      { key: 'reason', label: 'duty.swap.reason', render: (s) => s.reason ?? '—' },
      {
        key: 'createdAt',
        label: 'duty.swap.askedAt',
        render: (s) => formatDateTime(s.createdAt, i18n.language),
      },
      {
        key: 'state',
        label: 'duty.swap.state',
        render: (s) => <StateTag tone={tone[s.state]}>{t(`duty.swap.states.${s.state}`)}</StateTag>,
      },
    ],
    rowActions: (s) =>
      s.state === 'pending' && (
        <>
          <Button size="small" type="primary" onClick={() => void decide(s, 'approve')}>
            {t('duty.swap.approve')}
          </Button>
          <Button size="small" danger onClick={() => void decide(s, 'reject')}>
            {t('duty.swap.reject')}
          </Button>
        </>
      ),
  };
  return <ResourcePage spec={spec} />;
}
