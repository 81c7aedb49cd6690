import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { formatArea } from '../../../shared/format';
import { LoadError } from '../organisations/kit';
import type { Assembly, MatterKind } from '../../../resident/pages/assemblies/model';
import { assemblyKey, assemblyPath, QuorumBar, share, twoThirds, useWhen } from './parts';

interface BuildingTurnout {
  buildingId: string;
  buildingName: string;
  rooms: number;
  roomsTakingPart: number;
  areaCenti: number;
  participatingAreaCenti: number;
  heads: number;
  participatingHeads: number;
}

interface Turnout {
  assemblyId: string;
  status: string;
  votingEndsAt: number;
  totalAreaCenti: number;
  totalArea: string;
  totalHeads: number;
  quorumAreaCenti: number;
  quorumHeads: number;
  matters: {
    matterId: string;
    title: string;
    kind: MatterKind;
    ballots: number;
    participatingAreaCenti: number;
    participatingArea: string;
    participatingHeads: number;
    areaShare: string;
    headsShare: string;
    quorumArea: boolean;
    quorumHeads: boolean;
    quorum: boolean;
    approvalNeeded: { areaCenti: number; heads: number };
    buildings: BuildingTurnout[];
  }[];
}

/** A building has reached the quorum share on its own when both its area and heads are at 2/3. */
const buildingMet = (b: BuildingTurnout) =>
  b.participatingAreaCenti >= twoThirds(b.areaCenti) && b.participatingHeads >= twoThirds(b.heads);

/**
 * 实时参与率: who has taken part so far (never how), per matter and per building, against the 2/3
 * quorum; the buildings furthest behind come first, so organisers know where to canvass. The
 * assembly's event stream (AssemblyDetail) refreshes it as ballots arrive.
 */
export function TurnoutTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const { t } = useTranslation();
  const when = useWhen();
  const turnout = useQuery({
    queryKey: assemblyKey(a.id, 'turnout'),
    enabled: a.openedAt !== null,
    queryFn: () => get<Turnout>(`${assemblyPath(communityId, a.id)}/turnout`),
  });
  if (a.openedAt === null) return <Alert type="info" showIcon title={t('assemblies.turnout.notYet')} />;
  const data = turnout.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <LoadError error={turnout.error} />
      <Typography.Paragraph>
        {a.status === 'voting' ? t('assemblies.turnout.live') : t('assemblies.turnout.final')}{' '}
        {turnout.dataUpdatedAt > 0 && t('assemblies.turnout.updated', { at: when(turnout.dataUpdatedAt) })}
      </Typography.Paragraph>
      {data?.matters.map((m, i) => {
        const rule = m.kind === 'special' ? 'special' : 'ordinary';
        const buildings = [...m.buildings].sort(
          (x, y) => x.participatingAreaCenti * y.areaCenti - y.participatingAreaCenti * x.areaCenti,
        );
        return (
          <Card
            key={m.matterId}
            size="small"
            title={`${t('assemblies.matters.noN', { n: i + 1 })} ${m.title}`}
          >
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <QuorumBar
                label={t('assemblies.turnout.area')}
                part={m.participatingAreaCenti}
                whole={data.totalAreaCenti}
                area
              />
              <QuorumBar
                label={t('assemblies.turnout.heads')}
                part={m.participatingHeads}
                whole={data.totalHeads}
              />
              <Typography.Paragraph style={{ margin: 0 }}>
                {t('assemblies.turnout.ballots', { count: m.ballots })}{' '}
                {m.kind === 'election'
                  ? t('assemblies.turnout.needElection', {
                      area: formatArea(m.approvalNeeded.areaCenti),
                      heads: m.approvalNeeded.heads,
                    })
                  : t(`assemblies.turnout.need.${rule}`, {
                      area: formatArea(m.approvalNeeded.areaCenti),
                      heads: m.approvalNeeded.heads,
                    })}
              </Typography.Paragraph>
              <Table<BuildingTurnout>
                rowKey="buildingId"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={buildings}
                columns={[
                  { key: 'name', title: t('assemblies.building'), dataIndex: 'buildingName' },
                  {
                    key: 'rooms',
                    title: t('assemblies.turnout.rooms'),
                    render: (_, b) =>
                      t('assemblies.turnout.roomsOf', { part: b.roomsTakingPart, whole: b.rooms }),
                  },
                  {
                    key: 'area',
                    title: t('assemblies.turnout.area'),
                    render: (_, b) => (
                      <div className="mini-bar">
                        <span>
                          {formatArea(b.participatingAreaCenti)} / {formatArea(b.areaCenti)} m²（
                          {share(b.participatingAreaCenti, b.areaCenti)}）
                        </span>
                        <span className="mini-track" aria-hidden>
                          <span
                            className="mini-fill"
                            style={{
                              width: `${b.areaCenti ? (b.participatingAreaCenti * 100) / b.areaCenti : 0}%`,
                            }}
                          />
                          <span className="mini-mark" />
                        </span>
                      </div>
                    ),
                  },
                  {
                    key: 'heads',
                    title: t('assemblies.turnout.heads'),
                    render: (_, b) =>
                      `${b.participatingHeads} / ${b.heads}（${share(b.participatingHeads, b.heads)}）`,
                  },
                  {
                    key: 'status',
                    title: t('assemblies.turnout.buildingStatus'),
                    render: (_, b) =>
                      buildingMet(b) ? (
                        <span className="mark-met">{t('assemblies.turnout.buildingMet')}</span>
                      ) : (
                        <span className="mark-unmet">{t('assemblies.turnout.buildingBehind')}</span>
                      ),
                  },
                ]}
              />
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}
