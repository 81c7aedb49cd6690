import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../../shared/api';
import { useScope } from '../../components/scope';
import type { TargetKind, TargetView } from './model';

/**
 * Where a notice or campaign goes: the whole community, compounds, buildings or entrances, picked
 * in one tree (小区 › 楼栋 › 单元) whose lower levels load when opened. Each ticked place is one
 * target, exactly as ticked: ticking a compound does not tick its buildings one by one, so a
 * compound's branch never sends "the whole community" by ticking everything it can see.
 */

/** A place as the form holds it: what the API takes, plus its name to show. */
export interface PickedPlace {
  kind: TargetKind;
  id: string;
  name: string;
}

interface Node {
  value: string;
  /** The name in the tree: 1栋. */
  title: string;
  /** The name once picked, with its compound and building: 甲一小区 1栋 1单元. */
  label: string;
  isLeaf?: boolean;
  children?: Node[];
}

const keyOf = (p: { kind: TargetKind; id: string }) => `${p.kind}:${p.id}`;
const parse = (key: string) => {
  const [kind, id] = key.split(':') as [TargetKind, string];
  return { kind, id };
};

/** The places of a saved notice or campaign, as the tree holds them. */
export const picked = (targets: readonly TargetView[]): PickedPlace[] =>
  targets.map((t) => ({ kind: t.kind, id: t.id, name: t.name }));

/** The API's targets from the tree's places. */
export const targetsOf = (places: readonly PickedPlace[]) => places.map(({ kind, id }) => ({ kind, id }));

function usePlaceTree(withCommunity: boolean) {
  const scope = useScope();
  const community = scope.community;
  const compounds = useQuery({
    queryKey: ['target-tree', community?.id],
    enabled: !!community,
    queryFn: () =>
      get<Page<{ id: string; name: string }>>(`/communities/${community!.id}/compounds?pageSize=200`),
  });
  const [children, setChildren] = useState<Record<string, Node[]>>({});

  async function load(key: string, parentLabel: string) {
    if (!community || children[key]) return;
    const { kind, id } = parse(key);
    const base = `/communities/${community.id}`;
    const below = kind === 'compound' ? 'building' : 'entrance';
    const list = await get<Page<{ id: string; name: string }>>(
      below === 'building'
        ? `${base}/buildings?pageSize=200&compoundId=${id}`
        : `${base}/entrances?pageSize=200&buildingId=${id}`,
    );
    const nodes: Node[] = list.items.map((p) => ({
      value: keyOf({ kind: below, id: p.id }),
      title: p.name,
      label: `${parentLabel} ${p.name}`,
      isLeaf: below === 'entrance',
    }));
    setChildren((old) => ({ ...old, [key]: nodes }));
  }

  const grow = (nodes: Node[]): Node[] =>
    nodes.map((n) => (children[n.value] ? { ...n, children: grow(children[n.value]!) } : n));
  const compoundNodes = grow(
    (compounds.data?.items ?? []).map((c) => ({
      value: keyOf({ kind: 'compound', id: c.id }),
      title: c.name,
      label: c.name,
    })),
  );
  const tree: Node[] =
    withCommunity && community
      ? [
          {
            value: keyOf({ kind: 'community', id: community.id }),
            title: community.name,
            label: community.name,
            children: compoundNodes,
          },
        ]
      : compoundNodes;
  return { tree, load, loading: compounds.isPending };
}

interface ManyProps {
  id?: string;
  value?: PickedPlace[];
  onChange?: (value: PickedPlace[]) => void;
}

/** Several places, the whole community among them: a notice's or campaign's targets. */
export function TargetTree({ id, value = [], onChange }: ManyProps) {
  const { t } = useTranslation();
  const { tree, load, loading } = usePlaceTree(true);
  return (
    <TreeSelect<{ value: string; label: string }[]>
      id={id}
      style={{ width: '100%' }}
      treeData={tree}
      loading={loading}
      loadData={(node) => load(String(node.value), String((node as unknown as Node).label))}
      treeNodeLabelProp="label"
      treeCheckable
      treeCheckStrictly
      treeDefaultExpandedKeys={tree[0] ? [tree[0].value] : []}
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('notices.targets.placeholder')}
      value={value.map((p) => ({ value: keyOf(p), label: p.name }))}
      onChange={(chosen) => onChange?.(chosen.map((c) => ({ ...parse(c.value), name: String(c.label) })))}
    />
  );
}

interface OneProps {
  id?: string;
  value?: PickedPlace;
  onChange?: (value: PickedPlace | undefined) => void;
}

/** One compound, building or entrance: where a notice to a place (a stairwell) is posted. */
export function PlacePicker({ id, value, onChange }: OneProps) {
  const { t } = useTranslation();
  const { tree, load, loading } = usePlaceTree(false);
  return (
    <TreeSelect<{ value: string; label: string }>
      id={id}
      style={{ width: '100%' }}
      treeData={tree}
      loading={loading}
      loadData={(node) => load(String(node.value), String((node as unknown as Node).label))}
      treeNodeLabelProp="label"
      labelInValue
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      placeholder={t('notices.targets.onePlaceholder')}
      value={value ? { value: keyOf(value), label: value.name } : undefined}
      onChange={(chosen) =>
        onChange?.(chosen ? { ...parse(chosen.value), name: String(chosen.label) } : undefined)
      }
    />
  );
}
