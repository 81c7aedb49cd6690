import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../src/core/access/roles';
import { api, get, type Page } from '../../shared/api';
import { formatDateTime } from '../../shared/i18n';
import { useMe } from '../../shared/session';
import { ExportButton } from '../components/ExportButton';
import { useScope } from '../components/scope';
import {
  communityScopeKinds,
  grantableRoles,
  scopeKindsFor,
  type CommunityScopeKind,
} from './organisations/grantable';
import {
  errorText,
  LoadError,
  queryString,
  RemoteSelect,
  useOptions,
  type Option,
} from './organisations/kit';
import './organisations/org.css';
import { useWriteFeedback } from '../components/feedback';
import { usePaging } from '../components/paging';

/** 角色授权: who holds which role where; grant to a phone number (creating the account), revoke. */

interface Grant {
  id: string;
  accountId: string;
  accountName: string;
  phone: string;
  role: Role;
  scopeKind: CommunityScopeKind;
  scopeId: string;
  grantedAt: number;
  revokedAt: number | null;
}

interface GrantForm {
  phone: string;
  displayName?: string;
  role: Role;
  scopeKind: CommunityScopeKind;
  scopeId?: string;
}

type Named = { id: string; name: string; compoundName?: string };
const named = (x: Named) => ({ value: x.id, label: x.compoundName ? `${x.compoundName} ${x.name}` : x.name });

/** The list API for each kind of scope a role can be held on (a community is the one in use). */
const scopeLists: Record<Exclude<CommunityScopeKind, 'community'>, string> = {
  compound: 'compounds',
  building: 'buildings',
  grid: 'grids',
  squad: 'squads',
};

/** Names of the community's places, to say where a grant holds. */
function useScopeNames() {
  const { community } = useScope();
  const c = community?.id;
  const lists = {
    compound: useOptions<Named>(c ? `/communities/${c}/compounds` : null, named),
    building: useOptions<Named>(c ? `/communities/${c}/buildings` : null, named),
    grid: useOptions<Named>(c ? `/communities/${c}/grids` : null, named),
    squad: useOptions<Named>(c ? `/communities/${c}/squads` : null, named),
  };
  return (kind: CommunityScopeKind, id: string): string =>
    kind === 'community'
      ? (community?.name ?? '')
      : (lists[kind].options.find((o: Option) => o.value === id)?.label ?? '—');
}

