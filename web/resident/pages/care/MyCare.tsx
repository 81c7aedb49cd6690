import { useQuery } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Input, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, get, patch, type Page } from '../../../shared/api';
import { useSubmit } from '../../../shared/useSubmit';
import { Loading } from '../../App';
import { dueText, kindName, type MyCareRecord } from './data';
import { ContactList } from './parts';
import './care.css';

/** The API keeps up to six emergency contacts. */
const maxContacts = 6;

/**
 * 我的关爱信息: my care record (or a family member's who named me as their emergency contact), as the
 * community keeps it: why I am on the roster, who visits, when next, and my emergency contacts,
 * which I can correct myself.
 */
export default function MyCarePage() {
  const { t } = useTranslation();
  const records = useQuery({
    queryKey: ['care', 'mine'],
    queryFn: () => get<Page<MyCareRecord>>('/me/care'),
  });
  if (records.isPending) return <Loading />;
  return (
    <div className="page">
      <h1 className="page-title">{t('care.mine.title')}</h1>
      {records.isError && <ErrorBlock status="default" title={errorText(records.error, t)} description="" />}
      {records.isSuccess && records.data.items.length === 0 && (
        <p className="empty-note">{t('care.mine.none')}</p>
      )}
      {records.data?.items.map((r) => (
        <Record key={r.id} record={r} onSaved={() => void records.refetch()} />
      ))}
    </div>
  );
}

function Record({ record, onSaved }: { record: MyCareRecord; onSaved: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const titleId = `care-${record.id}`;
  return (
    <section className="care-card" aria-labelledby={titleId}>
      <h2 id={titleId} className="section-title">
        {t(record.relation === 'self' ? 'care.mine.self' : 'care.mine.family', { name: record.name })}
      </h2>
      <p>{t('care.mine.kinds', { kinds: record.kinds.map((k) => kindName(t, k)).join('、') })}</p>
      {editing ? (
        <EditForm
          record={record}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved();
          }}
        />
      ) : (
        <>
          <p>{t('care.reasonLine', { reason: record.reason ?? t('care.mine.noReason') })}</p>
          {record.notes && <p>{t('care.notesLine', { notes: record.notes })}</p>}
          <p>
            {record.volunteers.length
              ? t('care.mine.volunteers', { names: record.volunteers.join('、') })
              : t('care.mine.noVolunteers')}
          </p>
          {record.volunteers.length > 0 && <p>{dueText(t, record)}</p>}
          <h3 className="section-title">{t('care.contacts.title')}</h3>
          <ContactList contacts={record.contacts} />
          <Button block size="large" onClick={() => setEditing(true)}>
            {t('care.mine.edit')}
          </Button>
        </>
      )}
    </section>
  );
}

interface ContactRow {
  id?: string;
  name: string;
  relation: string;
  phone: string;
}

/** Correcting the record: reason, notes and the whole list of emergency contacts. */
function EditForm({
  record,
  onSaved,
  onCancel,
}: {
  record: MyCareRecord;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmit();
  const [contacts, setContacts] = useState<ContactRow[]>(() =>
    record.contacts.map((c) => ({ id: c.id, name: c.name, relation: c.relation, phone: c.phone })),
  );
  const change = (i: number, field: keyof ContactRow, value: string) =>
    setContacts((list) => list.map((c, j) => (j === i ? { ...c, [field]: value } : c)));

  const save = (v: { reason?: string; notes?: string }) =>
    void run(async () => {
      // Rows left blank are dropped; the rest keep their place in the form for error messages.
      const kept = contacts.map((c, i) => ({ c, i })).filter(({ c }) => c.name.trim() || c.phone.trim());
      try {
        await patch(`/me/care/${record.id}`, {
          reason: v.reason ?? '',
          notes: v.notes ?? '',
          contacts: kept.map(({ c }) => ({
            ...(c.id ? { id: c.id } : {}),
            name: c.name.trim(),
            relation: c.relation.trim(),
            ...(c.phone.trim() ? { phone: c.phone.trim() } : {}),
          })),
        });
      } catch (err) {
        // The API names the contact (contacts.2.phone): say which one, as the form numbers them.
        const sent = err instanceof ApiError ? contactIndex(err.details) : null;
        const row = sent === null ? undefined : kept[sent];
        if (row && err instanceof ApiError)
          throw new ApiError(
            err.status,
            err.code,
            t('care.contacts.error', { n: row.i + 1, message: err.message }),
          );
        throw err;
      }
      Toast.show({ content: t('common.saved') });
      onSaved();
    });

  return (
    <Form
      form={form}
      name={`care-edit-${record.id}`}
      layout="vertical"
      className="care-form"
      initialValues={{ reason: record.reason ?? '', notes: record.notes ?? '' }}
      onFinish={save}
      footer={
        <>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <Button block type="submit" size="large" color="primary" loading={busy}>
              {t('common.save')}
            </Button>
            <Button block size="large" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      }
    >
      <Form.Item name="reason" label={t('care.mine.reason')}>
        <TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
      </Form.Item>
      <Form.Item name="notes" label={t('care.mine.notes')} description={t('care.mine.notesHint')}>
        <TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <fieldset className="care-contacts-edit">
        <legend>{t('care.contacts.title')}</legend>
        {contacts.map((c, i) => (
          <div
            key={c.id ?? `new-${i}`}
            className="care-contact-edit"
            role="group"
            aria-label={t('care.contacts.nth', { n: i + 1 })}
          >
            <label>
              <span>{t('care.contacts.name')}</span>
              <Input value={c.name} onChange={(v) => change(i, 'name', v)} maxLength={40} />
            </label>
            <label>
              <span>{t('care.contacts.relation')}</span>
              <Input value={c.relation} onChange={(v) => change(i, 'relation', v)} maxLength={20} />
            </label>
            <label>
              <span>{t('care.contacts.phone')}</span>
              <Input
                type="tel"
                inputMode="tel"
                value={c.phone}
                onChange={(v) => change(i, 'phone', v)}
                maxLength={20}
              />
            </label>
            <Button
              size="middle"
              fill="outline"
              onClick={() => setContacts((list) => list.filter((_, j) => j !== i))}
            >
              {t('care.contacts.remove', { n: i + 1 })}
            </Button>
          </div>
        ))}
        {contacts.length < maxContacts && (
          <Button
            block
            size="large"
            onClick={() => setContacts((list) => [...list, { name: '', relation: '', phone: '' }])}
          >
            {t('care.contacts.add')}
          </Button>
        )}
      </fieldset>
    </Form>
  );
}

/** The contact a field error names (contacts.2.phone → 2), or null. */
function contactIndex(details: unknown): number | null {
  if (!Array.isArray(details)) return null;
  for (const d of details as { field?: string }[]) {
    const m = /^contacts\.(\d+)\./.exec(d.field ?? '');
    if (m) return Number(m[1]);
  }
  return null;
}
