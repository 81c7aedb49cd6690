import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Select, Space, Spin, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { queryString } from '../organisations/kit';
import type { ArticleDiff, ConventionDetail } from './model';

const changeMarks: Record<ArticleDiff['change'], string> = {
  added: '＋',
  removed: '－',
  changed: '✎',
  same: '＝',
};

/**
 * 版本对比: two versions side by side as one text, article by article: what was added is underlined
 * and said to be added, what went is struck through and said to be removed (words, not only colour).
 */
export function DiffView({ convention }: { convention: ConventionDetail }) {
  const { t, i18n } = useTranslation();
  const versions = [...convention.versions].sort((a, b) => a.number - b.number);
  const latest = versions[versions.length - 1];
  const [from, setFrom] = useState(versions[versions.length - 2]?.number ?? latest?.number);
  const [to, setTo] = useState(latest?.number);
  const [onlyChanged, setOnlyChanged] = useState(true);
  const path =
    from && to
      ? `/communities/${convention.communityId}/conventions/${convention.id}/diff?${queryString({ from, to })}`
      : null;
  const diff = useQuery({
    queryKey: ['convention', convention.id, 'diff', from, to],
    enabled: !!path,
    queryFn: () => get<{ articles: ArticleDiff[] } | ArticleDiff[]>(path!),
  });
  if (versions.length === 0) return <Typography.Paragraph>{t('conventions.diff.none')}</Typography.Paragraph>;
  const options = versions.map((v) => ({
    value: v.number,
    label: `v${v.number} · ${formatDateTime(v.createdAt, i18n.language)}${v.note ? ` · ${v.note}` : ''}`,
  }));
  const articles = diff.data ? (Array.isArray(diff.data) ? diff.data : diff.data.articles) : [];
  const shown = onlyChanged ? articles.filter((a) => a.change !== 'same') : articles;
  return (
    <div className="convention-diff">
      <Space wrap className="diff-pickers">
        <Select
          aria-label={t('conventions.diff.from')}
          style={{ minWidth: 240 }}
          value={from}
          onChange={setFrom}
          options={options}
        />
        <span aria-hidden>→</span>
        <Select
          aria-label={t('conventions.diff.to')}
          style={{ minWidth: 240 }}
          value={to}
          onChange={setTo}
          options={options}
        />
        <label className="inline-switch">
          <Switch checked={onlyChanged} onChange={setOnlyChanged} />
          <span>{t('conventions.diff.onlyChanged')}</span>
        </label>
      </Space>
      <Typography.Paragraph className="diff-legend">
        <ins>{t('conventions.diff.legendAdded')}</ins> · <del>{t('conventions.diff.legendRemoved')}</del>
      </Typography.Paragraph>
      {diff.isPending && path ? (
        <Spin />
      ) : diff.isError ? (
        <Alert type="error" showIcon title={errorText(diff.error, t)} />
      ) : shown.length === 0 ? (
        <Typography.Paragraph>{t('conventions.diff.noChange')}</Typography.Paragraph>
      ) : (
        shown.map((a) => (
          <Card
            key={a.number}
            size="small"
            className={`diff-article ${a.change}`}
            title={
              <span>
                <span aria-hidden>{changeMarks[a.change]} </span>
                {t('conventions.article', { n: a.number })}
                {a.after?.title || a.before?.title ? ` ${a.after?.title ?? a.before?.title}` : ''} ·{' '}
                {t(`conventions.diff.change.${a.change}`)}
              </span>
            }
          >
            <p className="diff-text">
              {a.parts.map((p, i) =>
                p.kind === 'added' ? (
                  <ins key={i}>
                    <span className="sr-only">{t('conventions.diff.addedStart')}</span>
                    {p.text}
                    <span className="sr-only">{t('conventions.diff.addedEnd')}</span>
                  </ins>
                ) : p.kind === 'removed' ? (
                  <del key={i}>
                    <span className="sr-only">{t('conventions.diff.removedStart')}</span>
                    {p.text}
                    <span className="sr-only">{t('conventions.diff.removedEnd')}</span>
                  </del>
                ) : (
                  <span key={i}>{p.text}</span>
                ),
              )}
            </p>
          </Card>
        ))
      )}
    </div>
  );
}
