import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import { locales, type Locale } from '@meshwork/contracts';
import { defaultLocale, isLocale, LOCALE_STORAGE_KEY } from '@/lib/locale';
import { zhCN } from './zh-CN';
import { zhTW } from './zh-TW';
import { en } from './en';

export const resources = {
  'zh-CN': { translation: zhCN },
  'zh-TW': { translation: zhTW },
  en: { translation: en },
} satisfies Record<Locale, unknown>;

const dayjsLocale: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : defaultLocale;
  } catch {
    // Storage can be off (private modes, policies); the default is then the only choice.
    return defaultLocale;
  }
}

function apply(locale: string) {
  if (!isLocale(locale)) return;
  document.documentElement.lang = locale;
  document.title = i18n.t('app.name', { lng: locale });
  dayjs.locale(dayjsLocale[locale]);
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    /* see storedLocale */
  }
}

i18n.on('languageChanged', apply);

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLocale(),
  fallbackLng: defaultLocale,
  supportedLngs: locales,
  interpolation: { escapeValue: false },
  initAsync: false,
});

export { i18n };
