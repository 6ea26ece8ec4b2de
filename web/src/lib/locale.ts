import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '@meshwork/contracts';

export const LOCALE_STORAGE_KEY = 'meshwork.locale';
export const defaultLocale: Locale = 'zh-CN';

export const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);

/** The current UI locale in the contracts' terms, for enum labels (`role.label(v, locale)`). */
export function useLocale(): Locale {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return isLocale(language) ? language : defaultLocale;
}
