// Shapes of the kc-edu REST API (providers/src/main/resources/kc-edu/openapi.json).
export interface Domain {
  id: string;
  type: string;
  name: string;
  identifier: string;
  ncesId?: string;
  parentId?: string;
  parentType?: string;
  parentIdentifier?: string;
  active?: boolean;
  createdAt?: string;
  updatedAt?: string;
  version?: number;
  /** answer of a cascading deactivation only: how many domains below it were deactivated */
  deactivatedDescendants?: number;
  /** answer of a create or update only: what was stored but looks wrong (an NCES id of the wrong shape) */
  warnings?: string[];
}

export interface DomainType {
  id?: string;
  code: string;
  name: string;
  builtIn?: boolean;
  parentTypes?: string[];
}

export interface Assignment {
  id: string;
  userId?: string;
  groupId?: string;
  roleId?: string;
  role?: string;
  domainId?: string;
  domainType?: string;
  domainIdentifier?: string;
  domainName?: string;
  subjectId?: string;
  subject?: string;
  startsAt?: string;
  expiresAt?: string;
  active?: boolean;
  createdAt?: string;
  createdBy?: string;
}

export interface Role {
  id?: string;
  name: string;
  description?: string;
  subjectSpecific?: boolean;
  /** codes of the subjects the role's assignments may carry (empty: none) */
  subjects?: string[];
  subjectRequired?: boolean;
  administrative?: boolean;
  domainTypes?: string[];
  grantableRoles?: string[];
  appRoles?: string[];
}

export interface Subject {
  id?: string;
  code: string;
  name: string;
}

export interface Group {
  id?: string;
  name: string;
  domainId?: string;
  domainType?: string;
  domainIdentifier?: string;
  description?: string;
}

export interface User {
  id?: string;
  username?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
  assignments?: Partial<Assignment>[];
  hasRolesOutside?: boolean;
}

export type BulkStatus = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';

export interface BulkJob {
  id: string;
  entity: string;
  status: BulkStatus;
  dryRun: boolean;
  fileName?: string | null;
  fileBytes?: number;
  rowsTotal?: number | null;
  rowsRead: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  rejected: number;
  submittedBy?: string;
  createdAt?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  message?: string | null;
  errorsUrl?: string;
  /** DELETE rows that matched nothing (or nothing the caller may see): warning rows of the report. */
  notFound?: number;
  /** Repeats of an identical earlier row of the file, applied once: warning rows of the report. */
  duplicates?: number;
  /** Lines without content, skipped (not rows, not in rowsTotal). */
  blankLines?: number;
  /** Rows of the error report (errors and warnings, capped). */
  reportRows?: number;
  setPasswordEmail?: boolean;
  setPasswordEmailsPending?: number | null;
}

export interface AuditEvent {
  id: string;
  timestamp: string;
  realmName?: string;
  actorUserId?: string;
  actorUsername?: string;
  actorClientId?: string;
  actorIp?: string;
  entryPoint?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  changes?: Record<string, { before?: string; after?: string }>;
  outcome?: string;
  reason?: string;
  bulkJobId?: string;
  bulkRow?: number;
  correlationId?: string;
}

export interface Capabilities {
  manageDomains: boolean;
  manageCatalogue: boolean;
  manageUsers: boolean;
  manageGroups: boolean;
  grant: boolean;
  bulkImport: string[];
  bulkExport: string[];
  readAudit: boolean;
  /** May read the activity reports of their scope (GET /reports/*). */
  readReports?: boolean;
  /** May manage the self-registration rules and settings (realm-level kc-edu administrators). */
  manageSelfRegistration?: boolean;
}

/** GET /kc-edu/me (console contract). */
export interface Me {
  user: { id: string; username: string; email?: string; firstName?: string; lastName?: string };
  realm: string;
  realmAdmin: boolean;
  viewer: boolean;
  adminAssignments: Assignment[];
  scopeRoots: Domain[];
  can: Capabilities;
  counts?: { domains?: number; users?: number; assignments?: number };
}

export interface ConsoleConfig {
  realm: string;
  authServerUrl: string;
  clientId: string;
  apiBase: string;
  locale?: string;
}

/** GET /reports/users/{id}/logins: one row per application, most recent first. */
export interface UserLogin {
  application: string;
  firstLogin: string;
  lastLogin: string;
  logins: number;
}
