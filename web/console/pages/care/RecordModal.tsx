import { Button, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api';
import { HouseholdPicker, PersonPicker } from '../../components/places';
import { useScope } from '../../components/scope';
import { careBase, useCareSettings, type RecordDetail } from './model';
import { SubmitModal } from './SubmitModal';

/** The API keeps up to six emergency contacts per person. */
const maxContacts = 6;

interface ContactRow {
  id?: string;
  name?: string;
  relation?: string;
  phone?: string;
  /** The kept contact's number as the API showed it (masked), for the placeholder. */
  shown?: string;
}

interface Values {
  personId?: string;
  householdId?: string;
  kinds: string[];
  reason?: string;
  notes?: string;
  contacts?: ContactRow[];
}

/**
 * 新增 / 编辑关爱对象: who, where (their current home unless a household is named), the kinds and the
 * reason, notes for whoever visits, and the emergency contacts. A kept contact keeps its number
 * unless a new one is typed (the number is shown masked).
 */
export function RecordModal({
  record,
  open,
  onClose,
  onSaved,
}: {
  /** null: a new record. */
  record: RecordDetail | null;
  open: boolean;
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { community } = useScope();
  const settings = useCareSettings();

  async function submit(v: Values) {
    const contacts = (v.contacts ?? []).map((c) => ({
      ...(c.id ? { id: c.id } : {}),
      name: c.name?.trim() ?? '',
      relation: c.relation?.trim() ?? '',
      ...(c.phone?.trim() ? { phone: c.phone.trim() } : {}),
    }));
    const body = {
      kinds: v.kinds,
      reason: v.reason ?? '',
      notes: v.notes ?? '',
      contacts,
      ...(v.householdId ? { householdId: v.householdId } : {}),
    };
    const base = `${careBase(community!.id)}/care/records`;
    const saved = record
      ? await api<RecordDetail>('PATCH', `${base}/${record.id}`, body)
      : await api<RecordDetail>('POST', base, { ...body, personId: v.personId });
    onSaved?.(saved.id);
  }

  const initial: Partial<Values> = record
    ? {
        kinds: record.kinds,
        reason: record.reason ?? '',
        notes: record.notes ?? '',
        contacts: record.contacts.map((c) => ({
          id: c.id,
          name: c.name,
          relation: c.relation,
          phone: '',
          shown: c.phone,
        })),
      }
    : { kinds: [], contacts: [] };

  return (
    <SubmitModal<Values>
      name="care-record"
      title={record ? t('care.record.editTitle', { name: record.name }) : t('care.record.newTitle')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      initialValues={initial}
      errorFields={{ care_record_exists: 'personId', care_kind_unknown: 'kinds' }}
      width={720}
    >
      {!record && (
        <Form.Item
          name="personId"
          label={t('care.record.person')}
          extra={t('care.record.personHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <PersonPicker />
        </Form.Item>
      )}
      <Form.Item name="householdId" label={t('care.record.household')} extra={t('care.record.householdHint')}>
        <HouseholdPicker />
      </Form.Item>
      <Form.Item
        name="kinds"
        label={t('care.record.kinds')}
        rules={[{ required: true, message: t('care.record.kindsRequired') }]}
      >
        <Select
          mode="multiple"
          loading={settings.isPending}
          options={(settings.data?.kinds ?? []).map((k) => ({
            value: k.code,
            label: i18n.language === 'en' ? k.nameEn : k.nameZh,
          }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('care.record.reason')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="notes" label={t('care.record.notes')} extra={t('care.record.notesHint')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <ContactsFields />
    </SubmitModal>
  );
}

/** The emergency contacts, one group of fields each; a kept contact's number may stay blank. */
function ContactsFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  return (
    <fieldset className="care-fieldset">
      <legend>{t('care.contacts.title')}</legend>
      <Form.List name="contacts">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, i) => {
              const shown = form.getFieldValue(['contacts', row.name, 'shown']) as string | undefined;
              return (
                <div
                  key={row.key}
                  className="care-contact-row"
                  role="group"
                  aria-label={t('care.contacts.nth', { n: i + 1 })}
                >
                  <Form.Item
                    name={[row.name, 'name']}
                    label={t('care.contacts.name')}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                  >
                    <Input maxLength={40} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'relation']}
                    label={t('care.contacts.relation')}
                    rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                  >
                    <Input maxLength={20} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'phone']}
                    label={t('care.contacts.phone')}
                    extra={shown ? t('care.contacts.keepPhone', { phone: shown }) : undefined}
                    rules={shown ? [] : [{ required: true, whitespace: true, message: t('common.required') }]}
                  >
                    <Input inputMode="tel" maxLength={20} placeholder={shown} />
                  </Form.Item>
                  <Button
                    onClick={() => remove(row.name)}
                    aria-label={t('care.contacts.remove', { n: i + 1 })}
                  >
                    {t('care.contacts.removeShort')}
                  </Button>
                </div>
              );
            })}
            <Button
              disabled={rows.length >= maxContacts}
              onClick={() => add({ name: '', relation: '', phone: '' })}
            >
              {t('care.contacts.add')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
