import { Button, Card, CardBody, FormGroup, FormSelect, FormSelectOption, Label, PageSection, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { saveBlob } from '../lib/api';
import { auditCsv, auditQuery, ENTRY_POINTS, type AuditFilter } from '../lib/audit';
import { useConsole } from '../lib/context';
import { formatDateTime } from '../lib/format';
import type { AuditEvent } from '../lib/types';

const PAGE = 50;
const CSV_MAX = 1000;

const EMPTY: AuditFilter = { target: '', actor: '', action: '', entryPoint: '', from: '', to: '' };

export default function Audit() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [form, setForm] = useState<AuditFilter>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>(EMPTY);
  const [first, setFirst] = useState(0);
  const list = useLoad(() => api.page<AuditEvent>('/audit', { ...auditQuery(filter), first, max: PAGE }), [filter, first]);
  const csv = useAction();
  const set = (k: keyof AuditFilter) => (_e: unknown, v: string) => setForm({ ...form, [k]: v });
  const rows = list.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('audit.title') }]} />
      <PageSection>
        <Card>
          <CardBody>
            <form
              className="kc-filter-grid"
              aria-label={t('audit.filters')}
              onSubmit={(e) => {
                e.preventDefault();
                setFirst(0);
                setFilter(form);
              }}
            >
              <FormGroup label={t('audit.target')} fieldId="audit-target">
                <TextInput id="audit-target" value={form.target} onChange={set('target')} data-testid="audit-filter-target" />
              </FormGroup>
              <FormGroup label={t('audit.actor')} fieldId="audit-actor">
                <TextInput id="audit-actor" value={form.actor} onChange={set('actor')} data-testid="audit-filter-actor" />
              </FormGroup>
              <FormGroup label={t('audit.action')} fieldId="audit-action">
                <TextInput id="audit-action" value={form.action} onChange={set('action')} data-testid="audit-filter-action" placeholder="ROLE_GRANT" />
              </FormGroup>
              <FormGroup label={t('audit.entryPoint')} fieldId="audit-entrypoint">
                <FormSelect id="audit-entrypoint" value={form.entryPoint} onChange={set('entryPoint')} data-testid="audit-filter-entrypoint">
                  <FormSelectOption value="" label={t('common.all')} />
                  {ENTRY_POINTS.map((p) => <FormSelectOption key={p} value={p} label={p} />)}
                </FormSelect>
              </FormGroup>
              <FormGroup label={t('audit.from')} fieldId="audit-from">
                <TextInput id="audit-from" type="date" value={form.from} onChange={set('from')} data-testid="audit-from" />
              </FormGroup>
              <FormGroup label={t('audit.to')} fieldId="audit-to">
                <TextInput id="audit-to" type="date" value={form.to} onChange={set('to')} data-testid="audit-to" aria-describedby="audit-to-help" />
                <span id="audit-to-help" className="kc-sr-only">{t('audit.toHelp')}</span>
              </FormGroup>
              <div className="kc-filter-actions">
                <Button type="submit" data-testid="audit-apply">{t('common.apply')}</Button>
                <Button variant="link" onClick={() => { setForm(EMPTY); setFilter(EMPTY); setFirst(0); }}>{t('common.clear')}</Button>
                <Button
                  variant="secondary"
                  data-testid="audit-csv"
                  isLoading={csv.busy}
                  isDisabled={csv.busy}
                  onClick={async () => {
                    await csv.run(async () => {
                      const page = await api.get<AuditEvent[]>('/audit', { ...auditQuery(filter), first: 0, max: CSV_MAX });
                      saveBlob(new Blob([auditCsv(page)], { type: 'text/csv' }), 'audit.csv');
                    });
                  }}
                >
                  {t('audit.csv')}
                </Button>
              </div>
            </form>
            <ErrorAlert error={csv.error} onClose={() => csv.setError(undefined)} />
            <ErrorAlert error={list.error} />
            <div aria-live="polite" aria-busy={list.loading}>
              {list.loading ? <Loading /> : rows.length === 0 ? <p>{t('audit.none')}</p> : (
                <div className="kc-table-scroll">
                  <Table aria-label={t('audit.title')} variant="compact" data-testid="audit-table">
                    <Thead>
                      <Tr>
                        <Th modifier="wrap">{t('audit.when')}</Th>
                        <Th modifier="wrap">{t('audit.actor')}</Th>
                        <Th modifier="wrap">{t('audit.action')}</Th>
                        <Th modifier="wrap">{t('audit.target')}</Th>
                        <Th modifier="wrap">{t('audit.entryPoint')}</Th>
                        <Th modifier="wrap">{t('audit.outcome')}</Th>
                        <Th modifier="wrap">{t('audit.changes')}</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {rows.map((e) => (
                        <Tr key={e.id} data-testid={`audit-row-${e.id}`}>
                          <Td dataLabel={t('audit.when')} className="kc-nowrap">{formatDateTime(e.timestamp)}</Td>
                          <Td dataLabel={t('audit.actor')}>{e.actorUsername ?? e.actorUserId}</Td>
                          <Td dataLabel={t('audit.action')}>{e.action}</Td>
                          <Td dataLabel={t('audit.target')}>{e.targetType} <span className="kc-muted kc-break">{e.targetId}</span></Td>
                          <Td dataLabel={t('audit.entryPoint')}>{e.entryPoint}</Td>
                          <Td dataLabel={t('audit.outcome')}>
                            <Label isCompact color={e.outcome === 'SUCCESS' ? 'green' : e.outcome === 'DENIED' ? 'orange' : 'red'}>{e.outcome}</Label>
                            {e.reason && <div className="kc-muted">{e.reason}</div>}
                          </Td>
                          <Td dataLabel={t('audit.changes')}>
                            {Object.entries(e.changes ?? {}).map(([k, v]) => (
                              <div key={k} className="kc-break">{k}: {v.before ?? '∅'} → {v.after ?? '∅'}</div>
                            ))}
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </div>
              )}
            </div>
            {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} onChange={setFirst} label={t('audit.paging')} />}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
