import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, get } from '../../../shared/api';
import { downloadFile } from '../../components/files';
import { LoadError } from '../organisations/kit';
import {
  favourable,
  type Assembly,
  type MatterResult,
  type Results,
} from '../../../resident/pages/assemblies/model';
import { assemblyKey, assemblyPath, share, useWhen } from './parts';

interface ChainCheck {
  ok: boolean;
  ballots: number;
  head: string | null;
  brokenAt: number | null;
}

const closedStatuses = ['closed', 'published', 'archived'];

/**
 * 表决结果: per matter the four figures (area and heads taking part, area and heads in favour), each
 * threshold in plain words, the final hash; the bundle anyone can recount, and the printable notice.
 */
export function ResultsTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const when = useWhen();
  const base = assemblyPath(communityId, a.id);
  const closed = closedStatuses.includes(a.status);
  const results = useQuery({
    queryKey: assemblyKey(a.id, 'results'),
    enabled: closed,
    queryFn: () => get<Results>(`${base}/results`),
  });
  if (!closed) return <Alert type="info" showIcon title={t('assemblies.results.notYet')} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <LoadError error={results.error} />
      <Space wrap>
        <Button href={`/api/v1${base}/notice.pdf`} target="_blank" rel="noopener noreferrer">
          {t('assemblies.results.notice')}
        </Button>
        <Typography.Text>
          {a.publishedAt !== null
            ? t('assemblies.results.publishedAt', { at: when(a.publishedAt) })
            : t('assemblies.results.unpublished')}
        </Typography.Text>
      </Space>
      {results.data?.matters.map((r, i) => (
        <MatterCard key={r.matterId} base={base} r={r} n={i + 1} />
      ))}
    </Space>
  );
}

function MatterCard({ base, r, n }: { base: string; r: MatterResult; n: number }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const f = r.figures;
  const verify = useMutation({
    mutationFn: () => get<ChainCheck>(`${base}/matters/${r.matterId}/verify`),
    onSuccess: (c) =>
      c.ok
        ? message.success(t('assemblies.results.chainOk', { count: c.ballots }))
        : message.error(t('assemblies.results.chainBroken', { seq: c.brokenAt ?? 0 })),
    onError: (err) => message.error(errorText(err, t)),
  });
  const bundle = useMutation({
    mutationFn: () =>
      downloadFile(`${base}/matters/${r.matterId}/bundle`, `ballot-bundle-${r.matterId}.json`, i18n.language),
    onError: (err) => message.error(errorText(err, t)),
  });
  const side = (label: string, areaCenti: number, area: string, heads: number) => ({
    key: label,
    label,
    children: t('assemblies.results.sideText', {
      area,
      heads,
      areaShare: share(areaCenti, f.participatingAreaCenti),
      headsShare: share(heads, f.participatingHeads),
    }),
  });
  return (
    <Card size="small" title={`${t('assemblies.matters.noN', { n })} ${r.title}`} className="result-card">
      <Typography.Paragraph type="secondary">
        {t('assemblies.matters.itemText', { n: r.item, name: r.itemName })} · {t(`assemblies.kind.${r.kind}`)}
      </Typography.Paragraph>
      <Typography.Title level={4} className={favourable(r) ? 'mark-met' : 'mark-unmet'}>
        {r.outcomeText}
      </Typography.Title>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          {
            key: 'total',
            label: t('assemblies.results.total'),
            children: t('assemblies.results.totalText', { area: f.totalArea, heads: f.totalHeads }),
          },
          {
            key: 'participating',
            label: t('assemblies.results.participating'),
            children: t('assemblies.results.participatingText', {
              area: f.participatingArea,
              heads: f.participatingHeads,
              areaShare: share(f.participatingAreaCenti, f.totalAreaCenti),
              headsShare: share(f.participatingHeads, f.totalHeads),
            }),
          },
          ...(r.yes && r.no && r.abstain
            ? [
                side(t('assemblies.choice.yes'), r.yes.areaCenti, r.yes.area, r.yes.heads),
                side(t('assemblies.choice.no'), r.no.areaCenti, r.no.area, r.no.heads),
                side(t('assemblies.choice.abstain'), r.abstain.areaCenti, r.abstain.area, r.abstain.heads),
              ]
            : []),
          ...(f.spoiltBallots || f.rejectedBallots
            ? [
                {
                  key: 'spoilt',
                  label: t('assemblies.results.spoilt'),
                  children: t('assemblies.results.spoiltText', {
                    spoilt: f.spoiltBallots,
                    rejected: f.rejectedBallots,
                  }),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={5}>{t('assemblies.results.thresholds')}</Typography.Title>
      <ul className="check-lines">
        {r.checks.map((c) => (
          <li key={c.key} className={c.met ? 'mark-met' : 'mark-unmet'}>
            {c.text}
          </li>
        ))}
      </ul>
      {r.candidates.length > 0 && (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={r.candidates}
          columns={[
            {
              key: 'name',
              title: t('assemblies.candidates.name'),
              render: (_, c) => (c.elected ? `${c.name} ${t('assemblies.results.electedMark')}` : c.name),
            },
            { key: 'heads', title: t('assemblies.results.heads'), dataIndex: 'heads' },
            { key: 'area', title: t('assemblies.results.area'), dataIndex: 'area' },
            {
              key: 'checks',
              title: t('assemblies.results.thresholds'),
              render: (_, c) => c.checks.map((x) => x.text).join('；'),
            },
          ]}
        />
      )}
      <Typography.Paragraph style={{ marginTop: 12 }}>
        {t('assemblies.results.finalHash', { count: r.ballotCount })}
        <br />
        <Typography.Text code copyable={r.finalHash ? { text: r.finalHash } : false} className="hash-text">
          {r.finalHash || t('assemblies.results.noBallots')}
        </Typography.Text>
      </Typography.Paragraph>
      <details className="rooms-list">
        <summary>{t('assemblies.results.rooms', { count: r.participatingRooms.length })}</summary>
        <p>{r.participatingRooms.join('、') || t('common.none')}</p>
      </details>
      <Space wrap style={{ marginTop: 12 }}>
        <Button loading={bundle.isPending} onClick={() => bundle.mutate()}>
          {t('assemblies.results.bundle')}
        </Button>
        <Button loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('assemblies.results.verify')}
        </Button>
      </Space>
    </Card>
  );
}
