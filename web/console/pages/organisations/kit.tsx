import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Spin, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleActions, type Action, type Role } from '../../../../src/core/access/roles';
import { errorText, get, type Page } from '../../../shared/api';
import { useMe } from '../../../shared/session';
import { useScope } from '../../components/scope';

/** Small pieces the organisation and access pages share. */

export interface Option {
  value: string;
  label: string;
}

export { errorText };

/** Why a list could not load (most often: the caller's roles do not reach it), said in words. */
export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} />;
}

/**
 * Whether the caller holds `action` anywhere in the current community (the server still checks
 * every row): used to hide buttons that would only earn a 403.
 */
export function useCan(action: Action): boolean {
  const me = useMe();
  const { community } = useScope();
  if (!me.data || !community) return false;
  if (me.data.platformAdmin) return true;
  return me.data.grants.some(
    (g) =>
      roleActions[g.role as Role]?.includes(action) &&
      (g.communityId === community.id || (g.scopeKind === 'street' && g.streetId === community.streetId)),
  );
}

/** Query string from the set values only. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') out.set(k, String(v));
  return out.toString();
}

/**
 * One page of a list as select options (the API's maximum page: a community's compounds, grids and
 * squads fit in it). Keyed under 'list' so saves that refresh lists refresh these too.
 */
export function useOptions<Item>(
  path: string | null,
  toOption: (item: Item) => Option,
  params: Record<string, string | undefined> = {},
) {
  const full = path ? `${path}?${queryString({ pageSize: 200, ...params })}` : null;
  const list = useQuery({
    queryKey: ['list', full],
    enabled: !!full,
    queryFn: () => get<Page<Item>>(full!),
  });
  return {
    options: (list.data?.items ?? []).map(toOption),
    items: list.data?.items ?? [],
    loading: list.isPending,
  };
}

type RemoteSelectProps<Item> = Omit<SelectProps<string>, 'options' | 'showSearch' | 'onChange'> & {
  /** The list API to search (its `q`), or null while it is not known yet. */
  path: string | null;
  params?: Record<string, string | undefined>;
  toOption: (item: Item) => Option;
  onChange?: (value: string | undefined, item?: Item) => void;
  /** Entries to offer even when the search does not return them (one just created). */
  known?: Option[];
};

/** A select that searches a list API as the user types: people, buildings, companies, households. */
export function RemoteSelect<Item extends { id: string }>({
  path,
  params = {},
  toOption,
  value,
  onChange,
  known = [],
  ...rest
}: RemoteSelectProps<Item>) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<{ option: Option; item: Item } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const full = path ? `${path}?${queryString({ pageSize: 30, ...params, q })}` : null;
  const list = useQuery({
    queryKey: ['list', full],
    enabled: !!full,
    queryFn: () => get<Page<Item>>(full!),
  });
  const items = list.data?.items ?? [];
  const options = items.map(toOption);
  // Keep the chosen entry's label when a later search no longer returns it.
  for (const extra of [...known, ...(picked && picked.option.value === value ? [picked.option] : [])])
    if (!options.some((o) => o.value === extra.value)) options.unshift(extra);
  return (
    <Select<string>
      {...rest}
      value={value}
      options={options}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={list.isFetching}
      notFoundContent={list.isFetching ? <Spin size="small" /> : undefined}
      onChange={(v?: string) => {
        const item =
          items.find((i) => i.id === v) ?? (picked && picked.item.id === v ? picked.item : undefined);
        setPicked(item && v ? { option: toOption(item), item } : null);
        onChange?.(v, item);
      }}
    />
  );
}
