export type Locale = 'zh-CN' | 'zh-TW' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'zh-TW', 'en'];

export type Labels<K extends string> = Record<K, Record<Locale, string>>;

/** Enum values with their labels in every locale; the values are what the API and database use. */
export function labelled<const K extends string>(labels: Labels<K>) {
  const values = Object.keys(labels) as [K, ...K[]];
  return { values, labels, label: (value: K, locale: Locale = 'zh-CN') => labels[value][locale] };
}
