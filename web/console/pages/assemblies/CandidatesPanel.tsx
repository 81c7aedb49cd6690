import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, get, post, type Page } from '../../../shared/api';
import { fileUrl } from '../../../shared/upload';
import { useWriteFeedback, useFormModalProps } from '../../components/feedback';
import { LoadError, RemoteSelect, useCan } from '../organisations/kit';
import type { Assembly, Matter } from '../../../resident/pages/assemblies/model';
import { assemblyKey, assemblyPath, FileInput, useWhen } from './parts';

export interface Candidate {
  id: string;
  key: string;
  matterId: string;
  personId: string;
  name: string;
  nomination: 'self' | 'organisation' | 'joint';
  organisation: string | null;
  nominatorIds: string[];
  statement: string;
  photoFileId: string | null;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  createdAt: number;
  decidedAt: number | null;
}

interface PersonRow {
  id: string;
  name: string;
  phone: string | null;
}

const personOption = (p: PersonRow) => ({ value: p.id, label: p.phone ? `${p.name}（${p.phone}）` : p.name });

export const candidatesPath = (communityId: string, assemblyId: string, matterId: string) =>
  `${assemblyPath(communityId, assemblyId)}/matters/${matterId}/candidates`;

export function useCandidates(
  communityId: string,
  assemblyId: string,
  matterId: string,
  status?: Candidate['status'],
) {
  const path = `${candidatesPath(communityId, assemblyId, matterId)}?pageSize=200${status ? `&status=${status}` : ''}`;
  return useQuery({
    queryKey: assemblyKey(assemblyId, 'candidates', matterId, status),
    enabled: !!matterId,
    queryFn: () => get<Page<Candidate>>(path),
  });
}

/**
 * 候选人: put forward by themselves, an organisation or jointly by owners; checked (each an owner of
 * the compound), then the list is published before voting and stays as it is.
 */
export function CandidatesPanel({
  communityId,
  assembly: a,
  matter,
}: {
  communityId: string;
  assembly: Assembly;
  matter: Matter;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const canManage = useCan('assemblies.manage');
  const candidates = useCandidates(communityId, a.id, matter.id);
  const [adding, setAdding] = useState(false);
  const base = candidatesPath(communityId, a.id, matter.id);
  const open = matter.candidatesPublishedAt === null && (a.status === 'draft' || a.status === 'announced');
  const decide = useMutation({
    mutationFn: ({ c, status }: { c: Candidate; status: 'approved' | 'rejected' | 'withdrawn' }) =>
      api('PATCH', `${base}/${c.id}`, { status }),
    onSuccess: () => feedback.saved(),
    onError: feedback.failed,
  });
  const publish = useMutation({
    mutationFn: () => post(`${base}/publish`),
    onSuccess: () => feedback.saved(undefined, t('assemblies.candidates.published')),
    onError: feedback.failed,
  });
  const approved = (candidates.data?.items ?? []).filter((c) => c.status === 'approved').length;

  return (
    <Card
      size="small"
      title={t('assemblies.candidates.title', { title: matter.title, seats: matter.seats ?? 0 })}
      extra={
        canManage &&
        open && (
          <Space wrap>
            <Button onClick={() => setAdding(true)}>{t('assemblies.candidates.add')}</Button>
            <Button
              type="primary"
              disabled={approved === 0}
              onClick={() =>
                modal.confirm({
                  title: t('assemblies.candidates.publishConfirm', { count: approved }),
                  content: t('assemblies.candidates.publishText'),
                  okText: t('assemblies.candidates.publish'),
                  cancelText: t('common.cancel'),
                  onOk: () => publish.mutateAsync().catch(() => undefined),
                })
              }
            >
              {t('assemblies.candidates.publish')}
            </Button>
          </Space>
        )
      }
    >
      <LoadError error={candidates.error} />
      <Typography.Paragraph>
        {matter.candidatesPublishedAt !== null
          ? t('assemblies.candidates.publishedAt', { at: when(matter.candidatesPublishedAt) })
          : t('assemblies.candidates.notPublished')}
      </Typography.Paragraph>
      <Table<Candidate>
        rowKey="id"
        size="small"
        loading={candidates.isFetching}
        dataSource={candidates.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            key: 'photo',
            title: t('assemblies.candidates.photo'),
            render: (_, c) =>
              c.photoFileId ? (
                <img
                  className="candidate-thumb"
                  src={fileUrl(communityId, c.photoFileId, 'thumb')}
                  alt={t('assemblies.candidates.photoOf', { name: c.name })}
                />
              ) : (
                '—'
              ),
          },
          { key: 'name', title: t('assemblies.candidates.name'), render: (_, c) => `${c.name}（${c.key}）` },
          {
            key: 'nomination',
            title: t('assemblies.candidates.nomination'),
            render: (_, c) =>
              c.nomination === 'organisation'
                ? `${t('assemblies.nomination.organisation')}：${c.organisation ?? ''}`
                : c.nomination === 'joint'
                  ? t('assemblies.candidates.jointN', { count: c.nominatorIds.length })
                  : t(`assemblies.nomination.${c.nomination}`),
          },
          {
            key: 'statement',
            title: t('assemblies.candidates.statement'),
            render: (_, c) => (
              <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }}>
                {c.statement}
              </Typography.Paragraph>
            ),
          },
          {
            key: 'status',
            title: t('assemblies.field.status'),
            render: (_, c) => <Tag>{t(`assemblies.candidateStatus.${c.status}`)}</Tag>,
          },
          ...(canManage && open
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, c: Candidate) => (
                    <Space wrap>
                      {c.status === 'pending' && (
                        <Button size="small" onClick={() => decide.mutate({ c, status: 'approved' })}>
                          {t('assemblies.candidates.approve')}
                        </Button>
                      )}
                      {c.status === 'pending' && (
                        <Button size="small" danger onClick={() => decide.mutate({ c, status: 'rejected' })}>
                          {t('assemblies.candidates.reject')}
                        </Button>
                      )}
                      {c.status === 'approved' && (
                        <Button size="small" onClick={() => decide.mutate({ c, status: 'withdrawn' })}>
                          {t('assemblies.candidates.withdraw')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && <CandidateDialog communityId={communityId} base={base} onClose={() => setAdding(false)} />}
    </Card>
  );
}

/** Several people picked by searching the people list: a joint nomination's signers. */
function PeoplePicker({
  id,
  communityId,
  value,
  onChange,
}: {
  id?: string;
  communityId: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
}) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const people = useQuery({
    queryKey: ['list', 'people-pick', communityId, q],
    queryFn: () =>
      get<Page<PersonRow>>(`/communities/${communityId}/people?pageSize=30&q=${encodeURIComponent(q)}`),
  });
  const options = (people.data?.items ?? []).map(personOption);
  for (const [value, label] of Object.entries(known))
    if (!options.some((o) => o.value === value)) options.push({ value, label });
  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value ?? []}
      options={options}
      loading={people.isFetching}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      onChange={(ids) => {
        setKnown((old) => ({
          ...old,
          ...Object.fromEntries(options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label])),
        }));
        onChange?.(ids);
      }}
    />
  );
}

