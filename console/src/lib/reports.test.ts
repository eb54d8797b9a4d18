import { describe, expect, it } from 'vitest';
import { activeShare, activityQuery, barPercent, dailyQuery, pivotTrend, reportFileName, sourceLine } from './reports';

describe('reports', () => {
  it('asks the API only for the filters that are set', () => {
    expect(activityQuery({ domainId: 'd1', application: '', days: '7' })).toEqual({ domainId: 'd1', application: undefined });
    expect(dailyQuery({ domainId: 'd1', application: 'demo-portal', days: '7' })).toEqual({ domainId: 'd1', application: 'demo-portal', days: '7' });
    expect(dailyQuery({ domainId: '', application: '', days: '' })).toEqual({ domainId: undefined, application: undefined, days: undefined });
  });

  it('asks for a source only when one is chosen, and never for the daily trend (which refuses it)', () => {
    expect(activityQuery({ domainId: 'd1', application: '', days: '', source: 'snapshot' })).toEqual({ domainId: 'd1', application: undefined, source: 'snapshot' });
    expect(activityQuery({ domainId: 'd1', application: '', days: '', source: '' })).toEqual({ domainId: 'd1', application: undefined });
    expect(dailyQuery({ domainId: 'd1', application: '', days: '7', source: 'live' })).toEqual({ domainId: 'd1', application: undefined, days: '7' });
  });

  it('says whether the figures were counted live or read from the snapshot', () => {
    expect(sourceLine({ source: 'live' })).toEqual({ key: 'reports.sourceLive' });
    expect(sourceLine({})).toEqual({ key: 'reports.sourceLive' });
    expect(sourceLine({ source: 'snapshot', asOf: '2026-12-02T06:00:00Z' })).toEqual({ key: 'reports.sourceSnapshot', asOf: '2026-12-02T06:00:00Z' });
  });

  it('pivots daily rows into days × applications, oldest day first, "*" last', () => {
    const t = pivotTrend([
      { day: '2026-11-30', application: 'b-app', activeUsers: 2 },
      { day: '2026-11-29', application: '*', activeUsers: 5 },
      { day: '2026-11-29', application: 'a-app', activeUsers: 4 },
      { day: '2026-11-30', application: '*', activeUsers: 2 },
    ]);
    expect(t.days).toEqual(['2026-11-29', '2026-11-30']);
    expect(t.applications).toEqual(['a-app', 'b-app', '*']);
    expect(t.value('2026-11-29', 'a-app')).toBe(4);
    expect(t.value('2026-11-30', 'a-app')).toBeUndefined();
    expect(t.max).toBe(5);
    expect(pivotTrend([])).toMatchObject({ days: [], applications: [], max: 0 });
  });

  it('scales bars to the largest value and never divides by zero', () => {
    expect(barPercent(5, 10)).toBe(50);
    expect(barPercent(1, 3)).toBe(33.3);
    expect(barPercent(0, 0)).toBe(0);
    expect(barPercent(3, 0)).toBe(0);
    expect(barPercent(20, 10)).toBe(100);
  });

  it('shows the active share only when somebody is registered', () => {
    expect(activeShare(1, 4)).toBe('25 %');
    expect(activeShare(0, 0)).toBe('');
  });

  it('names the CSV after the domain, without characters a file system refuses', () => {
    expect(reportFileName('activity', { type: 'DISTRICT', identifier: '9900001' })).toBe('activity-DISTRICT-9900001.csv');
    expect(reportFileName('daily-active', { type: 'SCHOOL', identifier: 'a/b c' })).toBe('daily-active-SCHOOL-a_b_c.csv');
    expect(reportFileName('activity')).toBe('activity-report.csv');
  });
});
