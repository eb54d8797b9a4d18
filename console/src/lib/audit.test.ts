import { describe, expect, it } from 'vitest';
import { auditCsv, auditQuery, nextDay } from './audit';
import { parseCsv } from './csv';

describe('audit', () => {
  it('makes the picked end day inclusive', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(auditQuery({ target: ' ', actor: 'ann', action: 'role_grant', entryPoint: 'UI', from: '2026-01-01', to: '2026-02-28' })).toEqual({
      target: undefined,
      actor: 'ann',
      action: 'ROLE_GRANT',
      entryPoint: 'UI',
      from: '2026-01-01',
      to: '2026-03-01',
    });
  });

  it('writes one quoted record per event that parses back', () => {
    const csv = auditCsv([
      { id: '1', timestamp: '2026-12-01T10:00:00Z', action: 'EMAIL_CHANGE', actorUsername: 'd.admin', changes: { email: { before: 'a@x', after: 'b,"c"@x' } }, entryPoint: 'UI' },
    ]);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe('2026-12-01T10:00:00Z');
    expect(rows[1][11]).toBe('email: a@x -> b,"c"@x');
  });
});
