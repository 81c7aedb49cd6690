import { ApiError } from '../../shared/api';

/** Files to and from the API: .xlsx downloads (export, template) and uploads (roster import). */

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function failure(res: Response, language: string): Promise<ApiError> {
  const data = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; details?: unknown };
  } | null;
  return new ApiError(
    res.status,
    data?.error?.code ?? 'unknown',
    data?.error?.message ?? (language === 'en' ? 'Something went wrong' : '出错了'),
    data?.error?.details,
  );
}

const networkError = (language: string) =>
  new ApiError(0, 'network', language === 'en' ? 'No connection; try again' : '网络连接失败，请重试');

/** The file name the server gave (RFC 5987 `filename*` first), else the fallback. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (utf8) return decodeURIComponent(utf8[1]!);
  const plain = /filename="([^"]+)"/i.exec(disposition ?? '');
  return plain ? plain[1]! : fallback;
}

/** GETs an API file and hands it to the browser as a download; an API error is thrown as ApiError. */
export async function downloadFile(path: string, fallbackName: string, language: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      credentials: 'same-origin',
      headers: { 'accept-language': language },
    });
  } catch {
    throw networkError(language);
  }
  if (!res.ok) throw await failure(res, language);
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** POSTs a file as the request body (the API checks its content); answers the JSON reply. */
export async function uploadFile<T>(
  path: string,
  file: File,
  csrfToken: string,
  language: string,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': xlsxType, 'x-csrf-token': csrfToken, 'accept-language': language },
      body: file,
    });
  } catch {
    throw networkError(language);
  }
  if (!res.ok) throw await failure(res, language);
  return (await res.json()) as T;
}
