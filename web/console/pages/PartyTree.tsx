import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  parentKindOf,
  partyKinds,
  partyPositions,
  type PartyKind,
} from '../../../src/modules/organisations/party-tree';
import { api, get } from '../../shared/api';
import { useScope } from '../components/scope';
import { errorText, LoadError, RemoteSelect, useCan, useOptions } from './organisations/kit';
import { MembersPanel } from './organisations/Members';
import './organisations/org.css';
import { useWriteFeedback, useFormModalProps } from '../components/feedback';

/** 党组织: 社区党组织 → 小区党支部 → 楼栋党小组 → 党员中心户, with who holds which position. */

interface PartyNode {
  id: string;
  kind: PartyKind;
  name: string;
  compoundId: string | null;
  buildingId: string | null;
  householdId: string | null;
  members: { personId: string; name: string; position: string }[];
  children: PartyNode[];
}

/** The kind set up under each kind (the inverse of the server's parentKindOf). */
const childKindOf = Object.fromEntries(
  partyKinds.filter((k) => parentKindOf[k]).map((k) => [parentKindOf[k], k]),
) as Partial<Record<PartyKind, PartyKind>>;

/** The field that places each kind in the housing model. */
const placeField: Record<PartyKind, 'compoundId' | 'buildingId' | 'householdId' | null> = {
  committee: null,
  branch: 'compoundId',
  group: 'buildingId',
  central_household: 'householdId',
};

function find(nodes: PartyNode[], id: string | null): PartyNode | null {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = find(n.children, id);
    if (inner) return inner;
  }
  return null;
}

const allIds = (nodes: PartyNode[]): string[] => nodes.flatMap((n) => [n.id, ...allIds(n.children)]);

