import { useTranslation } from 'react-i18next';
import { dayPeriod, type DayPeriod } from '@meshwork/contracts';
import { useLocale } from './locale';

/**
 * When a member can serve, as enrolment collects it and allocation reads it: ISO weekdays
 * (1 = Monday) and parts of the day; an empty list means any.
 */
export function useAvailability() {
  const { t } = useTranslation();
  const locale = useLocale();
  const weekdays = t('common.weekdays', { returnObjects: true });
  const join = (labels: string[]) => (labels.length ? labels.join('、') : t('common.anyTime'));
  return {
    dayOptions: weekdays.map((label, i) => ({ value: i + 1, label })),
    periodOptions: dayPeriod.values.map((value) => ({ value, label: dayPeriod.label(value, locale) })),
    days: (days: readonly number[]) => join([...days].sort((a, b) => a - b).map((d) => weekdays[d - 1] ?? String(d))),
    periods: (periods: readonly DayPeriod[]) => join(dayPeriod.values.filter((p) => periods.includes(p)).map((p) => dayPeriod.label(p, locale))),
  };
}
