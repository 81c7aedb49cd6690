import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, get, post } from '../../../shared/api';
import { useWriteFeedback } from '../../components/feedback';
import { downloadFile } from '../../components/files';
import { ResourcePage, type ResourceSpec } from '../../components/ResourcePage';
import { useScope } from '../../components/scope';
import { base, StateTag, usePlaces } from '../volunteers/kit';

interface Checkpoint {
  id: string;
  position: number;
  name: string;
  placeHint: string | null;
  scanPath: string;
}

export interface PatrolRoute {
  id: string;
  compoundId: string;
  compoundName: string;
  squadId: string | null;
  squadName: string | null;
  gridId: string | null;
  name: string;
  schedule: { times: string[]; weekdays: number[] };
  graceMinutes: number;
  state: 'active' | 'archived';
  checkpointCount: number;
}

const weekdays = [1, 2, 3, 4, 5, 6, 7];

/** 二维码: the printable sheet, one QR per point with its name, for the squad to put up. */
function QrSheetButton({ route }: { route: PatrolRoute }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { community } = useScope();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      loading={busy}
      disabled={!route.checkpointCount}
      aria-label={t('patrols.qrSheetOf', { name: route.name })}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadFile(
            `${base(community!.id)}/patrol-routes/${route.id}/qr-sheet.pdf`,
            `${route.name}.pdf`,
            i18n.language,
          );
        } catch (err) {
          message.error(errorText(err, t));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('patrols.qrSheet')}
    </Button>
  );
}

