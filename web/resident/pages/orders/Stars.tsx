import { Button, Form, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../../../shared/useSubmit';

/** 1 to 5 stars as large buttons, each saying what it means (很不满意 … 非常满意), not by colour alone. */
export function Stars({ value, onChange }: { value: number | null; onChange: (rating: number) => void }) {
  const { t } = useTranslation();
  return (
    <div className="stars" role="radiogroup" aria-label={t('orders.rate.stars')}>
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
          aria-label={t('orders.rate.starLabel', { n, text: t(`order.stars.${n}`) })}
          className={`star${value !== null && n <= value ? ' on' : ''}`}
          onClick={() => onChange(n)}
        >
          <span aria-hidden>{value !== null && n <= value ? '★' : '☆'}</span>
        </button>
      ))}
      <p className="stars-text" aria-live="polite">
        {value
          ? t('orders.rate.chosen', { n: value, text: t(`order.stars.${value}`) })
          : t('orders.rate.choose')}
      </p>
    </div>
  );
}

/** A rating given, as stars and words. */
export function RatingText({ rating }: { rating: number }) {
  const { t } = useTranslation();
  return (
    <span className="rating-text">
      <span aria-hidden>{'★'.repeat(rating) + '☆'.repeat(5 - rating)} </span>
      {t('orders.rate.chosen', { n: rating, text: t(`order.stars.${rating}`) })}
    </span>
  );
}

/**
 * Rate an outcome: 1–5 stars in words and a comment if wished. Orders (confirm the work) and topics (暖民心)
 * share it; `texts` names their catalogue (`orders.rate`, `topics.rate`) for title, intro, submit and placeholder.
 */
export function RateForm({
  texts,
  onDone,
}: {
  texts: 'orders.rate' | 'topics.rate';
  onDone: (rating: number, comment: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [rating, setRating] = useState<number | null>(null);
  const [missing, setMissing] = useState(false);
  const { busy, error, run } = useSubmit();
  return (
    <section className="step-panel" aria-labelledby="rate-title">
      <h2 id="rate-title" className="section-title">
        {t(`${texts}.title`)}
      </h2>
      <p>{t(`${texts}.intro`)}</p>
      <Stars
        value={rating}
        onChange={(n) => {
          setRating(n);
          setMissing(false);
        }}
      />
      {missing && (
        <p className="form-error" role="alert">
          {t('orders.rate.choose')}
        </p>
      )}
      <Form
        name="rate"
        layout="vertical"
        onFinish={(v: { comment?: string }) => {
          if (!rating) return setMissing(true);
          void run(() => onDone(rating, v.comment?.trim() ?? ''));
        }}
        footer={
          <>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <Button block type="submit" size="large" color="primary" loading={busy}>
              {t(`${texts}.submit`)}
            </Button>
          </>
        }
      >
        <Form.Item name="comment" label={t('orders.rate.comment')}>
          <TextArea
            placeholder={t(`${texts}.commentPlaceholder`)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={500}
            showCount
          />
        </Form.Item>
      </Form>
    </section>
  );
}
