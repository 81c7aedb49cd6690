import { Button, Form, TextArea } from 'antd-mobile';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../../shared/api';
import { formatDateTime } from '../../../shared/i18n';
import { categoryName } from '../../../shared/orders';
import { useSubmit } from '../../../shared/useSubmit';
import { useCategories } from '../orders/data';
import { Photos } from '../orders/Photos';
import type { Contact, ContactLog } from './data';

/** Pieces the care pages on the phone share: big choices, emergency contacts, logs, need → order. */

/**
 * One choice among a few, as large buttons (a radio group): easier on a phone, and in large-text
 * mode, than small radio circles. The chosen one says so with a mark, not colour alone.
 */
export function Choices<T extends string>({
  id,
  value,
  onChange,
  options,
  label,
}: {
  id?: string;
  value?: T;
  onChange?: (value: T) => void;
  options: { value: T; label: string }[];
  label: string;
}) {
  return (
    <div id={id} className="care-choices" role="radiogroup" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          className={`care-choice${value === o.value ? ' chosen' : ''}`}
          onClick={() => onChange?.(o.value)}
        >
          {value === o.value && <span aria-hidden>✓ </span>}
          {o.label}
        </button>
      ))}
    </div>
  );
}

/**
 * Emergency contacts. `reveal` fetches a masked number whole (audited) to call it; without it the
 * numbers are shown as they came (whole, for the person themself and their family).
 */
export function ContactList({
  contacts,
  reveal,
}: {
  contacts: Contact[];
  reveal?: (contactId: string) => string;
}) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState<Record<string, string>>({});
  const { error, run } = useSubmit();
  if (!contacts.length) return <p className="hint">{t('care.contacts.none')}</p>;
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul className="care-list">
        {contacts.map((c) => {
          const phone = whole[c.id] ?? (reveal ? null : c.phone);
          return (
            <li key={c.id} className="care-row static">
              <span className="care-row-main">
                <span className="care-row-title">
                  {c.name}（{c.relation}）
                </span>
                <span>{phone ?? c.phone}</span>
                {c.family && <span className="hint">{t('care.contacts.family')}</span>}
              </span>
              {phone ? (
                <a className="care-call" href={`tel:${phone}`}>
                  <span aria-hidden>☎ </span>
                  {t('care.contacts.call', { name: c.name })}
                </a>
              ) : (
                <Button
                  size="middle"
                  onClick={() =>
                    void run(async () => {
                      const got = await get<{ phone: string }>(reveal!(c.id));
                      setWhole((w) => ({ ...w, [c.id]: got.phone }));
                    })
                  }
                >
                  {t('care.contacts.show', { name: c.name })}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** A contact logged: when, who, how they were, what they need; its photos; the order it became. */
export function LogEntry({
  log,
  communityId,
  children,
}: {
  log: ContactLog;
  communityId: string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  return (
    <article className="care-log" aria-label={formatDateTime(log.contactedAt, i18n.language)}>
      <p className="care-log-head">
        <strong>{t(`care.contactKind.${log.kind}`)}</strong>
        <span>{formatDateTime(log.contactedAt, i18n.language)}</span>
        <span>{log.authorName}</span>
      </p>
      <p className={log.wellbeing === 'poor' || log.wellbeing === 'not_reached' ? 'care-late' : ''}>
        {log.wellbeing === 'poor' || log.wellbeing === 'not_reached' ? '⚠ ' : ''}
        {t(`care.wellbeing.${log.wellbeing}`)}
      </p>
      {log.needs && <p>{t('care.log.needsLine', { needs: log.needs })}</p>}
      {log.note && <p>{log.note}</p>}
      <Photos communityId={communityId} ids={log.photoIds} />
      {log.orderId && <p className="care-ok">✓ {t('care.order.made')}</p>}
      {children}
    </article>
  );
}

export interface OrderInput {
  categoryId: string;
  description?: string;
  urgency?: 'normal' | 'urgent';
}

/** 转为服务订单: the kind of help, what exactly (the needs found, unless changed), how urgent. */
export function ToOrderForm({
  communityId,
  found,
  onSubmit,
  onCancel,
}: {
  communityId: string;
  found: string;
  onSubmit: (input: OrderInput) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const categories = useCategories(communityId);
  const { busy, error, run } = useSubmit();
  return (
    <Form
      name="to-order"
      layout="vertical"
      className="care-form"
      initialValues={{ description: found, urgency: 'normal' }}
      onFinish={(v: { categoryId: string; description: string; urgency: 'normal' | 'urgent' }) =>
        void run(async () => {
          await onSubmit({
            categoryId: v.categoryId,
            description: v.description.trim() || undefined,
            urgency: v.urgency,
          });
        })
      }
      footer={
        <>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <Button block type="submit" size="large" color="primary" loading={busy}>
              {t('care.order.submit')}
            </Button>
            <Button block size="large" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      }
    >
      <Form.Item
        name="categoryId"
        label={t('care.order.category')}
        rules={[{ required: true, message: t('care.order.categoryRequired') }]}
      >
        <Choices
          label={t('care.order.category')}
          options={(categories.data?.items ?? []).map((c) => ({
            value: c.id,
            label: categoryName(c, i18n.language),
          }))}
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('care.order.description')}
        rules={[{ required: true, whitespace: true, message: t('care.order.descriptionRequired') }]}
      >
        <TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
      </Form.Item>
      <Form.Item name="urgency" label={t('care.order.urgency')}>
        <Choices
          label={t('care.order.urgency')}
          options={[
            { value: 'normal', label: t('care.order.normal') },
            { value: 'urgent', label: t('care.order.urgent') },
          ]}
        />
      </Form.Item>
    </Form>
  );
}
