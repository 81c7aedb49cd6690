import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
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
import { errorText, get, post, type Page } from '../../../shared/api';
import { fileUrl } from '../../../shared/upload';
import { useMe } from '../../../shared/session';
import { useWriteFeedback } from '../../components/feedback';
import { usePaging } from '../../components/paging';
import { LoadError, queryString } from '../organisations/kit';
import type { Assembly, Matter } from '../../../resident/pages/assemblies/model';
import { useCandidates } from './CandidatesPanel';
import type { RoomOnRoll } from './ElectorateTab';
import { assemblyKey, assemblyPath, FileInput, useMatters, useWhen } from './parts';

type Status = 'pending' | 'confirmed' | 'rejected';

interface PaperChoice {
  matterId: string;
  choice?: string;
  choices?: string[];
}

interface PaperBallot {
  id: string;
  assemblyId: string;
  roomId: string;
  roomLabel: string;
  voter: string;
  channel: 'paper' | 'proxy';
  sheetFileId: string;
  authorisationFileId: string | null;
  proxyName: string | null;
  choices: PaperChoice[];
  status: Status;
  enteredBy: string;
  enteredByName: string;
  enteredAt: number;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: number | null;
  rejectReason: string | null;
}

const motion = ['yes', 'no', 'abstain', 'spoilt'] as const;

/** The names of an election's listed candidates, by the key ballots carry. */
function useCandidateNames(communityId: string, assemblyId: string, election: Matter | undefined) {
  const listed = useCandidates(communityId, assemblyId, election?.id ?? '', 'approved');
  return {
    list: election ? (listed.data?.items ?? []) : [],
    name: (key: string) => listed.data?.items.find((c) => c.key === key)?.name ?? key,
  };
}

/** A sheet's choices in words, matter by matter. */
function useChoiceWords(matters: Matter[], name: (key: string) => string) {
  const { t } = useTranslation();
  return (c: PaperChoice) => {
    const n = matters.findIndex((m) => m.id === c.matterId) + 1;
    const words = c.choices
      ? c.choices.map(name).join('、') || t('assemblies.paper.nobody')
      : t(`assemblies.choice.${c.choice ?? 'spoilt'}`);
    return `${t('assemblies.matters.noN', { n })}：${words}`;
  };
}

/**
 * 纸质票与委托投票: a sheet entered with its scan (and, for a proxy, the written authorisation),
 * counted only once a second staff member has checked it against the scan and confirmed.
 */
export function PaperBallotsTab({ communityId, assembly: a }: { communityId: string; assembly: Assembly }) {
  const matters = useMatters(communityId, a.id);
  const list = matters.data?.items ?? [];
  const election = list.find((m) => m.kind === 'election');
  const candidates = useCandidateNames(communityId, a.id, election);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {a.status === 'voting' ? (
        <EntryForm communityId={communityId} assembly={a} matters={list} candidates={candidates.list} />
      ) : (
        <EntryClosed />
      )}
      <Queue communityId={communityId} assembly={a} matters={list} name={candidates.name} />
    </Space>
  );
}

function EntryClosed() {
  const { t } = useTranslation();
  return <Alert type="info" showIcon title={t('assemblies.paper.closed')} />;
}

