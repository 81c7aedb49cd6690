import { Button, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/i18n';
import { BuildingFilter } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useCan } from '../organisations/kit';
import { dueText, useAlarmsLive, useCareSettings, useGrids, useKindName, type RecordItem } from './model';
import { RecordDrawer } from './RecordDrawer';
import { CareTag, OverdueMark } from './tags';
import { RecordModal } from './RecordModal';
import './care.css';

/**
 * 关爱对象: the roster in the caller's scope (every row shown is audited by the API), filtered by
 * state, kind, grid and building, exported to Excel; a drawer for one record (also reached from the
 * overdue notification, /care/records/:recordId); a new record.
 */
export default function CareRosterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { recordId } = useParams();
  const [shown, setShown] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [buildingId, setBuildingId] = useState<string>();
  const canManage = useCan('care.manage');
  const settings = useCareSettings();
  const grids = useGrids();
  const kindName = useKindName();
  useAlarmsLive();
  const open = shown ?? recordId ?? null;

  const spec: ResourceSpec<RecordItem> = {
    title: 'menu.careRecords',
    list: (c) => `/communities/${c}/care/records`,
    byCompound: true,
    params: { buildingId },
    filters: [
      {
        key: 'state',
        label: 'care.record.state',
        initial: 'active',
        options: [
          { value: 'active', label: 'care.record.active' },
          { value: 'closed', label: 'care.record.closedShort' },
        ],
      },
      {
        key: 'kind',
        label: 'care.record.kinds',
        options: (settings.data?.kinds ?? []).map((k) => ({
          value: k.code,
          label: i18n.language === 'en' ? k.nameEn : k.nameZh,
        })),
      },
      {
        key: 'gridId',
        label: 'care.grid',
        options: (grids.data?.items ?? []).map((g) => ({ value: g.id, label: g.name })),
      },
    ],
    toolbar: (
      <>
        <BuildingFilter value={buildingId} onChange={setBuildingId} />
        {canManage && (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('care.record.new')}
          </Button>
        )}
      </>
    ),
    fields: [
      { key: 'name', label: 'care.record.name' },
      {
        key: 'kinds',
        label: 'care.record.kinds',
        render: (r) => r.kinds.map((k) => <Tag key={k}>{kindName(k)}</Tag>),
      },
      {
        key: 'place',
        label: 'care.record.place',
        render: (r) => [r.buildingName, r.roomNumber].filter(Boolean).join(' ') || '—',
      },
      {
        key: 'volunteers',
        label: 'care.record.volunteers',
        render: (r) => (r.volunteers.length ? r.volunteers.join('、') : `⚠ ${t('care.record.unpaired')}`),
      },
      {
        key: 'lastContactAt',
        label: 'care.record.lastContact',
        render: (r) =>
          r.lastContactAt
            ? `${formatDateTime(r.lastContactAt, i18n.language)}${r.lastWellbeing ? ` · ${t(`care.wellbeing.${r.lastWellbeing}`)}` : ''}`
            : t('care.record.never'),
      },
      {
        key: 'nextDueOn',
        label: 'care.record.nextDue',
        render: (r) => (
          <>
            <OverdueMark overdue={r.overdue} />
            {dueText(t, r)}
          </>
        ),
      },
      {
        key: 'openAlarms',
        label: 'care.record.openAlarms',
        render: (r) =>
          r.openAlarms ? (
            <CareTag tone="late">！ {t('care.alarm.open', { count: r.openAlarms })}</CareTag>
          ) : (
            '—'
          ),
      },
    ],
    rowActions: (r) => (
      <Button
        size="small"
        type="primary"
        ghost
        onClick={() => setShown(r.id)}
        aria-label={t('care.record.viewOf', { name: r.name })}
      >
        {t('care.record.view')}
      </Button>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <RecordDrawer
        recordId={open}
        onClose={() => {
          setShown(null);
          if (recordId) navigate('/care/records', { replace: true });
        }}
      />
      <RecordModal
        record={null}
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => setShown(id)}
      />
    </>
  );
}
