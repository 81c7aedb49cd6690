import { useQuery } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../shared/api';
import { useScope } from './scope';

/**
 * Selects for the places of a community (compound, building, entrance, room) and for its people,
 * used by the structure and people pages. Option labels are names from the data, never i18n keys.
 */

export interface Option {
  value: string;
  label: string;
}

interface Named {
  id: string;
  name: string;
}
interface BuildingRow extends Named {
  compoundName: string;
}
interface EntranceRow extends Named {
  buildingName: string;
}
interface RoomRow {
  id: string;
  number: string;
  buildingName: string;
  entranceName: string;
}
interface PersonRow extends Named {
  phone: string | null;
}
interface HouseholdRow extends Named {
  roomNumber: string;
}

/** Up to 200 rows of a list as options (a community's compounds, a compound's buildings…). */
function useOptions<T extends { id: string }>(
  path: string | null,
  label: (row: T) => string,
): { options: Option[]; loading: boolean } {
  const scope = useScope();
  const communityId = scope.community?.id;
  const full = communityId && path ? `/communities/${communityId}${path}` : null;
  const query = useQuery({
    queryKey: ['options', full],
    enabled: !!full,
    queryFn: () => get<Page<T>>(full!),
  });
  return {
    options: (query.data?.items ?? []).map((row) => ({ value: row.id, label: label(row) })),
    loading: query.isFetching,
  };
}

export function useCompoundOptions() {
  return useOptions<Named>('/compounds?pageSize=200', (c) => c.name);
}

/** Buildings of a compound, or of the whole community (then named with their compound). */
export function useBuildingOptions(compoundId?: string | null) {
  return useOptions<BuildingRow>(
    `/buildings?pageSize=200${compoundId ? `&compoundId=${compoundId}` : ''}`,
    (b) => (compoundId ? b.name : `${b.compoundName} ${b.name}`),
  );
}

export function useEntranceOptions(buildingId?: string | null) {
  return useOptions<EntranceRow>(
    buildingId ? `/entrances?pageSize=200&buildingId=${buildingId}` : null,
    (e) => e.name,
  );
}

interface ControlProps {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
}

/** The first step of a two-step picker: a building of the scope's compound. */
function BuildingStep({ buildingId, onPick }: { buildingId?: string; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const scope = useScope();
  const buildings = useBuildingOptions(scope.compoundId);
  return (
    <Select
      aria-label={t('places.building')}
      placeholder={t('places.building')}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '50%' }}
      value={buildingId}
      onChange={onPick}
      options={buildings.options}
      loading={buildings.loading}
    />
  );
}

/**
 * A building, then one of its entrances: the form field's value is the entrance. The form's label
 * names the entrance select (through `id`); the building select carries its own label.
 */
export function EntrancePicker({ id, value, onChange }: ControlProps) {
  const { t } = useTranslation();
  const [buildingId, setBuildingId] = useState<string>();
  const entrances = useEntranceOptions(buildingId);
  return (
    <Space.Compact block>
      <BuildingStep
        buildingId={buildingId}
        onPick={(v) => {
          setBuildingId(v);
          // Another building: the room or entrance chosen before is no longer in the list.
          if (value) onChange?.(undefined);
        }}
      />
      <Select
        id={id}
        placeholder={t('places.entrance')}
        style={{ width: '50%' }}
        value={value}
        onChange={(v: string) => onChange?.(v)}
        options={entrances.options}
        loading={entrances.loading}
        notFoundContent={t('places.buildingFirst')}
      />
    </Space.Compact>
  );
}

/** A building, then a room in it found by its number: the form field's value is the room. */
export function RoomPicker({ id, value, onChange }: ControlProps) {
  const { t } = useTranslation();
  const [buildingId, setBuildingId] = useState<string>();
  const [q, setQ] = useState('');
  const rooms = useOptions<RoomRow>(
    buildingId ? `/rooms?pageSize=50&buildingId=${buildingId}&q=${encodeURIComponent(q)}` : null,
    (r) => `${r.entranceName} ${r.number}`,
  );
  return (
    <Space.Compact block>
      <BuildingStep
        buildingId={buildingId}
        onPick={(v) => {
          setBuildingId(v);
          // Another building: the room or entrance chosen before is no longer in the list.
          if (value) onChange?.(undefined);
        }}
      />
      <Select
        id={id}
        placeholder={t('places.roomSearch')}
        style={{ width: '50%' }}
        showSearch={{ filterOption: false, onSearch: setQ }}
        value={value}
        onChange={(v: string) => onChange?.(v)}
        options={rooms.options}
        loading={rooms.loading}
        notFoundContent={t(buildingId ? 'places.noRoom' : 'places.buildingFirst')}
      />
    </Space.Compact>
  );
}

/** A person of the community found by name (numbers masked, as the list shows them). */
export function PersonPicker({ id, value, onChange }: ControlProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const people = useOptions<PersonRow>(`/people?pageSize=30&q=${encodeURIComponent(q)}`, (p) =>
    p.phone ? `${p.name} · ${p.phone}` : p.name,
  );
  return (
    <Select
      id={id}
      placeholder={t('places.personSearch')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: string) => onChange?.(v)}
      options={people.options}
      loading={people.loading}
      notFoundContent={t('places.noPerson')}
    />
  );
}

/** An open household found by its name, shown with its room number. */
export function HouseholdPicker({ id, value, onChange }: ControlProps) {
  const { t } = useTranslation();
  const scope = useScope();
  const [q, setQ] = useState('');
  const compound = scope.compoundId ? `&compoundId=${scope.compoundId}` : '';
  const households = useOptions<HouseholdRow>(
    `/households?pageSize=30${compound}&q=${encodeURIComponent(q)}`,
    (h) => `${h.name} · ${h.roomNumber}`,
  );
  return (
    <Select
      id={id}
      allowClear
      placeholder={t('places.householdSearch')}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      options={households.options}
      loading={households.loading}
      notFoundContent={t('places.noHousehold')}
    />
  );
}

/** The "which building" filter above a list: buildings of the scope's compound, or of the community. */
export function BuildingFilter({
  value,
  onChange,
}: {
  value?: string;
  onChange: (buildingId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const scope = useScope();
  const buildings = useBuildingOptions(scope.compoundId);
  return (
    <Select
      aria-label={t('places.building')}
      placeholder={t('places.building')}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 180 }}
      value={value}
      onChange={(v?: string) => onChange(v)}
      options={buildings.options}
      loading={buildings.loading}
    />
  );
}
