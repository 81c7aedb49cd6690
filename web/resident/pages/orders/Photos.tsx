import { useTranslation } from 'react-i18next';
import { fileUrl } from '../../../shared/upload';

/** Thumbnails of an order's photos; each opens the full picture. */
export function Photos({ communityId, ids, label }: { communityId: string; ids: string[]; label?: string }) {
  const { t } = useTranslation();
  if (!ids.length) return null;
  return (
    <ul className="photo-thumbs" aria-label={label ?? t('orders.photos.title')}>
      {ids.map((id, i) => (
        <li key={id}>
          <a href={fileUrl(communityId, id)} target="_blank" rel="noreferrer">
            <img
              src={fileUrl(communityId, id, 'thumb')}
              alt={t('orders.photos.open', { n: i + 1 })}
              loading="lazy"
              width={88}
              height={88}
            />
          </a>
        </li>
      ))}
    </ul>
  );
}
