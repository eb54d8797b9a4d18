// undefined = the browser's locale: dates and numbers follow the user's settings, whatever the message language.
const LOCALE: string | undefined = undefined;

/** Dates in the user's locale (Intl), ISO strings from the API. */
export function formatDateTime(iso?: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(iso?: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function formatNumber(n?: number | null): string {
  if (n === undefined || n === null) return '–';
  return new Intl.NumberFormat(LOCALE).format(n);
}

/** The yyyy-mm-dd of an ISO instant, for a date input (UTC, as the API reads a date as the start of that day UTC). */
export function isoDay(iso?: string | null): string {
  if (!iso) return '';
  return iso.length >= 10 ? iso.slice(0, 10) : iso;
}

export function userLabel(u: { firstName?: string; lastName?: string; username?: string; email?: string }): string {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
  return name || u.username || u.email || '';
}

export function domainLabel(d: { type?: string; name?: string; identifier?: string }): string {
  return `${d.name ?? ''} (${d.type ?? ''} ${d.identifier ?? ''})`.trim();
}
