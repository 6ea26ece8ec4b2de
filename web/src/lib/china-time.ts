import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Shifts are planned in China Standard Time (the schedule's `HH:mm` are Beijing time), so they
 * are shown in it too, whatever zone the browser is in; China keeps no daylight saving.
 */
export const inChina = (iso: string | Date = new Date()): Dayjs => dayjs(iso).utcOffset(480);

export const chinaDay = (iso: string) => inChina(iso).format('YYYY-MM-DD');

export const todayInChina = () => inChina().format('YYYY-MM-DD');

/** `11-24 07:00–12:00`, or with the end's date when the shift runs overnight. */
export function shiftWindow(shift: { startsAt: string; endsAt: string }): string {
  const start = inChina(shift.startsAt);
  const end = inChina(shift.endsAt);
  return `${start.format('MM-DD HH:mm')}–${end.format(end.isSame(start, 'day') ? 'HH:mm' : 'MM-DD HH:mm')}`;
}

export const clock = (iso: string) => inChina(iso).format('HH:mm');