/** Copies text, also where the async clipboard is unavailable (plain http on a LAN address). */
async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function PasswordModal({
  shown,
  onClose,
}: {
  shown: { name: string; password: string } | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Modal
      rootClassName="org-scope"
      open={!!shown}
      title={t('grants.created.title', { name: shown?.name ?? '' })}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('grants.created.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('grants.created.once')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('grants.created.give')}</Typography.Paragraph>
      <Space wrap align="center">
        <Typography.Text>{t('grants.created.password')}</Typography.Text>
        <code className="org-password">{shown?.password}</code>
        <Button
          onClick={async () =>
            (await copy(shown?.password ?? ''))
              ? message.success(t('grants.created.copied'))
              : message.error(t('grants.created.copyFailed'))
          }
        >
          {t('grants.created.copy')}
        </Button>
      </Space>
    </Modal>
  );
}

function GrantModal({
  open,
  offered,
  onClose,
  onGranted,
}: {
  open: boolean;
  offered: Role[];
  onClose(): void;
  onGranted(g: Grant & { temporaryPassword: string | null }): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { community } = useScope();
  const [form] = Form.useForm<GrantForm>();
  const role = Form.useWatch('role', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const c = community?.id;
  const kinds = role ? scopeKindsFor(role) : [];

  const grant = useMutation({
    mutationFn: (v: GrantForm) =>
      api<Grant & { temporaryPassword: string | null }>('POST', `/communities/${c}/grants`, {
        phone: v.phone,
        ...(v.displayName?.trim() ? { displayName: v.displayName.trim() } : {}),
        role: v.role,
        scopeKind: v.scopeKind,
        scopeId: v.scopeKind === 'community' ? c : v.scopeId,
      }),
    onSuccess: (g) => onGranted(g),
    onError: (err) => message.error(errorText(err, t)),
  });

  return (
    <Modal
      rootClassName="org-scope"
      open={open}
      title={t('grants.new')}
      okText={t('grants.grant')}
      cancelText={t('common.cancel')}
      confirmLoading={grant.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        name="grant"
        layout="vertical"
        onFinish={(v) => grant.mutate(v)}
        onValuesChange={(changed: Partial<GrantForm>) => {
          if (changed.role)
            form.setFieldsValue({ scopeKind: scopeKindsFor(changed.role)[0], scopeId: undefined });
          if (changed.scopeKind) form.setFieldsValue({ scopeId: undefined });
        }}
      >
        <Form.Item
          name="phone"
          label={t('grants.phone')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input inputMode="tel" autoComplete="off" maxLength={30} />
        </Form.Item>
        <Form.Item name="displayName" label={t('grants.displayName')} extra={t('grants.displayNameHint')}>
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('grants.role')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select virtual={false} options={offered.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        {role && (
          <Form.Item
            name="scopeKind"
            label={t('grants.scopeKind')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select options={kinds.map((k) => ({ value: k, label: t(`grants.scopeKinds.${k}`) }))} />
          </Form.Item>
        )}
        {scopeKind && scopeKind !== 'community' && (
          <Form.Item
            name="scopeId"
            label={t(`grants.scopeKinds.${scopeKind}`)}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RemoteSelect<Named>
              key={scopeKind}
              path={`/communities/${c}/${scopeLists[scopeKind]}`}
              toOption={named}
              placeholder={t('grants.chooseScope')}
            />
          </Form.Item>
        )}
        {scopeKind === 'community' && (
          <Typography.Paragraph>
            {t('grants.wholeCommunity', { name: community?.name ?? '' })}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}

export default function GrantsPage() {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const me = useMe();
  const { community } = useScope();
  const queryClient = useQueryClient();
  const scopeName = useScopeNames();
  const { page, pageSize, setPage, pagination } = usePaging();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [scopeKind, setScopeKind] = useState<CommunityScopeKind | undefined>();
  const [revoked, setRevoked] = useState(false);
  const [granting, setGranting] = useState(false);
  const [shown, setShown] = useState<{ name: string; password: string } | null>(null);
  const c = community?.id;
  const offered = me.data && community ? grantableRoles(me.data, community) : [];

  const filters = queryString({ q, role, scopeKind, revoked: revoked ? 'true' : undefined });
  const path = c ? `/communities/${c}/grants?${queryString({ page, pageSize })}&${filters}` : null;
  const list = useQuery({
    queryKey: ['list', path],
    enabled: !!path,
    queryFn: () => get<Page<Grant>>(path!),
  });

  const feedback = useWriteFeedback();
  const revoke = useMutation({
    mutationFn: (g: Grant) => api<Grant>('POST', `/communities/${c}/grants/${g.id}/revoke`, {}),
    onSuccess: () => feedback.saved(undefined, t('grants.revoked')),
    onError: feedback.failed,
  });

  const where = (g: Grant) =>
    t('grants.scopeText', {
      kind: t(`grants.scopeKinds.${g.scopeKind}`),
      name: scopeName(g.scopeKind, g.scopeId),
    });
  const filterRoles = roles.filter((r) => scopeKindsFor(r).length > 0);

  if (!c) return <Typography.Paragraph>{t('scope.noCommunity')}</Typography.Paragraph>;
  return (
    <section aria-labelledby="page-title" className="org-scope">
      <div className="page-head">
        <Typography.Title level={2} id="page-title">
          {t('menu.grants')}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            aria-label={t('grants.searchHolder')}
            placeholder={t('grants.searchHolder')}
            allowClear
            style={{ width: 200 }}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
          />
          <Select<Role>
            aria-label={t('grants.role')}
            placeholder={t('grants.role')}
            allowClear
            style={{ minWidth: 140 }}
            value={role}
            onChange={(v) => {
              setRole(v);
              setPage(1);
            }}
            options={filterRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <Select<CommunityScopeKind>
            aria-label={t('grants.scopeKind')}
            placeholder={t('grants.scopeKind')}
            allowClear
            style={{ minWidth: 120 }}
            value={scopeKind}
            onChange={(v) => {
              setScopeKind(v);
              setPage(1);
            }}
            options={communityScopeKinds.map((k) => ({ value: k, label: t(`grants.scopeKinds.${k}`) }))}
          />
          <label className="inline-switch">
            <Switch
              checked={revoked}
              onChange={(on) => {
                setRevoked(on);
                setPage(1);
              }}
            />
            <span>{t('grants.showRevoked')}</span>
          </label>
          <ExportButton path={`/communities/${c}/grants`} params={new URLSearchParams(filters)} />
          {offered.length > 0 && (
            <Button type="primary" onClick={() => setGranting(true)}>
              {t('grants.new')}
            </Button>
          )}
        </Space>
      </div>
      <LoadError error={list.error} />
      <Table<Grant>
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={pagination(list.data?.total)}
        columns={[
          { key: 'holder', title: t('grants.holder'), dataIndex: 'accountName' },
          { key: 'phone', title: t('grants.phone'), dataIndex: 'phone' },
          { key: 'role', title: t('grants.role'), render: (_, g) => t(`roles.${g.role}`) },
          { key: 'scope', title: t('grants.scope'), render: (_, g) => where(g) },
          {
            key: 'at',
            title: t(revoked ? 'grants.revokedAt' : 'grants.grantedAt'),
            render: (_, g) =>
              formatDateTime(revoked && g.revokedAt ? g.revokedAt : g.grantedAt, i18n.language),
          },
          ...(revoked
            ? []
            : [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, g: Grant) =>
                    // Not one's own: revoking it would lock the secretary out of this page mid-task.
                    offered.includes(g.role) &&
                    g.accountId !== me.data?.id && (
                      <Button
                        size="small"
                        danger
                        onClick={() =>
                          modal.confirm({
                            title: t('grants.revokeConfirm', {
                              name: g.accountName,
                              role: t(`roles.${g.role}`),
                              scope: where(g),
                            }),
                            content: t('grants.revokeHint'),
                            okText: t('grants.revoke'),
                            okButtonProps: { danger: true },
                            cancelText: t('common.cancel'),
                            onOk: () => revoke.mutateAsync(g),
                          })
                        }
                      >
                        {t('grants.revoke')}
                      </Button>
                    ),
                },
              ]),
        ]}
      />
      <GrantModal
        open={granting}
        offered={offered}
        onClose={() => setGranting(false)}
        onGranted={async (g) => {
          setGranting(false);
          await queryClient.invalidateQueries({ queryKey: ['list'] });
          if (g.temporaryPassword) setShown({ name: g.accountName, password: g.temporaryPassword });
          else message.success(t('grants.granted', { name: g.accountName, role: t(`roles.${g.role}`) }));
        }}
      />
      <PasswordModal shown={shown} onClose={() => setShown(null)} />
    </section>
  );
}
