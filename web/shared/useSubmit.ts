import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from './api';

/** A form's submit: busy while it runs, and the server's message (in the user's language) if it fails. */
export function useSubmit() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
