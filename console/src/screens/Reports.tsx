import { Alert, Button, Card, CardBody, CardTitle, FormGroup, FormSelect, FormSelectOption, PageSection, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DomainPicker } from '../components/DomainPicker';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useConsole } from '../lib/context';
import { domainTypes } from '../lib/domains';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import {
  activeShare,
  activityQuery,
  barPercent,
  dailyQuery,
  pivotTrend,
  REPORT_SOURCES,
  reportFileName,
  sourceLine,
  type DayRow,
  type ReportFilter,
  type ReportSourceChoice,
} from '../lib/reports';
import type { Domain, DomainType } from '../lib/types';

interface ActivityReport {
  domain: { id: string; type: string; identifier: string; name: string };
  application?: string | null;
  activeDays: number;
  activeSince: string;
  /** live: counted for this request; snapshot: read from the realm's report snapshot taken at asOf. */
  source?: 'live' | 'snapshot';
  asOf?: string | null;
  registered: number;
  active: number;
  applications: { application: string; active: number }[];
  breakdown: { domainId: string; domainType: string; domainIdentifier: string; domainName: string; registered: number; active: number }[];
}

interface DailyReport {
  domain: { id: string; type: string; identifier: string; name: string };
  application?: string | null;
  from: string;
  to: string;
  rows: DayRow[];
}

const TREND_DAYS = ['7', '30', '90', '366'];

/** A bar of a value against the largest of its column: decoration only, the number beside it is the data. */
function Bar({ value, max }: { value: number; max: number }) {
  return (
    <span className="kc-bar" aria-hidden="true">
      <span className="kc-bar-fill" style={{ width: `${barPercent(value, max)}%` }} />
    </span>
  );
}