interface CandidateValues {
  personId: string;
  nomination: Candidate['nomination'];
  organisation?: string;
  nominatorIds?: string[];
  statement: string;
  photoFileId?: string | null;
}

function CandidateDialog({
  communityId,
  base,
  onClose,
}: {
  communityId: string;
  base: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CandidateValues>();
  const formModal = useFormModalProps();
  const feedback = useWriteFeedback();
  const [problem, setProblem] = useState<string | null>(null);
  const nomination = Form.useWatch('nomination', form);
  const save = useMutation({
    mutationFn: (v: CandidateValues) =>
      post(base, {
        personId: v.personId,
        nomination: v.nomination,
        ...(v.nomination === 'organisation' ? { organisation: v.organisation } : {}),
        ...(v.nomination === 'joint' ? { nominatorIds: v.nominatorIds ?? [] } : {}),
        statement: v.statement,
        photoFileId: v.photoFileId ?? null,
      }),
    onSuccess: () => feedback.saved(onClose),
    onError: (err) => setProblem(errorText(err, t)),
  });
  return (
    <Modal
      open
      width={640}
      title={t('assemblies.candidates.add')}
      {...formModal(form, save.isPending, onClose)}
    >
      <Typography.Paragraph>{t('assemblies.candidates.addIntro')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form<CandidateValues>
        form={form}
        name="candidate"
        layout="vertical"
        initialValues={{ nomination: 'self' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="personId"
          label={t('assemblies.candidates.person')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <RemoteSelect<PersonRow> path={`/communities/${communityId}/people`} toOption={personOption} />
        </Form.Item>
        <Form.Item name="nomination" label={t('assemblies.candidates.nomination')}>
          <Radio.Group
            options={(['self', 'organisation', 'joint'] as const).map((n) => ({
              value: n,
              label: t(`assemblies.nomination.${n}`),
            }))}
          />
        </Form.Item>
        {nomination === 'organisation' && (
          <Form.Item
            name="organisation"
            label={t('assemblies.candidates.organisation')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        )}
        {nomination === 'joint' && (
          <Form.Item
            name="nominatorIds"
            label={t('assemblies.candidates.nominators')}
            extra={t('assemblies.candidates.nominatorsHint')}
          >
            <PeoplePicker communityId={communityId} />
          </Form.Item>
        )}
        <Form.Item
          name="statement"
          label={t('assemblies.candidates.statement')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="photoFileId" label={t('assemblies.candidates.photo')}>
          <FileInput
            communityId={communityId}
            single
            accept="image/jpeg,image/png,image/webp"
            label={t('assemblies.candidates.photoChoose')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
