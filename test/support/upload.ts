import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Client } from './client';

/** A multipart/form-data body with one file part, as a browser's FormData would send it. */
export function multipart(
  data: Buffer,
  { field = 'file', name = 'photo.jpg', type = 'image/jpeg' } = {},
): { payload: Buffer; contentType: string } {
  const boundary = `----gongzhi${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\n` +
      `Content-Type: ${type}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** POSTs a file to /communities/:communityId/files as `client`; the response as it came. */
export function upload(
  client: Client,
  communityId: string,
  data: Buffer,
  options: { field?: string; name?: string; type?: string } = {},
) {
  const { payload, contentType } = multipart(data, options);
  return client.request('POST', `/api/v1/communities/${communityId}/files`, payload, {
    'content-type': contentType,
  });
}

/** A plain photo of the given size, for tests that need any image. */
export function testPhoto(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#4a7' } })
    .jpeg()
    .toBuffer();
}