export default function Reports() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [domain, setDomain] = useState<Domain | undefined>(me.scopeRoots[0]);
  const [application, setApplication] = useState('');
  const [days, setDays] = useState('');
  const [breakdownType, setBreakdownType] = useState('');
  const [source, setSource] = useState<ReportSourceChoice>('');
  const [filter, setFilter] = useState<ReportFilter & { breakdownType: string }>({ domainId: domain?.id ?? '', application: '', days: '', breakdownType: '', source: '' });
  const [types, setTypes] = useState<DomainType[]>([]);
  const apps = useLoad(() => api.get<string[]>('/reports/applications'), []);
  useEffect(() => {
    domainTypes(api).then(setTypes, () => setTypes([]));
  }, [api]);
  const ready = filter.domainId !== '';
  const activity = useLoad(
    () => (ready ? api.get<ActivityReport>('/reports/activity', { ...activityQuery(filter), breakdownType: filter.breakdownType || undefined }) : Promise.resolve(undefined)),
    [filter],
  );
  const daily = useLoad(() => (ready ? api.get<DailyReport>('/reports/daily-active', dailyQuery(filter)) : Promise.resolve(undefined)), [filter]);
  const csv = useAction();
  const refresh = useAction();
  const [refreshed, setRefreshed] = useState<{ asOf: string; domains: number }>();
  const a = activity.data;
  const line = a ? sourceLine(a) : undefined;

  /** POST /reports/snapshot (realm admins; 409 while a refresh runs anywhere), then the report again. */
  const refreshSnapshot = async () => {
    setRefreshed(undefined);
    const r = await refresh.run(() => api.send<{ asOf: string; domains: number }>('POST', '/reports/snapshot'));
    if (r.ok && r.value) {
      setRefreshed(r.value);
      activity.reload();
    }
  };
  const trend = pivotTrend(daily.data?.rows ?? []);
  const appMax = Math.max(0, ...(a?.applications ?? []).map((x) => x.active));
  const rowMax = Math.max(0, ...(a?.breakdown ?? []).map((x) => x.registered));

  const download = (kind: 'activity' | 'daily-active') =>
    csv.run(() =>
      api.download(
        `/reports/${kind}`,
        { ...(kind === 'activity' ? { ...activityQuery(filter), breakdownType: filter.breakdownType || undefined } : dailyQuery(filter)), format: 'csv' },
        reportFileName(kind, a?.domain ?? domain),
      ),
    );

  return (
    <>
      <PageHeader title={t('reports.title')} description={t('reports.description')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('reports.title') }]} />
      <PageSection>
        <Card className="pf-v5-u-mb-md">
          <CardBody>
            <form
              className="kc-filter-grid"
              aria-label={t('reports.filters')}
              onSubmit={(e) => {
                e.preventDefault();
                setFilter({ domainId: domain?.id ?? '', application, days, breakdownType, source });
              }}
            >
              <FormGroup label={t('reports.domain')} fieldId="report-domain" isRequired>
                <DomainPicker id="report-domain" value={domain} onChange={setDomain} testId="report-domain" label={t('reports.domain')} />
              </FormGroup>
              <FormGroup label={t('reports.application')} fieldId="report-application">
                <FormSelect id="report-application" value={application} onChange={(_e, v) => setApplication(v)} data-testid="report-application">
                  <FormSelectOption value="" label={t('reports.allApplications')} />
                  {(apps.data ?? []).map((c) => <FormSelectOption key={c} value={c} label={c} />)}
                </FormSelect>
              </FormGroup>
              <FormGroup label={t('reports.breakdownBy')} fieldId="report-breakdown">
                <FormSelect id="report-breakdown" value={breakdownType} onChange={(_e, v) => setBreakdownType(v)} data-testid="report-breakdown">
                  <FormSelectOption value="" label={t('reports.children')} />
                  {types.map((ty) => <FormSelectOption key={ty.code} value={ty.code} label={ty.name} />)}
                </FormSelect>
              </FormGroup>
              <FormGroup label={t('reports.period')} fieldId="report-days">
                <FormSelect id="report-days" value={days} onChange={(_e, v) => setDays(v)} data-testid="report-days">
                  <FormSelectOption value="" label={t('reports.activePeriod')} />
                  {TREND_DAYS.map((d) => <FormSelectOption key={d} value={d} label={t('reports.lastDays', { count: Number(d) })} />)}
                </FormSelect>
              </FormGroup>
              <FormGroup label={t('reports.source')} fieldId="report-source-choice">
                <FormSelect id="report-source-choice" value={source} onChange={(_e, v) => setSource(v as ReportSourceChoice)} data-testid="report-source-choice">
                  {REPORT_SOURCES.map((c) => <FormSelectOption key={c} value={c} label={t(`reports.sources.${c || 'auto'}`)} />)}
                </FormSelect>
              </FormGroup>
              <div className="kc-filter-actions">
                <Button type="submit" data-testid="report-apply">{t('common.apply')}</Button>
              </div>
            </form>
            <ErrorAlert error={apps.error} />
            <div className="kc-filter-actions">
              <Button variant="secondary" data-testid="report-csv-activity" isDisabled={!ready || csv.busy} isLoading={csv.busy} onClick={() => void download('activity')}>
                {t('reports.csvActivity')}
              </Button>
              <Button variant="secondary" data-testid="report-csv-daily" isDisabled={!ready || csv.busy} onClick={() => void download('daily-active')}>
                {t('reports.csvDaily')}
              </Button>
            </div>
            <ErrorAlert error={csv.error} onClose={() => csv.setError(undefined)} />
          </CardBody>
        </Card>
        {!ready && <p data-testid="report-pick-domain">{t('reports.pickDomain')}</p>}
        {ready && (
          <div aria-live="polite" aria-busy={activity.loading || daily.loading}>
            <ErrorAlert error={activity.error} />
            {activity.loading ? <Loading /> : a && (
              <>
                <Card className="pf-v5-u-mb-md" data-testid="report-summary">
                  <CardTitle><Title headingLevel="h2" size="lg">{t('reports.summaryOf', { name: a.domain.name, type: a.domain.type, identifier: a.domain.identifier })}</Title></CardTitle>
                  <CardBody>
                    <dl className="kc-stats">
                      <div><dt>{t('reports.registered')}</dt><dd data-testid="report-registered">{formatNumber(a.registered)}</dd></div>
                      <div><dt>{t('reports.active')}</dt><dd data-testid="report-active">{formatNumber(a.active)}</dd></div>
                      <div><dt>{t('reports.share')}</dt><dd>{activeShare(a.active, a.registered) || '–'}</dd></div>
                    </dl>
                    <p className="kc-muted" data-testid="report-period">
                      {t('reports.periodText', { days: a.activeDays, since: formatDateTime(a.activeSince) })}{' '}
                      {a.application ? t('reports.forApplication', { application: a.application }) : t('reports.forAllApplications')}
                    </p>
                    <div className="kc-source-row">
                      <p className="kc-muted" data-testid="report-source">
                        {line?.key === 'reports.sourceSnapshot' ? t(line.key, { asOf: formatDateTime(line.asOf) }) : t('reports.sourceLive')}
                      </p>
                      {me.realmAdmin && (
                        <Button variant="secondary" size="sm" onClick={() => void refreshSnapshot()} isLoading={refresh.busy} isDisabled={refresh.busy} data-testid="report-refresh-snapshot">
                          {t('reports.refreshSnapshot')}
                        </Button>
                      )}
                    </div>
                    {refreshed && (
                      <Alert variant="success" isInline isPlain className="pf-v5-u-mt-sm" data-testid="report-snapshot-taken"
                        title={t('reports.snapshotTaken', { asOf: formatDateTime(refreshed.asOf), count: refreshed.domains })} />
                    )}
                    <ErrorAlert error={refresh.error} onClose={() => refresh.setError(undefined)} />
                  </CardBody>
                </Card>
                <Card className="pf-v5-u-mb-md">
                  <CardTitle><Title headingLevel="h2" size="lg">{t('reports.perApplication')}</Title></CardTitle>
                  <CardBody>
                    {a.applications.length === 0 ? <p>{t('reports.noLogins')}</p> : (
                      <div className="kc-table-scroll">
                        <Table aria-label={t('reports.perApplication')} variant="compact" data-testid="report-applications">
                          <Thead>
                            <Tr>
                              <Th>{t('reports.application')}</Th>
                              <Th>{t('reports.active')}</Th>
                            </Tr>
                          </Thead>
                          <Tbody>
                            {a.applications.map((x) => (
                              <Tr key={x.application} data-testid={`report-app-row-${x.application}`}>
                                <Td dataLabel={t('reports.application')}>{x.application}</Td>
                                <Td dataLabel={t('reports.active')}>
                                  <span className="kc-bar-row"><span className="kc-num" data-testid="active">{formatNumber(x.active)}</span><Bar value={x.active} max={appMax} /></span>
                                </Td>
                              </Tr>
                            ))}
                          </Tbody>
                        </Table>
                      </div>
                    )}
                  </CardBody>
                </Card>
                <Card className="pf-v5-u-mb-md">
                  <CardTitle><Title headingLevel="h2" size="lg">{t('reports.breakdown')}</Title></CardTitle>
                  <CardBody>
                    {a.breakdown.length === 0 ? <p>{t('reports.noBreakdown')}</p> : (
                      <div className="kc-table-scroll">
                        <Table aria-label={t('reports.breakdown')} variant="compact" data-testid="report-breakdown-table">
                          <Thead>
                            <Tr>
                              <Th modifier="wrap">{t('reports.domain')}</Th>
                              <Th modifier="wrap">{t('reports.registered')}</Th>
                              <Th modifier="wrap">{t('reports.active')}</Th>
                            </Tr>
                          </Thead>
                          <Tbody>
                            {a.breakdown.map((r) => (
                              <Tr key={r.domainId} data-testid={`report-row-${r.domainIdentifier}`}>
                                <Td dataLabel={t('reports.domain')}>{r.domainName} <span className="kc-muted">({r.domainType} {r.domainIdentifier})</span></Td>
                                <Td dataLabel={t('reports.registered')}>
                                  <span className="kc-bar-row"><span className="kc-num" data-testid="registered">{formatNumber(r.registered)}</span><Bar value={r.registered} max={rowMax} /></span>
                                </Td>
                                <Td dataLabel={t('reports.active')}>
                                  <span className="kc-bar-row"><span className="kc-num" data-testid="active">{formatNumber(r.active)}</span><Bar value={r.active} max={rowMax} /></span>
                                </Td>
                              </Tr>
                            ))}
                          </Tbody>
                        </Table>
                      </div>
                    )}
                  </CardBody>
                </Card>
              </>
            )}
            <Card>
              <CardTitle><Title headingLevel="h2" size="lg">{t('reports.daily')}</Title></CardTitle>
              <CardBody>
                <ErrorAlert error={daily.error} />
                {daily.loading ? <Loading /> : daily.data && (
                  <>
                    <p className="kc-muted" data-testid="trend-range">{t('reports.dailyRange', { from: formatDate(daily.data.from), to: formatDate(daily.data.to) })}</p>
                    {trend.days.length === 0 ? <p>{t('reports.noLogins')}</p> : (
                      <div className="kc-table-scroll">
                        <Table aria-label={t('reports.daily')} variant="compact" data-testid="trend-table">
                          <Thead>
                            <Tr>
                              <Th>{t('reports.day')}</Th>
                              {trend.applications.map((app) => <Th key={app} modifier="wrap">{app === '*' ? t('reports.anyApplication') : app}</Th>)}
                            </Tr>
                          </Thead>
                          <Tbody>
                            {trend.days.map((day) => (
                              <Tr key={day} data-testid={`trend-row-${day}`}>
                                <Td dataLabel={t('reports.day')} className="kc-nowrap">{formatDate(day)}</Td>
                                {trend.applications.map((app) => {
                                  const v = trend.value(day, app);
                                  return (
                                    <Td key={app} dataLabel={app === '*' ? t('reports.anyApplication') : app} data-testid={`trend-${day}-${app}`}>
                                      <span className="kc-bar-row"><span className="kc-num">{v === undefined ? '0' : formatNumber(v)}</span><Bar value={v ?? 0} max={trend.max} /></span>
                                    </Td>
                                  );
                                })}
                              </Tr>
                            ))}
                          </Tbody>
                        </Table>
                      </div>
                    )}
                  </>
                )}
              </CardBody>
            </Card>
          </div>
        )}
      </PageSection>
    </>
  );
}
