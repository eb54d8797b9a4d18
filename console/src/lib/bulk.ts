/** The columns of each bulk kind (docs/bulk.md), for header templates. Optional columns are documented there. */
export const BULK_COLUMNS: Record<string, string[]> = {
  users: ['username', 'email', 'first_name', 'last_name', 'enabled', 'action'],
  domains: ['type', 'identifier', 'name', 'nces_id', 'parent_type', 'parent_identifier', 'status', 'action'],
  subjects: ['code', 'name', 'action'],
  roles: ['name', 'description', 'domain_types', 'subject_specific', 'administrative', 'grantable_roles', 'app_roles', 'action'],
  assignments: ['username', 'role', 'domain_type', 'domain_identifier', 'subject', 'start', 'expiry', 'action'],
  'group-memberships': ['group_domain_type', 'group_domain_identifier', 'group', 'username', 'action'],
};

export const BULK_KINDS = Object.keys(BULK_COLUMNS);

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
