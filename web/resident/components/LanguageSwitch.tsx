import { useQueryClient } from '@tanstack/react-query';
import { Selector } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { patch } from '../../shared/api';
import { changeLanguage, type Language } from '../../shared/i18n';
import { useMe } from '../../shared/session';

/** 中文 / English, remembered on the account when logged in and on the device otherwise. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  async function choose(lng: Language) {
    await changeLanguage(lng);
    if (me.data) {
      await patch('/auth/me', { locale: lng });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
    }
  }
  return (
    <div className="setting" role="group" aria-label={t('settings.language')}>
      <span className="setting-label" aria-hidden>
        {t('settings.language')}
      </span>
      <Selector
        columns={2}
        value={[i18n.language]}
        onChange={(v) => v[0] && void choose(v[0] as Language)}
        options={[
          { label: '中文', value: 'zh-CN' },
          { label: 'English', value: 'en' },
        ]}
      />
    </div>
  );
}