/** The route's points in walking order: add, rename, move up or down, take off the route. */
function CheckpointsPanel({ route }: { route: PatrolRoute }) {
  const { t } = useTranslation();
  const { community } = useScope();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const [form] = Form.useForm();
  const [editing, setEditing] = useState<string | null>(null);
  const path = `${base(community!.id)}/patrol-routes/${route.id}`;
  const detail = useQuery({
    queryKey: ['list', path],
    queryFn: () => get<PatrolRoute & { checkpoints: Checkpoint[] }>(path),
  });
  const points = detail.data?.checkpoints ?? [];
  const write = useMutation({
    mutationFn: (call: () => Promise<unknown>) => call(),
    onSuccess: () => feedback.saved(),
    onError: feedback.failed,
  });
  const move = (i: number, by: -1 | 1) => {
    const ids = points.map((p) => p.id);
    [ids[i], ids[i + by]] = [ids[i + by]!, ids[i]!];
    write.mutate(() => post(`${path}/checkpoints/reorder`, { ids }));
  };
  return (
    <section aria-labelledby="checkpoints-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={3} id="checkpoints-title" style={{ margin: 0 }}>
          {t('patrols.checkpoints')}
        </Typography.Title>
        <QrSheetButton route={{ ...route, checkpointCount: points.length }} />
      </Space>
      <Table<Checkpoint>
        rowKey="id"
        size="small"
        loading={detail.isFetching}
        dataSource={points}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'position', title: t('patrols.position'), dataIndex: 'position', width: 70 },
          {
            key: 'name',
            title: t('patrols.pointName'),
            render: (_, p) =>
              editing === p.id ? (
                <Input.Search
                  aria-label={t('patrols.pointName')}
                  defaultValue={p.name}
                  enterButton={t('common.save')}
                  onSearch={(name) =>
                    write.mutate(() =>
                      api('PATCH', `${base(community!.id)}/patrol-checkpoints/${p.id}`, { name }).then(() =>
                        setEditing(null),
                      ),
                    )
                  }
                />
              ) : (
                p.name
              ),
          },
          { key: 'placeHint', title: t('patrols.placeHint'), render: (_, p) => p.placeHint ?? '—' },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, p, i) => (
              <Space wrap>
                <Button
                  size="small"
                  disabled={i === 0}
                  aria-label={t('patrols.moveUp', { name: p.name })}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </Button>
                <Button
                  size="small"
                  disabled={i === points.length - 1}
                  aria-label={t('patrols.moveDown', { name: p.name })}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </Button>
                <Button size="small" onClick={() => setEditing(editing === p.id ? null : p.id)}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('patrols.removeConfirm', { name: p.name }),
                      okText: t('patrols.remove'),
                      cancelText: t('common.cancel'),
                      onOk: () =>
                        write.mutateAsync(() =>
                          api('DELETE', `${base(community!.id)}/patrol-checkpoints/${p.id}`),
                        ),
                    })
                  }
                >
                  {t('patrols.remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Form
        form={form}
        name="checkpoint"
        layout="inline"
        style={{ marginTop: 16, rowGap: 8 }}
        onFinish={(v: { name: string; placeHint?: string }) =>
          write.mutate(() =>
            post(`${path}/checkpoints`, { name: v.name, placeHint: v.placeHint || null }).then(() =>
              form.resetFields(),
            ),
          )
        }
      >
        <Form.Item
          name="name"
          label={t('patrols.pointName')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="placeHint" label={t('patrols.placeHint')}>
          <Input maxLength={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={write.isPending}>
          {t('patrols.addPoint')}
        </Button>
      </Form>
    </section>
  );
}

/** 巡逻路线: routes with their schedule (every morning at 7…), grace, squad; points and QR sheet. */
export default function PatrolRoutesPage() {
  const { t } = useTranslation();
  const { compounds, squads, grids } = usePlaces();
  const [open, setOpen] = useState<PatrolRoute | null>(null);
  const feedback = useWriteFeedback();
  const { community } = useScope();
  const weekdayOptions = weekdays.map((d) => ({ value: String(d), label: `vol.weekday.${d}` }));

  const spec: ResourceSpec<PatrolRoute> = {
    title: 'menu.patrolRoutes',
    list: (c) => `${base(c)}/patrol-routes`,
    create: (c) => `${base(c)}/patrol-routes`,
    update: (c, r) => `${base(c)}/patrol-routes/${r.id}`,
    byCompound: true,
    filters: [
      { key: 'squadId', label: 'patrols.squad', options: squads },
      {
        key: 'state',
        label: 'patrols.state',
        initial: 'active',
        options: [
          { value: 'active', label: 'patrols.routeState.active' },
          { value: 'archived', label: 'patrols.routeState.archived' },
        ],
      },
    ],
    defaults: { times: ['07:00'], weekdays: weekdays.map(String), graceMinutes: 60 },
    toForm: (r) => ({ ...r, times: r.schedule.times, weekdays: r.schedule.weekdays.map(String) }),
    toBody: (v, row) => {
      const {
        times,
        weekdays: days,
        compoundId,
        ...rest
      } = v as Record<string, unknown> & {
        times?: string[];
        weekdays?: string[];
      };
      return {
        ...rest,
        ...(row ? {} : { compoundId }),
        schedule: { times: times ?? [], weekdays: (days ?? []).map(Number) },
      };
    },
    fields: [
      { key: 'name', label: 'patrols.name', required: true },
      {
        key: 'compoundId',
        label: 'patrols.compound',
        type: 'select',
        options: compounds,
        required: true,
        form: 'create',
        render: (r) => r.compoundName,
      },
      {
        key: 'squadId',
        label: 'patrols.squad',
        type: 'select',
        options: squads,
        render: (r) => r.squadName ?? '—',
      },
      { key: 'gridId', label: 'patrols.grid', type: 'select', options: grids, table: false },
      {
        key: 'times',
        label: 'patrols.times',
        hint: 'patrols.timesHint',
        input: <Select mode="tags" tokenSeparators={[',', '，', ' ']} />,
        render: (r) => r.schedule.times.join('、') || '—',
      },
      {
        key: 'weekdays',
        label: 'patrols.weekdays',
        type: 'multiselect',
        options: weekdayOptions,
        render: (r) =>
          r.schedule.weekdays.length === 7
            ? t('patrols.everyDay')
            : r.schedule.weekdays.map((d) => t(`vol.weekday.${d}`)).join('、') || '—',
      },
      { key: 'graceMinutes', label: 'patrols.grace', type: 'number', hint: 'patrols.graceHint' },
      { key: 'checkpointCount', label: 'patrols.checkpointCount', form: false },
      {
        key: 'state',
        label: 'patrols.state',
        form: false,
        render: (r) => (
          <StateTag tone={r.state === 'active' ? 'ok' : 'off'}>{t(`patrols.routeState.${r.state}`)}</StateTag>
        ),
      },
    ],
    rowActions: (r) => (
      <>
        <Button size="small" type="primary" ghost onClick={() => setOpen(r)}>
          {t('patrols.checkpoints')}
        </Button>
        <QrSheetButton route={r} />
        <Button
          size="small"
          onClick={() =>
            api('PATCH', `${base(community!.id)}/patrol-routes/${r.id}`, {
              state: r.state === 'active' ? 'archived' : 'active',
            }).then(() => feedback.saved(), feedback.failed)
          }
        >
          {t(r.state === 'active' ? 'common.archive' : 'patrols.restore')}
        </Button>
      </>
    ),
  };

  return (
    <>
      <ResourcePage spec={spec} />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.name} size="large" destroyOnHidden>
        {open && <CheckpointsPanel route={open} />}
      </Drawer>
    </>
  );
}
