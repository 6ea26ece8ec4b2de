/**
 * Dates and times as offices write them, in China Standard Time whatever the server's zone
 * (China has one zone and no daylight saving): `2026-11-22` and `2026-11-22 21:30`.
 */
const format = (at: Date | string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', ...options }).format(new Date(at));

export const chinaDate = (at: Date | string) => format(at, { year: 'numeric', month: '2-digit', day: '2-digit' });

export const chinaDateTime = (at: Date | string) =>
  format(at, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** `21:30` */
export const chinaClock = (at: Date | string) => format(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Blank for a moment that has not happened: what a ledger cell shows. */
export const chinaDateTimeOrBlank = (at: Date | string | null) => (at ? chinaDateTime(at) : '');
