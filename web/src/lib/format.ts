import dayjs from 'dayjs';

export const formatDateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '');

export const isFuture = (iso: string | null | undefined) => (iso ? dayjs(iso).isAfter(dayjs()) : false);