/** Setting up an organisation: its kind follows from where it goes (a branch under the committee…). */
function NewOrgModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: PartyNode | null;
  open: boolean;
  onClose(): void;
  onCreated(id: string): void;
}) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  const { message } = App.useApp();
  const { community } = useScope();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, string>>();
  const c = community?.id;
  const kind: PartyKind = parent ? (childKindOf[parent.kind] ?? 'central_household') : 'committee';
  const field = placeField[kind];
  const compounds = useOptions<{ id: string; name: string }>(
    c ? `/communities/${c}/compounds` : null,
    (x) => ({
      value: x.id,
      label: x.name,
    }),
  );

  const create = useMutation({
    mutationFn: (v: Record<string, string>) =>
      api<{ id: string }>('POST', `/communities/${c}/party-orgs`, {
        kind,
        name: v.name,
        ...(parent ? { parentId: parent.id } : {}),
        ...(field ? { [field]: v[field] } : {}),
      }),
    onSuccess: async (org) => {
      message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['list'] });
      onCreated(org.id);
    },
    onError: (err) => message.error(errorText(err, t)),
  });

  return (
    <Modal
      rootClassName="org-scope"
      open={open}
      title={t('orgs.party.addTitle', { kind: t(`orgs.party.kinds.${kind}`) })}
      {...formModal(form, create.isPending, onClose)}
    >
      <Form form={form} name="party-org" layout="vertical" onFinish={(v) => create.mutate(v)}>
        {parent && (
          <Typography.Paragraph>{t('orgs.party.under', { name: parent.name })}</Typography.Paragraph>
        )}
        <Form.Item
          name="name"
          label={t('orgs.party.name')}
          rules={[{ required: true, message: t('common.required') }]}
          extra={t(`orgs.party.nameHint.${kind}`)}
        >
          <Input maxLength={60} />
        </Form.Item>
        {field === 'compoundId' && (
          <Form.Item
            name="compoundId"
            label={t('orgs.party.compound')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={compounds.options} />
          </Form.Item>
        )}
        {field === 'buildingId' && (
          <Form.Item
            name="buildingId"
            label={t('orgs.party.building')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RemoteSelect<{ id: string; name: string; compoundName: string }>
              path={`/communities/${c}/buildings`}
              params={{ compoundId: parent?.compoundId ?? undefined }}
              toOption={(b) => ({ value: b.id, label: `${b.compoundName} ${b.name}` })}
            />
          </Form.Item>
        )}
        {field === 'householdId' && (
          <Form.Item
            name="householdId"
            label={t('orgs.party.household')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RemoteSelect<{ id: string; name: string; roomNumber: string }>
              path={`/communities/${c}/households`}
              params={{ buildingId: parent?.buildingId ?? undefined }}
              toOption={(h) => ({ value: h.id, label: `${h.roomNumber} ${h.name}` })}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function RenameModal({ node, onClose }: { node: PartyNode | null; onClose(): void }) {
  const { t } = useTranslation();
  const formModal = useFormModalProps();
  const { community } = useScope();
  const [form] = Form.useForm<{ name: string }>();
  const feedback = useWriteFeedback();
  const rename = useMutation({
    mutationFn: (v: { name: string }) =>
      api('PATCH', `/communities/${community?.id}/party-orgs/${node?.id}`, { name: v.name }),
    onSuccess: () => feedback.saved(onClose),
    onError: feedback.failed,
  });
  return (
    <Modal
      rootClassName="org-scope"
      open={!!node}
      title={t('orgs.party.rename')}
      {...formModal(form, rename.isPending, onClose)}
    >
      <Form
        form={form}
        name="party-rename"
        layout="vertical"
        initialValues={{ name: node?.name }}
        onFinish={(v) => rename.mutate(v)}
      >
        <Form.Item
          name="name"
          label={t('orgs.party.name')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PartyTreePage() {
  const { t } = useTranslation();
  const { community } = useScope();
  const canWrite = useCan('org.write');
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ parent: PartyNode | null } | null>(null);
  const [renaming, setRenaming] = useState<PartyNode | null>(null);
  // Everything starts open, new organisations included: remember only what the user folded.
  const [folded, setFolded] = useState<Set<string>>(new Set());
  const c = community?.id;
  const path = c ? `/communities/${c}/party-tree` : null;
  const tree = useQuery({
    queryKey: ['list', path],
    enabled: !!path,
    queryFn: () => get<{ items: PartyNode[] }>(path!),
  });
  const compounds = useOptions<{ id: string; name: string }>(
    c ? `/communities/${c}/compounds` : null,
    (x) => ({
      value: x.id,
      label: x.name,
    }),
  );
  const nodes = tree.data?.items ?? [];
  const node = find(nodes, selected) ?? nodes[0] ?? null;
  const positionLabel = (p: string) => t(`orgs.positions.party.${p}`);

  const feedback = useWriteFeedback();
  const archive = useMutation({
    mutationFn: (n: PartyNode) => api('POST', `/communities/${c}/party-orgs/${n.id}/archive`, {}),
    onSuccess: () => feedback.saved(() => setSelected(null)),
    onError: feedback.failed,
  });

  const toData = (n: PartyNode): DataNode => ({
    key: n.id,
    title: (
      <span className="party-node">
        <span>
          <Tag>{t(`orgs.party.kinds.${n.kind}`)}</Tag>
          <strong>{n.name}</strong>
        </span>
        {n.members.length > 0 && (
          <span className="party-node-members">
            {n.members.map((m) => `${positionLabel(m.position)} ${m.name}`).join('，')}
          </span>
        )}
      </span>
    ),
    children: n.children.map(toData),
  });

  if (!c) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  const childKind = node ? childKindOf[node.kind] : undefined;
  return (
    <section aria-labelledby="page-title" className="org-scope">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.partyTree')}
        </Typography.Title>
        {canWrite && !nodes.some((n) => n.kind === 'committee') && tree.isSuccess && (
          <Button type="primary" onClick={() => setAdding({ parent: null })}>
            {t('orgs.party.setUpCommittee')}
          </Button>
        )}
      </div>
      <LoadError error={tree.error} />
      {tree.isPending ? (
        <Spin />
      ) : tree.isError ? null : nodes.length === 0 ? (
        <Empty description={t('orgs.party.empty')} />
      ) : (
        <Row gutter={[24, 24]}>
          <Col xs={24} lg={11}>
            <Card title={t('orgs.party.system')}>
              <Tree
                aria-label={t('orgs.party.system')}
                treeData={nodes.map(toData)}
                expandedKeys={allIds(nodes).filter((id) => !folded.has(id))}
                onExpand={(keys) => {
                  const open = new Set(keys.map(String));
                  setFolded(new Set(allIds(nodes).filter((id) => !open.has(id))));
                }}
                blockNode
                selectedKeys={node ? [node.id] : []}
                onSelect={(keys) => keys[0] && setSelected(String(keys[0]))}
              />
            </Card>
          </Col>
          <Col xs={24} lg={13}>
            {node && (
              <Card
                title={node.name}
                extra={
                  canWrite && (
                    <Space wrap>
                      {childKind && (
                        <Button type="primary" onClick={() => setAdding({ parent: node })}>
                          {t('orgs.party.addChild', { kind: t(`orgs.party.kinds.${childKind}`) })}
                        </Button>
                      )}
                      <Button onClick={() => setRenaming(node)}>{t('orgs.party.rename')}</Button>
                      <Popconfirm
                        title={t('orgs.party.archiveConfirm', { name: node.name })}
                        okText={t('common.archive')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => archive.mutateAsync(node)}
                      >
                        <Button danger>{t('common.archive')}</Button>
                      </Popconfirm>
                    </Space>
                  )
                }
              >
                <Descriptions column={1} size="small" bordered style={{ marginBottom: 24 }}>
                  <Descriptions.Item label={t('orgs.party.kind')}>
                    {t(`orgs.party.kinds.${node.kind}`)}
                  </Descriptions.Item>
                  {node.compoundId && (
                    <Descriptions.Item label={t('orgs.party.compound')}>
                      {compounds.options.find((o) => o.value === node.compoundId)?.label ?? ''}
                    </Descriptions.Item>
                  )}
                  <Descriptions.Item label={t('orgs.party.childCount')}>
                    {node.children.length}
                  </Descriptions.Item>
                </Descriptions>
                <MembersPanel
                  key={node.id}
                  path={`/communities/${c}/party-orgs/${node.id}/positions`}
                  family="party"
                  positions={partyPositions}
                  canWrite={canWrite}
                />
              </Card>
            )}
          </Col>
        </Row>
      )}
      <NewOrgModal
        open={!!adding}
        parent={adding?.parent ?? null}
        onClose={() => setAdding(null)}
        onCreated={(id) => {
          setAdding(null);
          setSelected(id);
        }}
      />
      <RenameModal node={renaming} onClose={() => setRenaming(null)} />
    </section>
  );
}
