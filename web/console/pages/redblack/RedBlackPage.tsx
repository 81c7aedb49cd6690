import { useQuery } from '@tanstack/react-query';
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { HouseholdPicker } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { entryStates, type Convention, type RedBlackEntry } from '../conventions/model';
import { DecisionModal, EvidenceUpload, ListText, type DecisionField } from './parts';
import { EntryDrawer } from './EntryDrawer';
import { SettingsModal } from './SettingsModal';
import '../conventions/conventions.css';

type Step = 'review' | 'publish' | 'remove';

const stepFields: Record<Step, DecisionField[]> = {
  review: [
    { name: 'approve', label: 'redBlack.review.decision', kind: 'approve', required: true, initial: true },
    { name: 'note', label: 'redBlack.review.note', kind: 'text' },
  ],
  publish: [{ name: 'days', label: 'redBlack.publish.days', kind: 'days', initial: 30 }],
  remove: [{ name: 'reason', label: 'redBlack.remove.reason', kind: 'text', required: true }],
};

/**
 * 红黑榜: entries proposed for households (good deeds on the red list, breaches citing a convention
 * article on the black list) with evidence; the branch and the committee each review, then an
 * approved entry is published for a period with the household's name masked by the community's rule.
 */
export default function RedBlackPage() {
  const { t, i18n } = useTranslation();
  const scope = useScope();
  const navigate = useNavigate();
  const { entryId } = useParams();
  const communityId = scope.community?.id;
  const canReview = useCan('redBlack.review');
  const canPropose = useCan('redBlack.propose');
  const [acting, setActing] = useState<{ step: Step; entry: RedBlackEntry } | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const conventions = useQuery({
    queryKey: ['list', 'conventions-adopted', communityId],
    enabled: !!communityId,
    queryFn: () =>
      get<Page<Convention>>(`/communities/${communityId}/conventions?state=adopted&pageSize=100`),
  });
  const conventionOptions = (conventions.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }));
  const settingsLoaded = useQuery({
    queryKey: ['list', 'red-black-settings', communityId],
    enabled: !!communityId && canReview,
    queryFn: () => get<{ defaultDays?: number }>(`/communities/${communityId}/red-black-settings`),
  });
  const days = settingsLoaded.data?.defaultDays ?? 30;
  const period = (e: RedBlackEntry) =>
    e.publishFrom && e.publishUntil
      ? `${formatDateTime(e.publishFrom, i18n.language).slice(0, 10)} – ${formatDateTime(e.publishUntil, i18n.language).slice(0, 10)}`
      : '—';

  /** The next steps an entry allows, for a reviewer: review, publish, remove. */
  const steps = (e: RedBlackEntry) =>
    canReview && (
      <>
        {e.state === 'proposed' && (
          <Button size="small" type="primary" ghost onClick={() => setActing({ step: 'review', entry: e })}>
            {t('redBlack.review.button')}
          </Button>
        )}
        {e.state === 'approved' && (
          <Button size="small" type="primary" onClick={() => setActing({ step: 'publish', entry: e })}>
            {t('redBlack.publish.button')}
          </Button>
        )}
        {(e.state === 'approved' || e.state === 'published') && (
          <Button size="small" danger onClick={() => setActing({ step: 'remove', entry: e })}>
            {t('redBlack.remove.button')}
          </Button>
        )}
      </>
    );

  const spec: ResourceSpec<RedBlackEntry> = {
    title: 'menu.redBlack',
    list: (c) => `/communities/${c}/red-black`,
    create: canPropose ? (c) => `/communities/${c}/red-black` : undefined,
    byCompound: true,
    filters: [
      {
        key: 'list',
        label: 'redBlack.list.label',
        options: [
          { value: 'red', label: 'redBlack.list.red' },
          { value: 'black', label: 'redBlack.list.black' },
        ],
      },
      {
        key: 'state',
        label: 'redBlack.state.label',
        options: entryStates.map((s) => ({ value: s, label: `redBlack.state.${s}` })),
      },
    ],
    toolbar: (
      <>
        {canReview && <Button onClick={() => setSettingsOpen(true)}>{t('redBlack.settings.title')}</Button>}
        {communityId && (
          <Typography.Link href={`/board/${communityId}/red-black`} target="_blank">
            {t('redBlack.publicBoard')}
          </Typography.Link>
        )}
      </>
    ),
    defaults: { list: 'red' },
    fields: [
      {
        key: 'list',
        label: 'redBlack.list.label',
        type: 'select',
        required: true,
        options: [
          { value: 'red', label: 'redBlack.list.red' },
          { value: 'black', label: 'redBlack.list.black' },
        ],
        render: (e) => <ListText list={e.list} />,
      },
      {
        key: 'householdId',
        label: 'redBlack.household',
        required: true,
        input: <HouseholdPicker />,
        render: (e) => (
          <span>
            {e.buildingName} {e.roomNumber} {e.householdName}
            <br />
            <Typography.Text className="public-label">
              {t('redBlack.publicAs', {
                label: [e.publicLabel.place, e.publicLabel.name].filter(Boolean).join(' ') || '—',
              })}
            </Typography.Text>
          </span>
        ),
      },
      { key: 'title', label: 'redBlack.title', required: true },
      {
        key: 'description',
        label: 'redBlack.description',
        type: 'textarea',
        required: true,
        table: false,
      },
      {
        key: 'conventionId',
        label: 'redBlack.convention',
        type: 'select',
        options: conventionOptions,
        table: false,
        hint: 'redBlack.conventionHint',
      },
      {
        key: 'articleNumber',
        label: 'redBlack.article',
        type: 'number',
        hint: 'redBlack.articleHint',
        render: (e) =>
          e.articleNumber
            ? `${e.conventionTitle ?? ''} ${t('conventions.article', { n: e.articleNumber })}`
            : '—',
      },
      {
        key: 'fileIds',
        label: 'redBlack.evidence',
        table: false,
        input: communityId ? <EvidenceUpload communityId={communityId} /> : undefined,
      },
      {
        key: 'state',
        label: 'redBlack.state.label',
        form: false,
        render: (e) => (
          <span>
            {t(`redBlack.state.${e.state}`)}
            {e.state === 'proposed' && (
              <Typography.Text className="review-marks">
                {' · '}
                {t('redBlack.review.branch')} {e.branchReviewedAt ? `✓ ${e.branchReviewerName ?? ''}` : '○'} ·{' '}
                {t('redBlack.review.committee')}{' '}
                {e.committeeReviewedAt ? `✓ ${e.committeeReviewerName ?? ''}` : '○'}
              </Typography.Text>
            )}
            {e.underAppeal && ` · ⚠ ${t('redBlack.appealOpen')}`}
            {e.removalReason && ` · ${e.removalReason}`}
          </span>
        ),
      },
      { key: 'period', label: 'redBlack.period', form: false, render: period },
    ],
    toBody: (v) => ({
      list: v.list,
      householdId: v.householdId,
      title: v.title,
      description: v.description,
      ...(v.conventionId ? { conventionId: v.conventionId } : {}),
      ...(v.articleNumber ? { articleNumber: v.articleNumber } : {}),
      ...(Array.isArray(v.fileIds) && v.fileIds.length ? { fileIds: v.fileIds } : {}),
    }),
    rowActions: (e) => (
      <>
        <Button
          size="small"
          onClick={() => navigate(`/red-black/${e.id}`)}
          aria-label={t('redBlack.viewNamed', { title: e.title })}
        >
          {t('redBlack.view')}
        </Button>
        {steps(e)}
      </>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <EntryDrawer
        communityId={communityId}
        entryId={entryId ?? null}
        actions={steps}
        onClose={() => navigate('/red-black')}
      />
      <DecisionModal
        title={acting ? `${t(`redBlack.${acting.step}.title`)} · ${acting.entry.title}` : ''}
        path={
          acting && communityId
            ? `/communities/${communityId}/red-black/${acting.entry.id}/${acting.step}`
            : null
        }
        fields={
          acting?.step === 'publish'
            ? [{ ...stepFields.publish[0]!, initial: days }]
            : acting
              ? stepFields[acting.step]
              : []
        }
        intro={acting?.step === 'publish' && <p>{t('redBlack.publish.hint')}</p>}
        onClose={() => setActing(null)}
      />
      {communityId && settingsOpen && (
        <SettingsModal communityId={communityId} onClose={() => setSettingsOpen(false)} />
      )}
    </>
  );
}
