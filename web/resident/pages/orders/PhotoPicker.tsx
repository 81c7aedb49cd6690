import { Button } from 'antd-mobile';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api';
import { uploadFile } from '../../../shared/upload';

/**
 * Photos for an order or a progress note: taken with the camera or chosen from the album, each
 * uploaded at once with its progress shown, previewed as a thumbnail, removable, and retried when a
 * flaky network drops it. The record made afterwards carries the uploaded ids.
 */

export const maxPhotos = 9;

interface Photo {
  key: string;
  /** A small copy drawn on the phone (data: URL), shown while the upload runs; null until drawn. */
  preview: string | null;
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  file: File;
  id?: string;
  error?: string;
}

/**
 * A thumbnail drawn on the phone, upright as the camera meant it: small, so nine of them cost little
 * memory, and a data: URL, which the page's content policy allows for pictures.
 */
async function thumbnailOf(file: File): Promise<string | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 240 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.8);
  } catch {
    return null;
  }
}

/** `max`: how many photos the record takes (orders take nine; some records fewer). */
export function usePhotoUploads(communityId: string | undefined, max: number = maxPhotos) {
  const { t } = useTranslation();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const latest = useRef(photos);
  useEffect(() => {
    latest.current = photos;
  });

  const update = (key: string, change: Partial<Photo>) =>
    setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  function send(photo: Photo) {
    if (!communityId) return;
    update(photo.key, { status: 'uploading', progress: 0, error: undefined });
    uploadFile(communityId, photo.file, (progress) => update(photo.key, { progress }))
      .then((stored) => update(photo.key, { status: 'done', progress: 1, id: stored.id }))
      .catch((err: unknown) => update(photo.key, { status: 'failed', error: errorText(err, t) }));
  }

  function add(files: FileList | null) {
    const room = max - latest.current.length;
    const chosen = Array.from(files ?? []).slice(0, Math.max(room, 0));
    const added = chosen.map((file) => ({
      key: `${Date.now()}-${Math.random().toString(36).slice(2)}`,
      preview: null,
      progress: 0,
      status: 'uploading' as const,
      file,
    }));
    setPhotos((list) => [...list, ...added]);
    for (const photo of added) {
      send(photo);
      void thumbnailOf(photo.file).then((preview) => update(photo.key, { preview }));
    }
  }

  return {
    photos,
    max,
    add,
    remove: (key: string) => setPhotos((list) => list.filter((p) => p.key !== key)),
    retry: (key: string) => {
      const photo = latest.current.find((p) => p.key === key);
      if (photo) send(photo);
    },
    ids: photos.flatMap((p) => (p.status === 'done' && p.id ? [p.id] : [])),
    busy: photos.some((p) => p.status === 'uploading'),
    failed: photos.some((p) => p.status === 'failed'),
  };
}

export type PhotoUploads = ReturnType<typeof usePhotoUploads>;

const Glyph = ({ d }: { d: string }) => (
  <svg
    viewBox="0 0 24 24"
    width="22"
    height="22"
    aria-hidden
    focusable="false"
    fill="none"
    stroke="currentColor"
    strokeWidth={1.8}
    strokeLinecap="round"
    strokeLinejoin="round"
  >
    <path d={d} />
  </svg>
);

export function PhotoPicker({ uploads, label }: { uploads: PhotoUploads; label: string }) {
  const { t } = useTranslation();
  const id = useId();
  const full = uploads.photos.length >= uploads.max;
  return (
    <fieldset className="photo-picker">
      <legend>{label}</legend>
      {uploads.photos.length > 0 && (
        <ul className="photo-list">
          {uploads.photos.map((p, i) => (
            <li key={p.key} className={`photo-item ${p.status}`}>
              {p.preview ? (
                <img src={p.preview} alt={t('orders.photos.preview', { n: i + 1 })} />
              ) : (
                <span className="photo-placeholder">{t('orders.photos.preview', { n: i + 1 })}</span>
              )}
              {p.status === 'uploading' && (
                <progress
                  max={1}
                  value={p.progress}
                  aria-label={t('orders.photos.uploading', { n: i + 1 })}
                />
              )}
              <span className="photo-status" aria-live="polite">
                {p.status === 'uploading'
                  ? t('orders.photos.percent', { percent: Math.round(p.progress * 100) })
                  : p.status === 'done'
                    ? `✓ ${t('orders.photos.done')}`
                    : `⚠ ${p.error ?? ''}`}
              </span>
              <span className="photo-actions">
                {p.status === 'failed' && (
                  <Button size="mini" onClick={() => uploads.retry(p.key)}>
                    {t('orders.photos.retry')}
                  </Button>
                )}
                <Button
                  size="mini"
                  fill="outline"
                  aria-label={t('orders.photos.remove', { n: i + 1 })}
                  onClick={() => uploads.remove(p.key)}
                >
                  {t('orders.photos.removeShort')}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="hint">{t('orders.photos.full', { max: uploads.max })}</p>
      ) : (
        <div className="photo-buttons">
          <input
            id={`${id}-camera`}
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(e) => {
              uploads.add(e.target.files);
              e.target.value = '';
            }}
          />
          <label htmlFor={`${id}-camera`} className="photo-button">
            <Glyph d="M3 8h4l2-3h6l2 3h4v11H3zM12 10a3.5 3.5 0 1 1 0 7 3.5 3.5 0 0 1 0-7z" />
            {t('orders.photos.take')}
          </label>
          <input
            id={`${id}-album`}
            className="visually-hidden"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            onChange={(e) => {
              uploads.add(e.target.files);
              e.target.value = '';
            }}
          />
          <label htmlFor={`${id}-album`} className="photo-button">
            <Glyph d="M3 5h18v14H3zM3 16l5-5 4 4 3-3 6 6M15.5 8.5h.01" />
            {t('orders.photos.choose')}
          </label>
        </div>
      )}
      <p className="hint">{t('orders.photos.hint', { max: uploads.max })}</p>
    </fieldset>
  );
}
