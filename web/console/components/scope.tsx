import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get } from '../../shared/api';

export interface Community {
  id: string;
  streetId: string;
  name: string;
  code: string;
}
export interface Street {
  id: string;
  name: string;
}

interface Scope {
  streets: Street[];
  communities: Community[];
  /** The community every page works in; null until the caller has one. */
  community: Community | null;
  /** Narrows lists to one compound when set. */
  compoundId: string | null;
  setCommunity(id: string): void;
  setCompound(id: string | null): void;
  loading: boolean;
}

const ScopeContext = createContext<Scope | null>(null);

/** The scope switcher's state: only communities the caller holds a role in, remembered per browser. */
export function ScopeProvider({ children }: { children: ReactNode }) {
  const streets = useQuery({ queryKey: ['streets'], queryFn: () => get<{ items: Street[] }>('/streets') });
  const communities = useQuery({
    queryKey: ['communities'],
    queryFn: () => get<{ items: Community[] }>('/communities'),
  });
  const [communityId, setCommunityId] = useState<string | null>(() => localStorage.getItem('gz-community'));
  const [compoundId, setCompoundId] = useState<string | null>(() => localStorage.getItem('gz-compound'));
  const list = useMemo(() => communities.data?.items ?? [], [communities.data]);
  const community = list.find((c) => c.id === communityId) ?? list[0] ?? null;

  useEffect(() => {
    if (community) localStorage.setItem('gz-community', community.id);
  }, [community]);

  const value = useMemo<Scope>(
    () => ({
      streets: streets.data?.items ?? [],
      communities: list,
      community,
      compoundId,
      loading: communities.isPending,
      setCommunity(id) {
        setCommunityId(id);
        setCompoundId(null);
        localStorage.setItem('gz-community', id);
        localStorage.removeItem('gz-compound');
      },
      setCompound(id) {
        setCompoundId(id);
        if (id) localStorage.setItem('gz-compound', id);
        else localStorage.removeItem('gz-compound');
      },
    }),
    [streets.data, list, community, compoundId, communities.isPending],
  );
  return <ScopeContext.Provider value={value}>{children}</ScopeContext.Provider>;
}

export function useScope(): Scope {
  const scope = useContext(ScopeContext);
  if (!scope) throw new Error('useScope outside ScopeProvider');
  return scope;
}
