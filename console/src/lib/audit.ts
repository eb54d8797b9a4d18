import { toCsv } from './csv';
import type { AuditEvent } from './types';

export const ENTRY_POINTS = ['UI', 'API', 'BULK', 'ADMIN_CONSOLE', 'SELF_SERVICE', 'SYSTEM'];

export interface AuditFilter {
  target: string;
  actor: string;
  action: string;
  entryPoint: string;
  from: string;
  to: string;
}

/** The server's filters; a 'to' date is exclusive on the server, so the day picked is included by asking for the next. */
export function auditQuery(f: AuditFilter): Record<string, string | undefined> {
  return {
    target: f.target.trim() || undefined,
    actor: f.actor.trim() || undefined,
    action: f.action.trim().toUpperCase() || undefined,
    entryPoint: f.entryPoint || undefined,
    from: f.from || undefined,
    to: f.to ? nextDay(f.to) : undefined,
  };
}

export function nextDay(day: string): string {
  const d = new Date(day + 'T00:00:00Z');
  if (Number.isNaN(d.getTime())) return day;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const COLUMNS = ['timestamp', 'actor_username', 'actor_user_id', 'actor_client_id', 'actor_ip', 'entry_point', 'action', 'target_type', 'target_id', 'outcome', 'reason', 'changes', 'bulk_job_id', 'bulk_row', 'correlation_id', 'id'];

/** The rows as RFC 4180 CSV; changes as "field: before -> after" lines in one cell. */
export function auditCsv(events: AuditEvent[]): string {
  return toCsv(
    COLUMNS,
    events.map((e) => [
      e.timestamp,
      e.actorUsername,
      e.actorUserId,
      e.actorClientId,
      e.actorIp,
      e.entryPoint,
      e.action,
      e.targetType,
      e.targetId,
      e.outcome,
      e.reason,
      Object.entries(e.changes ?? {}).map(([k, v]) => `${k}: ${v.before ?? ''} -> ${v.after ?? ''}`).join('\n'),
      e.bulkJobId,
      e.bulkRow,
      e.correlationId,
      e.id,
    ]),
  );
}
