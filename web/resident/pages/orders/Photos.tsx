import { useTranslation } from 'react-i18next';
import { fileUrl } from '../../../shared/upload';

/**
 * Thumbnails of an order's photos; each opens the full picture. `url` says where a photo is served
 * when not from the community's files (the public results board serves its own, without a session).
 */
export function Photos({
  communityId,
  ids,
  label,
  url = (id, size) => fileUrl(communityId, id, size),
}: {
  communityId: string;
  ids: string[];
  label?: string;
  url?: (fileId: string, size: 'full' | 'thumb') => string;
}) {
  const { t } = useTranslation();
  if (!ids.length) return null;
  return (
    <ul className="photo-thumbs" aria-label={label ?? t('orders.photos.title')}>
      {ids.map((id, i) => (
        <li key={id}>
          <a href={url(id, 'full')} target="_blank" rel="noreferrer">
            <img
              src={url(id, 'thumb')}
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
