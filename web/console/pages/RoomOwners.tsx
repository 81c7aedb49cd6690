import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { get, post, errorText } from '../../shared/api';
import { PersonPicker } from '../components/places';
import { useScope } from '../components/scope';
import './housing.css';

/** 产权与投票人: a room's current owners, who of them votes for it, and registering or ending an ownership. */

export interface RoomSummary {
  id: string;
  compoundName: string;
  buildingName: string;
  entranceName: string;
  number: string;
  area: string;
}

interface Ownership {
  id: string;
  personId: string | null;
  personName: string | null;
  isDeveloper: boolean;
  isVoter: boolean;
  since: string | null;
}

interface NewOwner {
  who: 'person' | 'developer';
  personId?: string;
  since?: Dayjs;
  voter?: boolean;
}

export function RoomOwners({ room, onClose }: { room: RoomSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const scope = useScope();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewOwner>();
  const who = Form.useWatch('who', form);
  const base = room && scope.community ? `/communities/${scope.community.id}/rooms/${room.id}/owners` : null;

  const owners = useQuery({
    queryKey: ['owners', base],
    enabled: !!base,
    queryFn: () => get<{ items: Ownership[] }>(base!),
  });

  const failed = (err: unknown) => message.error(errorText(err, t));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['owners', base] });
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => post(`${base!}${path}`, body ?? {}),
    onSuccess: async () => {
      message.success(t('common.saved'));
      await refresh();
    },
    onError: failed,
  });

  function add(values: NewOwner) {
    act.mutate(
      {
        path: '',
        body: {
          ...(values.who === 'developer' ? { developer: true } : { personId: values.personId }),
          since: values.since ? values.since.format('YYYY-MM-DD') : null,
          voter: values.voter ?? false,
        },
      },
      { onSuccess: () => form.resetFields() },
    );
  }

  return (
    <Drawer
      open={!!room}
      onClose={onClose}
      size="min(760px, 100vw)"
      title={t('structure.owners.title')}
      destroyOnHidden
    >
      {room && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            column={1}
            size="small"
            items={[
              {
                key: 'place',
                label: t('structure.owners.room'),
                children: `${room.compoundName} ${room.buildingName} ${room.entranceName} ${room.number}`,
              },
              { key: 'area', label: t('structure.room.area'), children: room.area },
            ]}
          />
          <Typography.Paragraph>{t('structure.owners.voterRule')}</Typography.Paragraph>
          <Table<Ownership>
            rowKey="id"
            size="small"
            loading={owners.isFetching}
            pagination={false}
            dataSource={owners.data?.items ?? []}
            locale={{ emptyText: t('structure.owners.none') }}
            scroll={{ x: true }}
            columns={[
              {
                key: 'owner',
                title: t('structure.owners.owner'),
                render: (_, o) => (o.isDeveloper ? t('structure.owners.developer') : o.personName),
              },
              {
                key: 'voter',
                title: t('structure.owners.voter'),
                render: (_, o) =>
                  o.isVoter ? (
                    <Tag className="tag-good">
                      <span aria-hidden>✓ </span>
                      {t('structure.owners.isVoter')}
                    </Tag>
                  ) : (
                    '—'
                  ),
              },
              { key: 'since', title: t('structure.owners.since'), render: (_, o) => o.since ?? '—' },
              {
                key: 'actions',
                title: t('common.actions'),
                render: (_, o) => (
                  <Space wrap>
                    {!o.isVoter && (
                      <Button size="small" onClick={() => act.mutate({ path: `/${o.id}/voter` })}>
                        {t('structure.owners.makeVoter')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        modal.confirm({
                          title: t('structure.owners.endConfirm'),
                          okText: t('structure.owners.end'),
                          cancelText: t('common.cancel'),
                          onOk: () => act.mutateAsync({ path: `/${o.id}/end` }),
                        })
                      }
                    >
                      {t('structure.owners.end')}
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
          <section aria-labelledby="add-owner">
            <Typography.Title level={4} id="add-owner">
              {t('structure.owners.add')}
            </Typography.Title>
            <Form<NewOwner>
              form={form}
              name="owner"
              layout="vertical"
              initialValues={{ who: 'person', voter: false }}
              onFinish={add}
            >
              <Form.Item name="who" label={t('structure.owners.kind')}>
                <Radio.Group
                  options={[
                    { value: 'person', label: t('structure.owners.person') },
                    { value: 'developer', label: t('structure.owners.developer') },
                  ]}
                />
              </Form.Item>
              {who !== 'developer' && (
                <Form.Item
                  name="personId"
                  label={t('structure.owners.owner')}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <PersonPicker />
                </Form.Item>
              )}
              <Form.Item name="since" label={t('structure.owners.since')}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="voter" valuePropName="checked">
                <Checkbox>{t('structure.owners.voterToo')}</Checkbox>
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={act.isPending}>
                {t('structure.owners.addButton')}
              </Button>
            </Form>
          </section>
        </Space>
      )}
    </Drawer>
  );
}
