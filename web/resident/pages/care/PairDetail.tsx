import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, errorText, get, post } from '../../../shared/api';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { PhotoPicker, usePhotoUploads } from '../orders/PhotoPicker';
import {
  carePaths,
  dueItemText,
  kindName,
  useCareLive,
  type ContactKind,
  type ContactLog,
  type MyPairDetail,
  type Wellbeing,
} from './data';
import { Choices, ContactList, LogEntry, ToOrderForm } from './parts';
import './care.css';

/** The API takes up to four photos with a contact. */
const maxLogPhotos = 4;

/**
 * One person paired with me: who they are and what to mind, my plan and what is due, their
 * emergency contacts (numbers shown whole only when I ask, to call), logging a call or visit, and
 * turning a need I found into a service order.
 */
export default function PairDetailPage() {
  const { t } = useTranslation();
  const { pairingId = '' } = useParams();
  const navigate = useNavigate();
  useCareLive();
  const pair = useQuery({
    queryKey: ['care', 'pair', pairingId],
    queryFn: () => get<MyPairDetail>(carePaths.pair(pairingId)),
  });
  const [logging, setLogging] = useState(false);

  if (pair.isPending) return <Loading />;
  if (pair.isError)
    return (
      <div className="page">
        <ErrorBlock
          status="default"
          title={
            pair.error instanceof ApiError && pair.error.status === 404
              ? t('care.pair.notFound')
              : errorText(pair.error, t)
          }
          description=""
        />
        <Button block size="large" onClick={() => navigate('/care-pairs')}>
          {t('care.pairs.back')}
        </Button>
      </div>
    );
  const p = pair.data;
  const mine = p.pairings.find((x) => x.id === p.pairingId);
  const place = [p.buildingName, p.roomNumber].filter(Boolean).join(' ');

  return (
    <div className="page">
      <Button fill="none" className="back-link" onClick={() => navigate('/care-pairs')}>
        ‹ {t('care.pairs.back')}
      </Button>
      <h1 className="page-title">{p.name}</h1>
      <section className="care-card" aria-label={t('care.pair.about')}>
        {place && <p className="big-line">{place}</p>}
        <p>{p.kinds.map((k) => kindName(t, k)).join('、')}</p>
        {p.reason && <p>{t('care.reasonLine', { reason: p.reason })}</p>}
        {p.notes && <p className="care-notes">{t('care.notesLine', { notes: p.notes })}</p>}
      </section>

      {mine && (
        <section className="care-card" aria-labelledby="pair-plan-title">
          <h2 id="pair-plan-title" className="section-title">
            {t('care.pair.plan', { call: mine.callEveryDays, visit: mine.visitEveryDays })}
          </h2>
          <ul className="care-due">
            {mine.items.map((i) => (
              <li key={i.kind} className={i.overdue ? 'care-late' : 'care-ok'}>
                {i.overdue ? '⚠ ' : '✓ '}
                {dueItemText(t, i)}
              </li>
            ))}
          </ul>
        </section>
      )}

      {logging ? (
        <LogForm
          pair={p}
          onDone={() => {
            setLogging(false);
            void pair.refetch();
          }}
          onCancel={() => setLogging(false)}
        />
      ) : (
        <div className="actions">
          <Button block size="large" color="primary" onClick={() => setLogging(true)}>
            {t('care.log.start')}
          </Button>
        </div>
      )}

      <section aria-labelledby="pair-contacts-title">
        <h2 id="pair-contacts-title" className="section-title">
          {t('care.contacts.title')}
        </h2>
        <ContactList
          contacts={p.contacts}
          reveal={(id) => `${carePaths.pair(p.pairingId)}/contacts/${id}/phone`}
        />
      </section>

      <section aria-labelledby="pair-logs-title">
        <h2 id="pair-logs-title" className="section-title">
          {t('care.log.recent')}
        </h2>
        {p.recentContacts.length === 0 && <p className="empty-note">{t('care.neverContacted')}</p>}
        {p.recentContacts.map((log) => (
          <LogEntry key={log.id} log={log} communityId={p.communityId}>
            {log.needs && !log.orderId && log.pairingId === p.pairingId && (
              <NeedOrder pair={p} log={log} onDone={() => void pair.refetch()} />
            )}
          </LogEntry>
        ))}
      </section>
    </div>
  );
}

