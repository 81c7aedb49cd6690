import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from './api';
import sharedEn from './locales/en.json';
import sharedZh from './locales/zh-CN.json';

export type Language = 'zh-CN' | 'en';

/** The language to start in: the user's setting, else the browser's, else Chinese. */
export function initialLanguage(saved?: string | null): Language {
  if (saved === 'zh-CN' || saved === 'en') return saved;
  const stored = localStorage.getItem('gz-lang');
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Sets up i18next with the shared catalogue plus the shell's own. */
export function setupI18n(own: { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> }) {
  const resources: Resource = {
    'zh-CN': { translation: { ...sharedZh, ...own['zh-CN'] } },
    en: { translation: { ...sharedEn, ...own.en } },
  };
  const lng = initialLanguage();
  setApiLanguage(lng);
  document.documentElement.lang = lng;
  void i18next
    .use(initReactI18next)
    .init({ resources, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i18next;
}

export async function changeLanguage(lng: Language) {
  localStorage.setItem('gz-lang', lng);
  setApiLanguage(lng);
  document.documentElement.lang = lng;
  await i18next.changeLanguage(lng);
}

/** Dates and times as people here read them: Asia/Shanghai, whatever the device's zone. */
export function formatDateTime(ms: number, lng: string): string {
  return new Intl.DateTimeFormat(lng, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

/** Large-text mode (适老化) is a class on <html> that the shells' styles key on. */
export function applyLargeText(on: boolean) {
  document.documentElement.classList.toggle('large-text', on);
  localStorage.setItem('gz-large-text', on ? '1' : '0');
}
export function initialLargeText(): boolean {
  return localStorage.getItem('gz-large-text') === '1';
}
