import { useTranslation } from 'react-i18next';

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
