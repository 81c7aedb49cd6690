import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { base, usePlaces } from '../volunteers/kit';
import { placeKinds, type DutyPlace, type ShiftSlot } from './model';

/** The shifts of a place (班次): name, start and end; 00:00–24:00 for round-the-clock duty. */
function PatternInput({
  id,
  value = [],
  onChange,
}: {
  id?: string;
  value?: ShiftSlot[];
  onChange?: (v: ShiftSlot[]) => void;
}) {
  const { t } = useTranslation();
  const set = (i: number, change: Partial<ShiftSlot>) =>
    onChange?.(value.map((s, j) => (j === i ? { ...s, ...change } : s)));
  return (
    <div id={id} className="duty-pattern">
      {value.map((s, i) => (
        <Space.Compact key={i} block style={{ marginBottom: 8 }}>
          <Input
            aria-label={t('duty.slot.labelOf', { n: i + 1 })}
            placeholder={t('duty.slot.labelPlaceholder')}
            value={s.label}
            onChange={(e) => set(i, { label: e.target.value })}
          />
          <Input
            aria-label={t('duty.slot.startOf', { n: i + 1 })}
            placeholder="08:00"
            value={s.start}
            onChange={(e) => set(i, { start: e.target.value })}
          />
          <Input
            aria-label={t('duty.slot.endOf', { n: i + 1 })}
            placeholder="12:00"
            value={s.end}
            onChange={(e) => set(i, { end: e.target.value })}
          />
          <Button
            danger
            aria-label={t('duty.slot.removeOf', { n: i + 1 })}
            onClick={() => onChange?.(value.filter((_, j) => j !== i))}
          >
            {t('duty.slot.remove')}
          </Button>
        </Space.Compact>
      ))}
      <Button onClick={() => onChange?.([...value, { code: '', label: '', start: '', end: '' }])}>
        {t('duty.slot.add')}
      </Button>
    </div>
  );
}

/** Codes for new shifts (s1, s2…) that do not clash with the ones kept. */
function withCodes(pattern: ShiftSlot[]): ShiftSlot[] {
  const used = new Set(pattern.map((s) => s.code).filter(Boolean));
  let n = 1;
  return pattern.map((s) => {
    if (s.code) return s;
    while (used.has(`s${n}`)) n++;
    used.add(`s${n}`);
    return { ...s, code: `s${n}` };
  });
}

/** 值班点: the service station, a building site…, each with its shift pattern; its roster a click away. */
export default function DutyPlacesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { compounds, squads } = usePlaces();
  const kindOptions = placeKinds.map((k) => ({ value: k, label: `duty.kinds.${k}` }));
  const spec: ResourceSpec<DutyPlace> = {
    title: 'menu.dutyPlaces',
    list: (c) => `${base(c)}/duty-places`,
    create: (c) => `${base(c)}/duty-places`,
    update: (c, p) => `${base(c)}/duty-places/${p.id}`,
    byCompound: true,
    filters: [{ key: 'kind', label: 'duty.kind', options: kindOptions }],
    toBody: (v) => ({ ...v, shiftPattern: withCodes((v.shiftPattern as ShiftSlot[] | undefined) ?? []) }),
    defaults: {
      kind: 'station',
      shiftPattern: [
        { code: 'am', label: t('duty.slot.am'), start: '08:30', end: '12:00' },
        { code: 'pm', label: t('duty.slot.pm'), start: '14:00', end: '17:30' },
      ],
    },
    fields: [
      { key: 'name', label: 'duty.placeName', required: true },
      { key: 'kind', label: 'duty.kind', type: 'select', options: kindOptions, required: true },
      {
        key: 'compoundId',
        label: 'vol.compound',
        type: 'select',
        options: compounds,
        render: (p) => p.compoundName ?? t('vol.wholeCommunity'),
      },
      {
        key: 'squadId',
        label: 'vol.squad',
        type: 'select',
        options: squads,
        render: (p) => p.squadName ?? '—',
      },
      {
        key: 'shiftPattern',
        label: 'duty.pattern',
        input: <PatternInput />,
        render: (p) => p.shiftPattern.map((s) => `${s.label} ${s.start}–${s.end}`).join('；'),
      },
    ],
    rowActions: (p) => (
      <Button size="small" type="primary" ghost onClick={() => navigate(`/duty-roster?placeId=${p.id}`)}>
        {t('duty.openRoster')}
      </Button>
    ),
  };
  return <ResourcePage spec={spec} />;
}
