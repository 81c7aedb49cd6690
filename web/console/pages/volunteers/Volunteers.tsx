import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { PersonPicker } from '../../components/places';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { useCan } from '../organisations/kit';
import { base, DateRange, hours, StateTag, usePlaces } from './kit';
import { consoleSourceLink, useSkillOptions, type ServiceEntry, type Volunteer } from './model';

const statusTone = { active: 'ok', paused: 'warn', left: 'off' } as const;
const weekdays = [1, 2, 3, 4, 5, 6, 7];
const slots = ['morning', 'afternoon', 'evening'] as const;

/** A service entry's source as a link to where the console shows it. */
export function SourceCell({ e }: { e: ServiceEntry }) {
  const { t } = useTranslation();
  const to = consoleSourceLink(e);
  const text = `${t(`vol.source.${e.sourceKind}`)} · ${e.source.title}`;
  return to ? <Link to={to}>{text}</Link> : <>{text}</>;
}

function VolunteerDrawer({ personId, onClose }: { personId: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const detail = useQuery({
    queryKey: ['list', 'volunteer', personId],
    enabled: !!personId && !!community,
    queryFn: () =>
      get<Volunteer & { entries: ServiceEntry[] }>(`${base(community!.id)}/volunteers/${personId}`),
  });
  const v = detail.data;
  return (
    <Drawer open={!!personId} onClose={onClose} title={v?.name} size="large" destroyOnHidden>
      {v && (
        <>
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'status',
                label: t('vol.status'),
                children: <StateTag tone={statusTone[v.status]}>{t(`vol.statuses.${v.status}`)}</StateTag>,
              },
              {
                key: 'skills',
                label: t('vol.skills'),
                children: v.skills.map((s) => s.name).join('、') || '—',
              },
              { key: 'tags', label: t('vol.tags'), children: v.tags.join('、') || '—' },
              {
                key: 'availability',
                label: t('vol.availability'),
                children:
                  [
                    v.availability.weekdays.map((d) => t(`vol.weekday.${d}`)).join('、'),
                    v.availability.slots.map((s) => t(`vol.slot.${s}`)).join('、'),
                  ]
                    .filter(Boolean)
                    .join(' · ') || '—',
              },
              {
                key: 'place',
                label: t('vol.place'),
                children: [v.compoundName, v.gridName].filter(Boolean).join(' · ') || '—',
              },
              {
                key: 'party',
                label: t('vol.isPartyMember'),
                children: t(v.isPartyMember ? 'common.yes' : 'common.no'),
              },
              { key: 'unit', label: t('vol.cobuildUnit'), children: v.cobuildUnitName ?? '—' },
              {
                key: 'squads',
                label: t('vol.squads'),
                children: v.squads.map((s) => `${s.name}（${t(`vol.role.${s.role}`)}）`).join('、') || '—',
              },
              { key: 'hours', label: t('vol.hoursAll'), children: hours(v.minutes) },
              {
                key: 'joined',
                label: t('vol.joinedAt'),
                children: formatDateTime(v.joinedAt, i18n.language),
              },
            ]}
          />
          <Typography.Title level={3}>{t('vol.recentEntries')}</Typography.Title>
          <Link to={`/service-entries?personId=${v.personId}`}>
            {t('vol.allEntriesOf', { name: v.name })}
          </Link>
          <Table<ServiceEntry>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={v.entries}
            columns={[
              { key: 'at', title: t('vol.at'), render: (_, e) => formatDateTime(e.at, i18n.language) },
              { key: 'source', title: t('vol.source.label'), render: (_, e) => <SourceCell e={e} /> },
              {
                key: 'hours',
                title: t('vol.hours'),
                render: (_, e) => (e.voidedAt ? <s>{hours(e.minutes)}</s> : hours(e.minutes)),
              },
              {
                key: 'void',
                title: t('vol.voided'),
                render: (_, e) =>
                  e.voidedAt ? <Tag>{`${t('vol.voided')}: ${e.voidReason ?? ''}`}</Tag> : '—',
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

/** 志愿者: profiles with skills, squads and hours in a period; register a person; a profile's record. */
export default function VolunteersPage() {
  const { t } = useTranslation();
  const canManage = useCan('volunteers.manage');
  const { squads, grids, compounds } = usePlaces();
  const skills = useSkillOptions();
  const [shown, setShown] = useState<string | null>(null);
  const [range, setRange] = useState<[string?, string?]>([]);
  const weekdayOptions = weekdays.map((d) => ({ value: String(d), label: `vol.weekday.${d}` }));

  const spec: ResourceSpec<Volunteer> = {
    title: 'menu.volunteers',
    rowKey: 'personId',
    list: (c) => `${base(c)}/volunteers`,
    create: canManage ? (c) => `${base(c)}/volunteers` : undefined,
    update: canManage ? (c, v) => `${base(c)}/volunteers/${v.personId}` : undefined,
    byCompound: true,
    params: { from: range[0], to: range[1] },
    filters: [
      { key: 'skill', label: 'vol.skills', options: skills },
      { key: 'squadId', label: 'vol.squad', options: squads },
      { key: 'gridId', label: 'vol.grid', options: grids },
      {
        key: 'status',
        label: 'vol.status',
        initial: 'active',
        options: (['active', 'paused', 'left'] as const).map((s) => ({
          value: s,
          label: `vol.statuses.${s}`,
        })),
      },
      {
        key: 'isPartyMember',
        label: 'vol.isPartyMember',
        options: [
          { value: 'true', label: 'common.yes' },
          { value: 'false', label: 'common.no' },
        ],
      },
    ],
    toolbar: <DateRange from={range[0]} to={range[1]} onChange={(f, to) => setRange([f, to])} />,
    toForm: (v) => ({
      ...v,
      skills: v.skills.map((s) => s.code),
      tags: v.tags,
      weekdays: v.availability.weekdays.map(String),
      slots: v.availability.slots,
    }),
    toBody: (f, row) => {
      const {
        weekdays: days,
        slots: when,
        personId,
        status,
        ...rest
      } = f as Record<string, unknown> & {
        weekdays?: string[];
        slots?: string[];
      };
      return {
        ...rest,
        // Staff register a person as active; the status changes on an edit.
        ...(row ? { status } : { personId }),
        skills: rest.skills ?? [],
        tags: rest.tags ?? [],
        availability: { weekdays: (days ?? []).map(Number), slots: when ?? [] },
      };
    },
    errorFields: { volunteer_exists: 'personId' },
    fields: [
      {
        key: 'personId',
        label: 'vol.person',
        required: true,
        form: 'create',
        table: false,
        input: <PersonPicker />,
      },
      { key: 'name', label: 'vol.name', form: false },
      {
        key: 'skills',
        label: 'vol.skills',
        type: 'multiselect',
        options: skills,
        render: (v) => v.skills.map((s) => <Tag key={s.code}>{s.name}</Tag>),
      },
      {
        key: 'tags',
        label: 'vol.tags',
        hint: 'vol.tagsHint',
        input: <Select mode="tags" tokenSeparators={[',', '，', '、']} />,
        render: (v) => v.tags.join('、') || '—',
      },
      { key: 'weekdays', label: 'vol.weekdays', type: 'multiselect', options: weekdayOptions, table: false },
      {
        key: 'slots',
        label: 'vol.slots',
        type: 'multiselect',
        options: slots.map((s) => ({ value: s, label: `vol.slot.${s}` })),
        table: false,
      },
      {
        key: 'compoundId',
        label: 'vol.compound',
        type: 'select',
        options: compounds,
        render: (v) => [v.compoundName, v.gridName].filter(Boolean).join(' · ') || '—',
      },
      { key: 'gridId', label: 'vol.grid', type: 'select', options: grids, table: false },
      { key: 'isPartyMember', label: 'vol.isPartyMember', type: 'switch' },
      {
        key: 'squads',
        label: 'vol.squads',
        form: false,
        render: (v) => v.squads.map((s) => s.name).join('、') || '—',
      },
      {
        key: 'hours',
        label: range[0] ? 'vol.hoursPeriod' : 'vol.hoursAll',
        form: false,
        render: (v) => (
          <Link
            to={`/service-entries?personId=${v.personId}${range[0] ? `&from=${range[0]}&to=${range[1]}` : ''}`}
          >
            {hours(v.minutes)}
          </Link>
        ),
      },
      {
        key: 'status',
        label: 'vol.status',
        type: 'select',
        form: true,
        options: (['active', 'paused', 'left'] as const).map((s) => ({
          value: s,
          label: `vol.statuses.${s}`,
        })),
        render: (v) => <StateTag tone={statusTone[v.status]}>{t(`vol.statuses.${v.status}`)}</StateTag>,
      },
    ],
    rowActions: (v) => (
      <Button
        size="small"
        type="primary"
        ghost
        aria-label={t('vol.viewOf', { name: v.name })}
        onClick={() => setShown(v.personId)}
      >
        {t('vol.view')}
      </Button>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <VolunteerDrawer personId={shown} onClose={() => setShown(null)} />
    </>
  );
}