interface LogValues {
  kind?: ContactKind;
  wellbeing?: Wellbeing;
  needs?: string;
  note?: string;
}

/** 记录联系: a call or a visit, how they were, needs found, a note and up to four photos. */
function LogForm({
  pair,
  onDone,
  onCancel,
}: {
  pair: MyPairDetail;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const photos = usePhotoUploads(pair.communityId, maxLogPhotos);
  const { busy, error, run } = useSubmit();
  const [photoError, setPhotoError] = useState<string | null>(null);
  const submit = (v: LogValues) => {
    if (photos.busy) return setPhotoError(t('orders.photos.wait'));
    if (photos.failed) return setPhotoError(t('orders.photos.someFailed'));
    setPhotoError(null);
    void run(async () => {
      await post<ContactLog>(`${carePaths.pair(pair.pairingId)}/contact-logs`, {
        kind: v.kind,
        wellbeing: v.wellbeing,
        needs: v.needs?.trim() || undefined,
        note: v.note?.trim() || undefined,
        fileIds: photos.ids.length ? photos.ids : undefined,
      });
      Toast.show({ content: t('care.log.saved') });
      await queryClient.invalidateQueries({ queryKey: ['care', 'pairs'] });
      onDone();
    });
  };
  return (
    <section className="care-card" aria-labelledby="log-form-title">
      <h2 id="log-form-title" className="section-title">
        {t('care.log.title', { name: pair.name })}
      </h2>
      <Form
        name="care-log"
        layout="vertical"
        className="care-form"
        initialValues={{ kind: 'call' }}
        onFinish={submit}
        footer={
          <>
            {(photoError ?? error) && (
              <p className="form-error" role="alert">
                {photoError ?? error}
              </p>
            )}
            <div className="actions">
              <Button block type="submit" size="large" color="primary" loading={busy}>
                {t('care.log.submit')}
              </Button>
              <Button block size="large" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            </div>
          </>
        }
      >
        <Form.Item name="kind" label={t('care.log.kind')} rules={[{ required: true }]}>
          <Choices
            label={t('care.log.kind')}
            options={(['call', 'visit'] as const).map((k) => ({
              value: k,
              label: t(`care.contactKind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="wellbeing"
          label={t('care.log.wellbeing')}
          rules={[{ required: true, message: t('care.log.wellbeingRequired') }]}
        >
          <Choices
            label={t('care.log.wellbeing')}
            options={(['good', 'so_so', 'poor', 'not_reached'] as const).map((w) => ({
              value: w,
              label: t(`care.wellbeing.${w}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="needs" label={t('care.log.needs')} description={t('care.log.needsHint')}>
          <TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
        <Form.Item name="note" label={t('care.log.note')}>
          <TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
        <PhotoPicker uploads={photos} label={t('care.log.photos')} />
      </Form>
    </section>
  );
}

/** 转为服务订单 under a logged need: opens the short order form; once made, the log says so. */
function NeedOrder({ pair, log, onDone }: { pair: MyPairDetail; log: ContactLog; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button block size="large" fill="outline" onClick={() => setOpen(true)}>
        {t('care.order.start')}
      </Button>
    );
  return (
    <ToOrderForm
      communityId={pair.communityId}
      found={log.needs ?? ''}
      onCancel={() => setOpen(false)}
      onSubmit={async (input) => {
        await post(`${carePaths.pair(pair.pairingId)}/contact-logs/${log.id}/order`, input);
        Toast.show({ content: t('care.order.made') });
        setOpen(false);
        onDone();
      }}
    />
  );
}
