import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { useScope } from '../../components/scope';
import { errorText } from './kit';
import './org.css';

interface PersonPositions {
  personId: string;
  name: string;
  positions: { membershipId: string; family: string; title: string; since: string | null }[];
  crossAppointed: boolean;
  oneShoulder: { compoundId: string; compoundName: string | null }[];
}

/**
 * Every place one person holds across party, owners' committee, grids and squads (双向进入、交叉任职),
 * with 一肩挑 called out: what a secretary wants to see on clicking a name.
 */
export function PersonPositionsModal({ personId, onClose }: { personId: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const { community } = useScope();
  const path = community && personId ? `/communities/${community.id}/people/${personId}/positions` : null;
  const data = useQuery({
    queryKey: ['list', path],
    enabled: !!path,
    queryFn: () => get<PersonPositions>(path!),
  });
  const p = data.data;
  return (
    <Modal
      open={!!personId}
      title={p ? t('orgs.positionsOf', { name: p.name }) : t('orgs.positionsTitle')}
      onCancel={onClose}
      footer={null}
      rootClassName="org-scope"
      destroyOnHidden
    >
      {data.isError && <Alert type="error" showIcon title={errorText(data.error, t)} />}
      {p && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            {p.crossAppointed && <Tag color="blue">{t('orgs.crossAppointed')}</Tag>}
            {p.oneShoulder.map((o) => (
              <Tag color="red" key={o.compoundId}>
                {t('orgs.oneShoulder', { compound: o.compoundName ?? '' })}
              </Tag>
            ))}
          </Space>
          {p.positions.length ? (
            <ul className="org-list">
              {p.positions.map((pos) => (
                <li key={pos.membershipId}>
                  <Typography.Text>{pos.title}</Typography.Text>
                  {pos.since && (
                    <Typography.Text type="secondary">{t('orgs.since', { date: pos.since })}</Typography.Text>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <Empty description={t('orgs.noPositions')} />
          )}
        </>
      )}
    </Modal>
  );
}
