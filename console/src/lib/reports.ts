// Pure helpers of the reports screen (GET /reports/activity, /reports/daily-active).

export interface ReportFilter {
  /** The report's domain by id (the API's domainId). */
  domainId: string;
  /** A Keycloak client id, or '' for all applications. */
  application: string;
  /** Days of the daily-active trend; '' for the API's default (the active period). */
  days: string;
  /** Which path counts the activity report: '' for the API's default (auto), 'live' or 'snapshot'. */
  source?: ReportSourceChoice;
}

export type ReportSourceChoice = '' | 'live' | 'snapshot';
export const REPORT_SOURCES: ReportSourceChoice[] = ['', 'live', 'snapshot'];

export interface DayRow {
  day: string;
  application: string;
  activeUsers: number;
}

function domainAndApplication(f: ReportFilter): Record<string, string | undefined> {
  return { domainId: f.domainId || undefined, application: f.application || undefined };
}

/** The query of /reports/activity for a filter (the trend's days do not apply to it). */
export function activityQuery(f: ReportFilter): Record<string, string | undefined> {
  const q = domainAndApplication(f);
  if (f.source) q.source = f.source;
  return q;
}

/** The query of /reports/daily-active for a filter (always live: the route takes no source, and refuses one). */
export function dailyQuery(f: ReportFilter): Record<string, string | undefined> {
  return { ...domainAndApplication(f), days: f.days || undefined };
}

/** What an activity report says about where its numbers come from (`source`, `asOf` of GET /reports/activity). */
export type SourceLine = { key: 'reports.sourceLive' } | { key: 'reports.sourceSnapshot'; asOf: string };

/** The line shown with the figures: counted live (also an answer without `source`), or from the snapshot taken at `asOf`. */
export function sourceLine(a: { source?: string | null; asOf?: string | null }): SourceLine {
  return a.source === 'snapshot' ? { key: 'reports.sourceSnapshot', asOf: a.asOf ?? '' } : { key: 'reports.sourceLive' };
}

export interface Trend {
  /** The days with logins, oldest first (yyyy-mm-dd). */
  days: string[];
  /** The applications, "*" (all applications, each user once a day) last. */
  applications: string[];
  /** activeUsers of day and application; absent = no logins. */
  value: (day: string, application: string) => number | undefined;
  max: number;
}

/** Pivots the API's rows (one per day and application) into a days × applications table. */
export function pivotTrend(rows: readonly DayRow[]): Trend {
  const cells = new Map<string, number>();
  const days = new Set<string>();
  const apps = new Set<string>();
  let max = 0;
  for (const r of rows) {
    cells.set(r.day + '\u0000' + r.application, r.activeUsers);
    days.add(r.day);
    apps.add(r.application);
    max = Math.max(max, r.activeUsers);
  }
  const applications = [...apps].filter((a) => a !== '*').sort();
  if (apps.has('*')) applications.push('*');
  return {
    days: [...days].sort(),
    applications,
    value: (day, application) => cells.get(day + '\u0000' + application),
    max,
  };
}

/** A bar's length as a percentage of the largest value (0 when there is nothing to compare). */
export function barPercent(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(100, Math.round((value / max) * 1000) / 10);
}

/** The share of registered users who were active, as a whole percentage ('' when nobody is registered). */
export function activeShare(active: number, registered: number): string {
  if (!(registered > 0)) return '';
  return Math.round((active / registered) * 100) + ' %';
}

/** A file name part from a domain's type and identifier (what the server names its own download). */
export function reportFileName(kind: string, d?: { type?: string; identifier?: string }): string {
  const part = d ? `${d.type ?? ''}-${d.identifier ?? ''}`.replace(/[^A-Za-z0-9._-]+/g, '_') : 'report';
  return `${kind}-${part}.csv`;
}
