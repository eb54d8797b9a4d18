/**
 * The columns of each bulk kind, as the server's handlers declare them (`HeaderSchema` of each `EntityHandler`,
 * pinned by `HeaderSchemasTest`; documented in docs/bulk.md and, for `self-registration`, docs/operations-guide.md).
 * `columns` is the export header in its order (what a header template holds); `importOnly` are the rename columns an
 * import also reads. Every kind also reads the column `action` (empty = upsert, `DELETE` = delete).
 * The server has no route giving a kind's columns: bulk.test.ts derives them from the docs and fails on a difference.
 */
export interface BulkKindColumns {
  columns: string[];
  importOnly: string[];
}

export const ACTION_COLUMN = 'action';

export const BULK_COLUMNS: Record<string, BulkKindColumns> = {
  users: { columns: ['username', 'email', 'first_name', 'last_name', 'enabled', 'external_id'], importOnly: ['new_username', 'new_email'] },
  domains: { columns: ['type', 'identifier', 'name', 'nces_id', 'parent_type', 'parent_identifier', 'status'], importOnly: ['new_identifier'] },
  subjects: { columns: ['code', 'name'], importOnly: ['new_code'] },
  roles: {
    columns: ['name', 'description', 'domain_types', 'subjects', 'subject_required', 'administrative', 'grantable_roles', 'app_roles'],
    importOnly: ['new_name'],
  },
  assignments: { columns: ['username', 'role', 'domain_type', 'domain_identifier', 'subject', 'start', 'expiry'], importOnly: [] },
  groups: { columns: ['domain_type', 'domain_identifier', 'name', 'description'], importOnly: ['new_name'] },
  'group-memberships': { columns: ['group_domain_type', 'group_domain_identifier', 'group', 'username'], importOnly: [] },
  'group-assignments': {
    columns: ['group_domain_type', 'group_domain_identifier', 'group', 'role', 'domain_type', 'domain_identifier', 'subject', 'start', 'expiry'],
    importOnly: [],
  },
  'self-registration': { columns: ['email_domain', 'role', 'domain_type', 'domain_identifier', 'include_subdomains', 'subject'], importOnly: [] },
};

export const BULK_KINDS = Object.keys(BULK_COLUMNS);

/** The header row of a kind's template: its export columns, then `action` (empty for an unknown kind). */
export function templateHeader(kind: string): string[] {
  const k = BULK_COLUMNS[kind];
  return k ? [...k.columns, ACTION_COLUMN] : [];
}

/** The file formats the server reads and writes (`?format=csv|xlsx` of export and error report). */
export type BulkFormat = 'csv' | 'xlsx';
export const BULK_FORMATS: BulkFormat[] = ['csv', 'xlsx'];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** What the file chooser offers: CSV and XLSX (the server tells them apart by the bytes). */
export const UPLOAD_ACCEPT = `.csv,text/csv,.xlsx,${XLSX_TYPE}`;

/**
 * The Content-Type of an upload. The server decides by the bytes (a ZIP = a workbook) but refuses a raw body sent as
 * the XLSX type that is not one, so only a file that says it is a workbook (by type or name) is sent as one.
 */
export function uploadContentType(file: { name: string; type?: string }): string {
  return file.type === XLSX_TYPE || /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
}

/** The job counts, in the order the screen shows them. */
export const JOB_COUNTS = ['created', 'updated', 'unchanged', 'deleted', 'rejected'] as const;
/** Counts shown only when not zero: warning rows (DELETE of nothing, repeats applied once) and skipped blank lines. */
export const JOB_EXTRA_COUNTS = ['notFound', 'duplicates', 'blankLines'] as const;
export type JobCount = (typeof JOB_COUNTS)[number] | (typeof JOB_EXTRA_COUNTS)[number];

/** The counts to show for a job: the five always, the three others when not zero (same rule for dry run and run). */
export function shownCounts(job: Partial<Record<JobCount, number | null>>): JobCount[] {
  return [...JOB_COUNTS, ...JOB_EXTRA_COUNTS.filter((c) => (job[c] ?? 0) > 0)];
}

/** Whether a job has an error report to fetch: error rows or warning rows (older servers: rejected only). */
export function hasReport(job: { rejected: number; reportRows?: number | null; notFound?: number | null; duplicates?: number | null }): boolean {
  if (typeof job.reportRows === 'number') return job.reportRows > 0;
  return job.rejected + (job.notFound ?? 0) + (job.duplicates ?? 0) > 0;
}

export interface RecentJob {
  kind: string;
  id: string;
  fileName?: string;
  dryRun: boolean;
  at: string;
}

const KEY = 'kc-edu.console.bulk-jobs';

/** The jobs started from this browser, so one can be resumed or its report fetched after a reload. */
export function recentJobs(): RecentJob[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as RecentJob[];
  } catch {
    return [];
  }
}

export function rememberJob(job: RecentJob): void {
  const jobs = [job, ...recentJobs().filter((j) => j.id !== job.id)].slice(0, 10);
  try {
    localStorage.setItem(KEY, JSON.stringify(jobs));
  } catch {
    // storage full or disabled: the list is a convenience only
  }
}

/** Percent done: rowsRead over rowsTotal when the server counted the file, else unknown (undefined). */
export function progressPercent(rowsRead: number, rowsTotal?: number | null, finished = false): number | undefined {
  if (finished) return 100;
  if (!rowsTotal || rowsTotal <= 0) return undefined;
  return Math.min(100, Math.floor((rowsRead * 100) / rowsTotal));
}
