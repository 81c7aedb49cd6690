import { useMutation } from '@tanstack/react-query';
import { App, Button, Popover, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleActions, type Role } from '../../../src/core/access/roles';
import { post, errorText } from '../../shared/api';
import { useMe } from '../../shared/session';
import { ResourcePage, type ResourceSpec } from '../components/ResourcePage';
import { BuildingFilter, HouseholdPicker } from '../components/places';
import { useScope } from '../components/scope';

/** 人员: the people register, numbers masked; an audited "show" for those whose role allows it. */

interface Person {
  id: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
  gender: 'male' | 'female' | null;
  birthYear: number | null;
  politicalStatus: string;
  /** null: the caller does not hold the care roster where this person lives. */
  flags: string[] | null;
  notes: string | null;
  homes: { householdId: string; householdName: string; kind: string }[];
}

interface Unmasked {
  phone: string | null;
  idNumber: string | null;
}

const vocabulary = (prefix: string, values: string[]) =>
  values.map((v) => ({ value: v, label: `${prefix}.${v}` }));
const politicalStatuses = vocabulary('people.political', [
  'party_member',
  'probationary',
  'league',
  'masses',
]);
const flags = vocabulary('people.flag', [
  'living_alone',
  'empty_nest',
  'disabled',
  'left_behind_minor',
  'elderly_80',
  'low_income',
]);
const genders = vocabulary('people.gender', ['male', 'female']);
const residencyKinds = vocabulary('people.residency', ['owner', 'tenant', 'family']);

/** Whether any of the caller's grants in this community carries a role allowed to unmask. */
function useCanUnmask(): boolean {
  const me = useMe();
  const communityId = useScope().community?.id;
  return (me.data?.grants ?? []).some(
    (g) => g.communityId === communityId && roleActions[g.role as Role]?.includes('people.unmask'),
  );
}

/** The full numbers of one person in a popover; the server audits every use. */
function ShowNumbers({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const communityId = useScope().community?.id;
  const [open, setOpen] = useState(false);
  const reveal = useMutation({
    mutationFn: () => post<Unmasked>(`/communities/${communityId}/people/${person.id}/unmask`),
    onError: (err) => {
      setOpen(false);
      message.error(errorText(err, t));
    },
  });
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reveal.mutate();
        else reveal.reset();
      }}
      title={t('people.unmask.title', { name: person.name })}
      content={
        reveal.data ? (
          <div className="unmasked" role="status">
            <Typography.Paragraph>
              {t('people.phone')}:{' '}
              <Typography.Text copyable={!!reveal.data.phone}>{reveal.data.phone ?? '—'}</Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph>
              {t('people.idNumber')}:{' '}
              <Typography.Text copyable={!!reveal.data.idNumber}>
                {reveal.data.idNumber ?? '—'}
              </Typography.Text>
            </Typography.Paragraph>
            <Typography.Paragraph strong>{t('people.unmask.recorded')}</Typography.Paragraph>
          </div>
        ) : (
          <Spin />
        )
      }
    >
      <Button size="small" aria-label={t('people.unmask.button', { name: person.name })}>
        {t('people.unmask.short')}
      </Button>
    </Popover>
  );
}

export default function PeoplePage() {
  const { t } = useTranslation();
  const canUnmask = useCanUnmask();
  const [buildingId, setBuildingId] = useState<string>();

  const spec: ResourceSpec<Person> = {
    title: 'menu.people',
    list: (c) => `/communities/${c}/people`,
    create: (c) => `/communities/${c}/people`,
    update: (c, row) => `/communities/${c}/people/${row.id}`,
    archive: (c, row) => `/communities/${c}/people/${row.id}/archive`,
    byCompound: true,
    params: { buildingId },
    filters: [
      { key: 'politicalStatus', label: 'people.politicalStatus', options: politicalStatuses },
      { key: 'flag', label: 'people.flags', options: flags },
    ],
    toolbar: <BuildingFilter value={buildingId} onChange={setBuildingId} />,
    fields: [
      { key: 'name', label: 'people.name', required: true },
      { key: 'phone', label: 'people.phone', hint: 'people.numberHint' },
      { key: 'idNumber', label: 'people.idNumber', hint: 'people.numberHint' },
      { key: 'gender', label: 'people.genderLabel', type: 'select', options: genders },
      { key: 'birthYear', label: 'people.birthYear', type: 'number' },
      {
        key: 'politicalStatus',
        label: 'people.politicalStatus',
        type: 'select',
        options: politicalStatuses,
      },
      {
        key: 'flags',
        label: 'people.flags',
        type: 'multiselect',
        options: flags,
        render: (row) =>
          row.flags?.length ? (
            <Space size={4} wrap>
              {row.flags.map((f) => (
                <Tag key={f}>{t(`people.flag.${f}`)}</Tag>
              ))}
            </Space>
          ) : (
            '—'
          ),
      },
      {
        key: 'homes',
        label: 'people.homes',
        form: false,
        render: (row) => row.homes.map((h) => h.householdName).join('、') || '—',
      },
      { key: 'notes', label: 'people.notes', type: 'textarea', table: false },
      // Registering someone straight into a household: how a grid worker adds people in their grid.
      {
        key: 'householdId',
        label: 'people.residence.household',
        form: 'create',
        table: false,
        hint: 'people.residence.hint',
        input: <HouseholdPicker />,
      },
      {
        key: 'kind',
        label: 'people.residency.kind',
        type: 'select',
        options: residencyKinds,
        form: 'create',
        table: false,
      },
      { key: 'relation', label: 'people.residency.relation', form: 'create', table: false },
    ],
    defaults: { politicalStatus: 'masses', flags: [], kind: 'family' },
    // The list holds masked numbers: editing starts blank, and a blank number is left as it is.
    toForm: (row) => ({ ...row, phone: undefined, idNumber: undefined }),
    toBody: ({ householdId, kind, relation, ...values }, row) => {
      const body: Record<string, unknown> = { ...values };
      if (householdId) body.residence = { householdId, kind, relation: relation || null };
      for (const key of ['phone', 'idNumber'] as const)
        if (typeof body[key] !== 'string' || !(body[key] as string).trim()) {
          if (row) delete body[key];
          else body[key] = null;
        }
      return body;
    },
    errorFields: {
      invalid_phone: 'phone',
      invalid_id_number: 'idNumber',
      duplicate_id_number: 'idNumber',
    },
    rowActions: canUnmask ? (row) => (row.phone || row.idNumber) && <ShowNumbers person={row} /> : undefined,
  };
  return <ResourcePage spec={spec} />;
}
