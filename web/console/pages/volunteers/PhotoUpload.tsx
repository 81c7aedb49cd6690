import { App, Button, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../shared/api';
import { fileUrl, uploadFile, type UploadedFile } from '../../../shared/upload';
import { useScope } from '../../components/scope';

/**
 * Photos uploaded at once as they are chosen (an activity's cover, its photos afterwards): the form
 * gets the stored files' ids. `value` lists photos already stored, shown as thumbnails.
 */
export function PhotoUpload({
  id,
  value,
  onChange,
  max = 9,
}: {
  id?: string;
  value?: string[];
  onChange?: (ids: string[]) => void;
  max?: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { community } = useScope();
  const [files, setFiles] = useState<UploadFile<UploadedFile>[]>(() =>
    (value ?? []).map((fileId) => ({
      uid: fileId,
      name: fileId,
      status: 'done',
      url: fileUrl(community!.id, fileId),
      thumbUrl: fileUrl(community!.id, fileId, 'thumb'),
      response: { id: fileId } as UploadedFile,
    })),
  );
  const idsOf = (list: UploadFile<UploadedFile>[]) =>
    list.flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));
  return (
    <Upload<UploadedFile>
      id={id}
      accept="image/jpeg,image/png,image/webp"
      listType="picture"
      multiple={max > 1}
      maxCount={max}
      fileList={files}
      onChange={({ fileList }) => {
        setFiles(fileList);
        onChange?.(idsOf(fileList));
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        uploadFile(community!.id, file as File, (f) => onProgress?.({ percent: Math.round(f * 100) }))
          .then((stored) => onSuccess?.(stored))
          .catch((err: unknown) => {
            message.error(errorText(err, t));
            onError?.(err as Error);
          });
      }}
    >
      <Button>{t(max > 1 ? 'vol.photos.add' : 'vol.photos.choose')}</Button>
    </Upload>
  );
}

/** The cover photo field: one photo, its id or null. */
export function CoverInput({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string | null;
  onChange?: (id: string | null) => void;
}) {
  return (
    <PhotoUpload
      id={id}
      max={1}
      value={value ? [value] : []}
      onChange={(ids) => onChange?.(ids[0] ?? null)}
    />
  );
}
