import { App, Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../../shared/api';
import { useWriteFeedback } from '../../components/feedback';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { base, StateTag, usePlaces } from './kit';
import { useSkillOptions } from './model';

interface Campaign {
  id: string;
  communityId: string;
  title: string;
  body: string;
  compoundId: string | null;
  compoundName: string | null;
  squadId: string | null;
  squadName: string | null;
  skillsWanted: { code: string; name: string }[];
  startsOn: string;
  endsOn: string;
  state: 'open' | 'closed';
  open: boolean;
  signupPath: string;
  pendingRequests: number;
  approvedRequests: number;
}

/** The link and QR code a poster carries; the QR opens the campaign's page in the resident app. */
function QrModal({ campaign, onClose }: { campaign: Campaign | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const link = campaign ? `${window.location.origin}${campaign.signupPath}` : '';
  return (
    <Modal open={!!campaign} onCancel={onClose} footer={null} title={campaign?.title} destroyOnHidden>
      {campaign && (
        <Space direction="vertical" align="center" style={{ width: '100%' }}>
          <img
            src={`/api/v1${base(campaign.communityId)}/campaigns/${campaign.id}/qr.svg`}
            alt={t('vol.campaigns.qrAlt', { title: campaign.title })}
            width={240}
            height={240}
          />
          <Typography.Text
            copyable={{ text: link, onCopy: () => message.success(t('vol.campaigns.copied')) }}
          >
            {link}
          </Typography.Text>
          <Typography.Paragraph>{t('vol.campaigns.qrHint')}</Typography.Paragraph>
        </Space>
      )}
    </Modal>
  );
}

/** 志愿者招募: campaigns with a link and QR for posters and WeChat groups; who signed up through each. */
export default function CampaignsPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const { compounds, squads } = usePlaces();
  const skills = useSkillOptions();
  const [qr, setQr] = useState<Campaign | null>(null);

  const spec: ResourceSpec<Campaign> = {
    title: 'menu.campaigns',
    list: (c) => `${base(c)}/campaigns`,
    create: (c) => `${base(c)}/campaigns`,
    update: (c, k) => `${base(c)}/campaigns/${k.id}`,
    byCompound: true,
    filters: [
      {
        key: 'state',
        label: 'vol.campaigns.state',
        options: [
          { value: 'open', label: 'vol.campaigns.states.open' },
          { value: 'closed', label: 'vol.campaigns.states.closed' },
        ],
      },
      { key: 'squadId', label: 'vol.squad', options: squads },
    ],
    toForm: (k) => ({ ...k, skillsWanted: k.skillsWanted.map((s) => s.code) }),
    toBody: (v) => ({ ...v, skillsWanted: v.skillsWanted ?? [] }),
    fields: [
      { key: 'title', label: 'vol.campaigns.title', required: true },
      { key: 'body', label: 'vol.campaigns.body', type: 'textarea', required: true, table: false },
      {
        key: 'compoundId',
        label: 'vol.compound',
        type: 'select',
        options: compounds,
        render: (k) => k.compoundName ?? t('vol.wholeCommunity'),
      },
      {
        key: 'squadId',
        label: 'vol.campaigns.squad',
        type: 'select',
        options: squads,
        hint: 'vol.campaigns.squadHint',
        render: (k) => k.squadName ?? '—',
      },
      {
        key: 'skillsWanted',
        label: 'vol.campaigns.skillsWanted',
        type: 'multiselect',
        options: skills,
        render: (k) => k.skillsWanted.map((s) => s.name).join('、') || '—',
      },
      { key: 'startsOn', label: 'vol.campaigns.startsOn', type: 'date', required: true },
      { key: 'endsOn', label: 'vol.campaigns.endsOn', type: 'date', required: true },
      {
        key: 'requests',
        label: 'vol.campaigns.requests',
        form: false,
        render: (k) =>
          t('vol.campaigns.requestCounts', { pending: k.pendingRequests, approved: k.approvedRequests }),
      },
      {
        key: 'state',
        label: 'vol.campaigns.state',
        form: false,
        render: (k) =>
          k.open ? (
            <StateTag tone="ok">{t('vol.campaigns.states.open')}</StateTag>
          ) : (
            <StateTag tone="off">
              {t(k.state === 'closed' ? 'vol.campaigns.states.closed' : 'vol.campaigns.states.outOfDates')}
            </StateTag>
          ),
      },
    ],
    rowActions: (k) => (
      <>
        <Button
          size="small"
          aria-label={t('vol.campaigns.qrOf', { title: k.title })}
          onClick={() => setQr(k)}
        >
          {t('vol.campaigns.qr')}
        </Button>
        {k.state === 'open' && (
          <Button
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: t('vol.campaigns.closeConfirm', { title: k.title }),
                okText: t('vol.campaigns.close'),
                cancelText: t('common.cancel'),
                onOk: () =>
                  post(`${base(k.communityId)}/campaigns/${k.id}/close`).then(
                    () => feedback.saved(),
                    feedback.failed,
                  ),
              })
            }
          >
            {t('vol.campaigns.close')}
          </Button>
        )}
      </>
    ),
  };
  return (
    <>
      <ResourcePage spec={spec} />
      <QrModal campaign={qr} onClose={() => setQr(null)} />
    </>
  );
}
