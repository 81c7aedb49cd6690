import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, List, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { fileUrl } from '../../../shared/upload';
import type { Appeal, RedBlackEntry } from '../conventions/model';
import { DecisionState, ListText } from './parts';

interface EntryDetail extends RedBlackEntry {
  files: { id: string; name: string; mime: string; hasThumb: boolean }[];
  appeals: Pick<Appeal, 'id' | 'text' | 'state' | 'createdAt' | 'ageDays' | 'decidedAt' | 'decisionText'>[];
}

/**
 * One red/black entry in full (where a reviewer's notification leads): the household and how the
 * public sees it, the article cited, the evidence, both reviews, the period, and its appeals.
 */
export function EntryDrawer({
  communityId,
  entryId,
  actions,
  onClose,
}: {
  communityId: string | undefined;
  entryId: string | null;
  /** The review, publish and remove buttons, as the list offers them. */
  actions: (entry: RedBlackEntry) => ReactNode;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const path = communityId && entryId ? `/communities/${communityId}/red-black/${entryId}` : null;
  const entry = useQuery({
    queryKey: ['list', 'red-black-entry', path],
    enabled: !!path,
    queryFn: () => get<EntryDetail>(path!),
  });
  const e = entry.data;
  const when = (ms: number | null) => (ms ? formatDateTime(ms, i18n.language) : '—');
  const review = (name: string | null, at: number | null) =>
    at ? `✓ ${name ?? ''} · ${when(at)}` : `○ ${t('redBlack.review.waiting')}`;
  return (
    <Drawer open={!!entryId} onClose={onClose} size="large" title={e?.title ?? t('menu.redBlack')}>
      {entry.isError ? (
        <Alert type="error" showIcon title={errorText(entry.error, t)} />
      ) : !e ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>{actions(e)}</Space>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'list', label: t('redBlack.list.label'), children: <ListText list={e.list} /> },
              {
                key: 'state',
                label: t('redBlack.state.label'),
                children: `${t(`redBlack.state.${e.state}`)}${e.underAppeal ? ` · ⚠ ${t('redBlack.appealOpen')}` : ''}`,
              },
              {
                key: 'household',
                label: t('redBlack.household'),
                children: `${e.compoundName} ${e.buildingName} ${e.roomNumber} ${e.householdName}`,
              },
              {
                key: 'public',
                label: t('redBlack.publicLabel'),
                children: [e.publicLabel.place, e.publicLabel.name].filter(Boolean).join(' ') || '—',
              },
              { key: 'description', label: t('redBlack.description'), children: e.description },
              {
                key: 'article',
                label: t('redBlack.article'),
                children: e.articleNumber
                  ? `${e.conventionTitle ?? ''} ${t('conventions.article', { n: e.articleNumber })}`
                  : '—',
              },
              {
                key: 'proposer',
                label: t('redBlack.proposer'),
                children: `${e.proposerName} · ${when(e.createdAt)}`,
              },
              {
                key: 'branch',
                label: t('redBlack.review.branch'),
                children: review(e.branchReviewerName, e.branchReviewedAt),
              },
              {
                key: 'committee',
                label: t('redBlack.review.committee'),
                children: review(e.committeeReviewerName, e.committeeReviewedAt),
              },
              ...(e.reviewNote
                ? [{ key: 'note', label: t('redBlack.review.note'), children: e.reviewNote }]
                : []),
              {
                key: 'period',
                label: t('redBlack.period'),
                children: e.publishFrom ? `${when(e.publishFrom)} – ${when(e.publishUntil)}` : '—',
              },
              ...(e.removalReason
                ? [{ key: 'removed', label: t('redBlack.remove.reason'), children: e.removalReason }]
                : []),
            ]}
          />
          <section aria-labelledby="evidence-title">
            <Typography.Title level={3} id="evidence-title">
              {t('redBlack.evidence')}
            </Typography.Title>
            {e.files.length === 0 ? (
              <Typography.Paragraph>{t('redBlack.noEvidence')}</Typography.Paragraph>
            ) : (
              <ul className="evidence-list">
                {e.files.map((f) => (
                  <li key={f.id}>
                    <a href={fileUrl(communityId!, f.id)} target="_blank" rel="noreferrer">
                      {f.hasThumb ? (
                        <img src={fileUrl(communityId!, f.id, 'thumb')} alt={f.name} width={96} height={96} />
                      ) : (
                        f.name
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="appeals-title">
            <Typography.Title level={3} id="appeals-title">
              {t('menu.redBlackAppeals')}
            </Typography.Title>
            <List
              size="small"
              bordered
              locale={{ emptyText: t('redBlack.noAppeals') }}
              dataSource={e.appeals}
              renderItem={(a) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <span>
                      {when(a.createdAt)} · {a.text}
                    </span>
                    <DecisionState state={a.state} ageDays={a.ageDays} />
                    {a.decisionText && <span>{a.decisionText}</span>}
                  </Space>
                </List.Item>
              )}
            />
          </section>
        </Space>
      )}
    </Drawer>
  );
}