/** A room on the frozen roll, found by typing its label (楼栋-单元-房号). */
function RoomPicker({
  id,
  communityId,
  assemblyId,
  value,
  onChange,
}: {
  id?: string;
  communityId: string;
  assemblyId: string;
  value?: string;
  onChange?: (roomId: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const path = `${assemblyPath(communityId, assemblyId)}/electorate?${queryString({ pageSize: 30, q })}`;
  const rooms = useQuery({
    queryKey: assemblyKey(assemblyId, 'electorate', path),
    queryFn: () => get<Page<RoomOnRoll>>(path),
  });
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      loading={rooms.isFetching}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      options={(rooms.data?.items ?? []).map((r) => ({
        value: r.roomId,
        label: `${r.label}（${r.voter}${r.voterName ? ` · ${r.voterName}` : ''}）`,
      }))}
    />
  );
}

interface EntryValues {
  roomId: string;
  channel: 'paper' | 'proxy';
  proxyName?: string;
  authorisationFileId?: string | null;
  sheetFileId: string | null;
  choice?: Record<string, string | undefined>;
  picked?: Record<string, string[] | undefined>;
  spoilt?: Record<string, boolean | undefined>;
}

function EntryForm({
  communityId,
  assembly: a,
  matters,
  candidates,
}: {
  communityId: string;
  assembly: Assembly;
  matters: Matter[];
  candidates: { key: string; name: string }[];
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EntryValues>();
  const feedback = useWriteFeedback();
  const [problem, setProblem] = useState<string | null>(null);
  const channel = Form.useWatch('channel', form);
  const picked = Form.useWatch('picked', form);
  const spoilt = Form.useWatch('spoilt', form);
  const save = useMutation({
    mutationFn: (v: EntryValues) => {
      const choices: PaperChoice[] = matters.flatMap((m): PaperChoice[] => {
        if (m.kind === 'election') {
          if (v.spoilt?.[m.id]) return [{ matterId: m.id, choice: 'spoilt' }];
          const keys = v.picked?.[m.id];
          return keys ? [{ matterId: m.id, choices: keys }] : [];
        }
        const choice = v.choice?.[m.id];
        return choice ? [{ matterId: m.id, choice }] : [];
      });
      if (!choices.length) throw new Error(t('assemblies.paper.noChoice'));
      return post(`${assemblyPath(communityId, a.id)}/paper-ballots`, {
        roomId: v.roomId,
        channel: v.channel,
        sheetFileId: v.sheetFileId,
        ...(v.channel === 'proxy'
          ? { proxyName: v.proxyName, authorisationFileId: v.authorisationFileId }
          : {}),
        choices,
      });
    },
    onSuccess: () =>
      feedback.saved(() => {
        setProblem(null);
        form.resetFields();
      }, t('assemblies.paper.entered')),
    onError: (err) =>
      setProblem(err instanceof Error && !('status' in err) ? err.message : errorText(err, t)),
  });
  return (
    <Card size="small" title={t('assemblies.paper.enterTitle')}>
      <Typography.Paragraph>{t('assemblies.paper.enterIntro')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form<EntryValues>
        form={form}
        name="paper"
        layout="vertical"
        initialValues={{ channel: 'paper' }}
        onFinish={(v) => save.mutate(v)}
        style={{ maxWidth: 720 }}
      >
        <Form.Item
          name="roomId"
          label={t('assemblies.paper.room')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <RoomPicker communityId={communityId} assemblyId={a.id} />
        </Form.Item>
        <Form.Item name="channel" label={t('assemblies.paper.channel')}>
          <Radio.Group
            options={[
              { value: 'paper', label: t('assemblies.channel.paper') },
              { value: 'proxy', label: t('assemblies.channel.proxy') },
            ]}
          />
        </Form.Item>
        {channel === 'proxy' && (
          <>
            <Form.Item
              name="proxyName"
              label={t('assemblies.paper.proxyName')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item
              name="authorisationFileId"
              label={t('assemblies.paper.authorisation')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <FileInput communityId={communityId} single label={t('assemblies.paper.authorisationChoose')} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="sheetFileId"
          label={t('assemblies.paper.sheet')}
          extra={t('assemblies.paper.sheetHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <FileInput communityId={communityId} single label={t('assemblies.paper.sheetChoose')} />
        </Form.Item>
        {matters.map((m, i) =>
          m.kind === 'election' ? (
            <div key={m.id}>
              <Form.Item
                name={['picked', m.id]}
                label={`${t('assemblies.matters.noN', { n: i + 1 })} ${m.title}`}
                extra={t('assemblies.paper.pickedCount', {
                  count: picked?.[m.id]?.length ?? 0,
                  seats: m.seats ?? 0,
                })}
              >
                <Checkbox.Group
                  disabled={!!spoilt?.[m.id]}
                  options={candidates.map((c) => ({
                    value: c.key,
                    label: c.name,
                    disabled:
                      (picked?.[m.id]?.length ?? 0) >= (m.seats ?? 0) &&
                      !(picked?.[m.id] ?? []).includes(c.key),
                  }))}
                />
              </Form.Item>
              <Form.Item name={['spoilt', m.id]} valuePropName="checked">
                <Checkbox>{t('assemblies.paper.spoiltSheet')}</Checkbox>
              </Form.Item>
            </div>
          ) : (
            <Form.Item
              key={m.id}
              name={['choice', m.id]}
              label={`${t('assemblies.matters.noN', { n: i + 1 })} ${m.title}`}
            >
              <Radio.Group options={motion.map((c) => ({ value: c, label: t(`assemblies.choice.${c}`) }))} />
            </Form.Item>
          ),
        )}
        <Typography.Paragraph>{t('assemblies.paper.blankHint')}</Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('assemblies.paper.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function Queue({
  communityId,
  assembly: a,
  matters,
  name,
}: {
  communityId: string;
  assembly: Assembly;
  matters: Matter[];
  name: (key: string) => string;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const me = useMe().data?.id;
  const [status, setStatus] = useState<Status | undefined>('pending');
  const [reviewing, setReviewing] = useState<PaperBallot | null>(null);
  const { page, pageSize, setPage, pagination } = usePaging();
  const words = useChoiceWords(matters, name);
  const path = `${assemblyPath(communityId, a.id)}/paper-ballots?${queryString({ page, pageSize, status })}`;
  const papers = useQuery({
    queryKey: assemblyKey(a.id, 'papers', path),
    queryFn: () => get<Page<PaperBallot>>(path),
  });
  return (
    <Card
      size="small"
      title={t('assemblies.paper.queueTitle')}
      extra={
        <Select<Status>
          aria-label={t('assemblies.field.status')}
          allowClear
          placeholder={t('assemblies.paper.allStatuses')}
          style={{ minWidth: 140 }}
          value={status}
          onChange={(v?: Status) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['pending', 'confirmed', 'rejected'] as const).map((s) => ({
            value: s,
            label: t(`assemblies.paperStatus.${s}`),
          }))}
        />
      }
    >
      <Typography.Paragraph>{t('assemblies.paper.queueIntro')}</Typography.Paragraph>
      <LoadError error={papers.error} />
      <Table<PaperBallot>
        rowKey="id"
        size="small"
        loading={papers.isFetching}
        dataSource={papers.data?.items ?? []}
        pagination={pagination(papers.data?.total)}
        scroll={{ x: true }}
        columns={[
          {
            key: 'room',
            title: t('assemblies.paper.room'),
            render: (_, p) => `${p.roomLabel}（${p.voter}）`,
          },
          {
            key: 'channel',
            title: t('assemblies.paper.channel'),
            render: (_, p) =>
              p.channel === 'proxy'
                ? `${t('assemblies.channel.proxy')}：${p.proxyName ?? ''}`
                : t('assemblies.channel.paper'),
          },
          {
            key: 'choices',
            title: t('assemblies.paper.choices'),
            render: (_, p) => p.choices.map(words).join('；'),
          },
          {
            key: 'entered',
            title: t('assemblies.paper.enteredBy'),
            render: (_, p) => (
              <>
                {p.enteredByName}
                {p.enteredBy === me && t('assemblies.paper.me')}
                <br />
                {when(p.enteredAt)}
              </>
            ),
          },
          {
            key: 'decided',
            title: t('assemblies.paper.decidedBy'),
            render: (_, p) =>
              p.decidedByName ? (
                <>
                  {p.decidedByName}
                  {p.decidedBy === me && t('assemblies.paper.me')}
                  <br />
                  {when(p.decidedAt)}
                </>
              ) : (
                '—'
              ),
          },
          {
            key: 'status',
            title: t('assemblies.field.status'),
            render: (_, p) => (
              <>
                <Tag>{t(`assemblies.paperStatus.${p.status}`)}</Tag>
                {p.rejectReason && <Typography.Text>{p.rejectReason}</Typography.Text>}
              </>
            ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, p) => (
              <Button
                size="small"
                type={p.status === 'pending' && p.enteredBy !== me ? 'primary' : 'default'}
                onClick={() => setReviewing(p)}
              >
                {p.status === 'pending' && p.enteredBy !== me
                  ? t('assemblies.paper.review')
                  : t('assemblies.paper.view')}
              </Button>
            ),
          },
        ]}
      />
      {reviewing && (
        <ReviewDialog
          communityId={communityId}
          assembly={a}
          paper={reviewing}
          mine={reviewing.enteredBy === me}
          words={words}
          onClose={() => setReviewing(null)}
        />
      )}
    </Card>
  );
}

/** 核对: the second staff member compares the entry with the scan, then confirms or sends it back. */
function ReviewDialog({
  communityId,
  assembly: a,
  paper,
  mine,
  words,
  onClose,
}: {
  communityId: string;
  assembly: Assembly;
  paper: PaperBallot;
  mine: boolean;
  words: (c: PaperChoice) => string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const { modal } = App.useApp();
  const feedback = useWriteFeedback();
  const [problem, setProblem] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [scanShown, setScanShown] = useState(true);
  const base = `${assemblyPath(communityId, a.id)}/paper-ballots/${paper.id}`;
  const confirm = useMutation({
    mutationFn: () => post(`${base}/confirm`),
    onSuccess: () => feedback.saved(onClose, t('assemblies.paper.confirmed')),
    onError: (err) => setProblem(errorText(err, t)),
  });
  const reject = useMutation({
    mutationFn: () => post(`${base}/reject`, { reason }),
    onSuccess: () => feedback.saved(onClose, t('assemblies.paper.rejected')),
    onError: (err) => setProblem(errorText(err, t)),
  });
  const pending = paper.status === 'pending';
  return (
    <Modal
      open
      width={760}
      title={t('assemblies.paper.reviewTitle', { room: paper.roomLabel })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {problem && <Alert type="error" showIcon title={problem} />}
        <Typography.Paragraph style={{ margin: 0 }}>
          {t('assemblies.paper.enteredLine', { name: paper.enteredByName, at: when(paper.enteredAt) })}
          {paper.decidedByName && (
            <>
              <br />
              {t('assemblies.paper.decidedLine', { name: paper.decidedByName, at: when(paper.decidedAt) })}
            </>
          )}
        </Typography.Paragraph>
        <ul className="paper-choices">
          {paper.choices.map((c) => (
            <li key={c.matterId}>{words(c)}</li>
          ))}
        </ul>
        {paper.channel === 'proxy' && (
          <Typography.Paragraph>
            {t('assemblies.paper.proxyLine', { name: paper.proxyName ?? '' })}{' '}
            {paper.authorisationFileId && (
              <a
                href={fileUrl(communityId, paper.authorisationFileId)}
                target="_blank"
                rel="noopener noreferrer"
              >
                {t('assemblies.paper.openAuthorisation')}
              </a>
            )}
          </Typography.Paragraph>
        )}
        <a href={fileUrl(communityId, paper.sheetFileId)} target="_blank" rel="noopener noreferrer">
          {t('assemblies.paper.openSheet')}
        </a>
        {scanShown && (
          <img
            className="paper-scan"
            src={fileUrl(communityId, paper.sheetFileId)}
            alt={t('assemblies.paper.scanOf', { room: paper.roomLabel })}
            onError={() => setScanShown(false)}
          />
        )}
        {pending && mine && <Alert type="info" showIcon title={t('assemblies.paper.notYours')} />}
        {pending && !mine && (
          <>
            <Space wrap>
              <Button
                type="primary"
                loading={confirm.isPending}
                onClick={() =>
                  modal.confirm({
                    title: t('assemblies.paper.confirmTitle'),
                    content: t('assemblies.paper.confirmText'),
                    okText: t('assemblies.paper.confirm'),
                    cancelText: t('common.cancel'),
                    onOk: () => confirm.mutateAsync().catch(() => undefined),
                  })
                }
              >
                {t('assemblies.paper.confirm')}
              </Button>
            </Space>
            <Form name="paperReject" layout="vertical" onFinish={() => reject.mutate()}>
              <Form.Item name="reason" label={t('assemblies.paper.rejectReason')}>
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Form.Item>
              <Button danger htmlType="submit" disabled={!reason.trim()} loading={reject.isPending}>
                {t('assemblies.paper.reject')}
              </Button>
            </Form>
          </>
        )}
      </Space>
    </Modal>
  );
}
