import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../shared/api';
import { downloadFile } from './files';

/**
 * 导出 Excel: the list at `path` (below /api/v1) with the filters in `params`, every page of it, as an
 * .xlsx file. The server fetches the list with the user's session, so it holds what the user may see.
 */
export function ExportButton({ path, params }: { path: string; params: URLSearchParams }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function download() {
    const query = new URLSearchParams(params);
    query.delete('page');
    query.delete('pageSize');
    query.set('path', path);
    setBusy(true);
    try {
      const name = await downloadFile(`/export?${query}`, 'export.xlsx', i18n.language);
      message.success(t('export.done', { name }));
    } catch (err) {
      message.error(t('export.failed', { message: errorText(err, t) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button loading={busy} onClick={() => void download()}>
      {t('export.button')}
    </Button>
  );
}
