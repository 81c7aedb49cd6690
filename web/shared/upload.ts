import i18next from 'i18next';
import { ApiError, get, requestHeaders } from './api';

/** A stored upload, as POST /communities/:id/files answers (src/modules/files/routes.ts). */
export interface UploadedFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  hasThumb: boolean;
  createdAt: number;
}

/** Where to show an uploaded file (the session cookie goes along; `thumb` for the small version). */
export function fileUrl(communityId: string, fileId: string, size: 'full' | 'thumb' = 'full'): string {
  return `/api/v1/communities/${communityId}/files/${fileId}${size === 'thumb' ? '?size=thumb' : ''}`;
}

/** What the server accepts (GET /files/limits). */
export interface UploadLimits {
  maxBytes: number;
  maxMb: number;
}

let limits: Promise<UploadLimits | null> | null = null;

/** The server's limits, asked once per page; null when it cannot say (the server still checks). */
export function uploadLimits(): Promise<UploadLimits | null> {
  limits ??= get<UploadLimits>('/files/limits').catch(() => {
    limits = null;
    return null;
  });
  return limits;
}

/**
 * Uploads one photo or PDF into a community, reporting progress (0 to 1) on slow phone networks.
 * Attach the returned id to the record you create next. Failures reject with an ApiError carrying
 * the server's message in the user's language (too large, wrong type). A file over the server's
 * limit is refused here, before a byte is sent: the server would cut the upload off early, which a
 * phone may show as a dropped connection rather than as the reason.
 */
export async function uploadFile(
  communityId: string,
  file: Blob,
  onProgress?: (fraction: number) => void,
): Promise<UploadedFile> {
  const limit = await uploadLimits();
  if (limit && file.size > limit.maxBytes)
    throw new ApiError(
      413,
      'files.too_large',
      i18next.t('upload.tooLarge', { size: (file.size / (1024 * 1024)).toFixed(1), max: limit.maxMb }),
    );
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/communities/${communityId}/files`);
    xhr.withCredentials = true;
    const headers = requestHeaders();
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    if (onProgress)
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
    xhr.onload = () => {
      if (xhr.status === 201) {
        onProgress?.(1);
        resolve(xhr.response as UploadedFile);
        return;
      }
      const error = (xhr.response as { error?: { code: string; message: string; details?: unknown } } | null)
        ?.error;
      reject(
        new ApiError(xhr.status, error?.code ?? 'unknown', error?.message ?? xhr.statusText, error?.details),
      );
    };
    xhr.onerror = () =>
      reject(
        new ApiError(
          0,
          'network',
          headers['accept-language'] === 'en' ? 'No connection; try again' : '网络连接失败，请重试',
        ),
      );
    const form = new FormData();
    form.append('file', file, file instanceof File ? file.name : 'upload');
    xhr.send(form);
  });
}
