import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  FormGroup,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  PageSection,
  Progress,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { useAction } from '../components/hooks';
import { PageHeader } from '../components/PageHeader';
import { saveBlob } from '../lib/api';
import {
  BULK_COLUMNS,
  BULK_FORMATS,
  hasReport,
  progressPercent,
  recentJobs,
  rememberJob,
  shownCounts,
  templateHeader,
  UPLOAD_ACCEPT,
  uploadContentType,
  XLSX_TYPE,
  type BulkFormat,
  type RecentJob,
} from '../lib/bulk';
import { useConsole } from '../lib/context';
import { parseCsv, toCsv } from '../lib/csv';
import { formatDateTime, formatNumber } from '../lib/format';
import type { BulkJob } from '../lib/types';
import { xlsxWorkbook } from '../lib/xlsx';

const FIRST_ERRORS = 10;

export default function Bulk() {
  const { t } = useTranslation();
  const { me } = useConsole();
  return (
    <>
      <PageHeader title={t('bulk.title')} description={t('bulk.description')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('bulk.title') }]} />
      <PageSection>
        {me.can.bulkImport.length > 0 && <Import kinds={me.can.bulkImport} />}
        {me.can.bulkExport.length > 0 && <Export kinds={me.can.bulkExport} />}
      </PageSection>
    </>
  );
}

function jobPath(kind: string, id: string) {
  return `/bulk/${encodeURIComponent(kind)}/imports/${encodeURIComponent(id)}`;
}

function Import({ kinds }: { kinds: string[] }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [kind, setKind] = useState(kinds[0]);
  const [file, setFile] = useState<File>();
  const [drag, setDrag] = useState(false);
  const [mailSetPassword, setMailSetPassword] = useState(false);
  const [job, setJob] = useState<BulkJob>();
  const [errorRows, setErrorRows] = useState<string[][]>();
  const [recent, setRecent] = useState<RecentJob[]>(() => recentJobs());
  const [resumeId, setResumeId] = useState('');
  const action = useAction();
  const poll = useRef<ReturnType<typeof setTimeout>>();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => () => clearTimeout(poll.current), []);

  const finished = job?.status === 'COMPLETED' || job?.status === 'FAILED';

  /** Polls the job until it ends; then reads the first rows of its error report. */
  const follow = (k: string, j: BulkJob) => {
    setJob(j);
    setErrorRows(undefined);
    clearTimeout(poll.current);
    if (j.status === 'COMPLETED' || j.status === 'FAILED') {
      if (hasReport(j)) void loadErrors(k, j.id);
      return;
    }
    poll.current = setTimeout(async () => {
      try {
        follow(k, await api.get<BulkJob>(jobPath(k, j.id)));
      } catch (e) {
        action.setError(e);
      }
    }, 1000);
  };

  const loadErrors = async (k: string, id: string) => {
    try {
      const res = await api.raw('GET', jobPath(k, id) + '/errors');
      setErrorRows(parseCsv(await res.text(), FIRST_ERRORS + 1));
    } catch (e) {
      action.setError(e);
    }
  };

  const start = async (dryRun: boolean) => {
    if (!file) {
      action.setError(new Error(t('bulk.chooseFile')));
      return;
    }
    const r = await action.run(async () => {
      const res = await api.raw('POST', `/bulk/${encodeURIComponent(kind)}/imports`, {
        query: { dryRun: dryRun || undefined, fileName: file.name, setPasswordEmail: kind === 'users' && mailSetPassword && !dryRun ? true : undefined },
        body: file,
        headers: { 'Content-Type': uploadContentType(file) },
      });
      return (await res.json()) as BulkJob;
    });
    if (r.ok && r.value) {
      rememberJob({ kind, id: r.value.id, fileName: file.name, dryRun, at: new Date().toISOString() });
      setRecent(recentJobs());
      follow(kind, r.value);
    }
  };

  const resume = async (k: string, id: string) => {
    const r = await action.run(() => api.send<BulkJob>('POST', jobPath(k, id) + '/resume'));
    if (r.ok && r.value) {
      setKind(k);
      follow(k, r.value);
    }
  };

  const open = async (k: string, id: string) => {
    const r = await action.run(() => api.get<BulkJob>(jobPath(k, id)));
    if (r.ok && r.value) {
      setKind(k);
      follow(k, r.value);
    }
  };

  const template = (format: BulkFormat) => {
    const header = templateHeader(kind);
    if (format === 'xlsx') saveBlob(new Blob([xlsxWorkbook(kind, [header])], { type: XLSX_TYPE }), `${kind}-template.xlsx`);
    else saveBlob(new Blob([toCsv(header, [])], { type: 'text/csv' }), `${kind}-template.csv`);
  };
  const importOnly = BULK_COLUMNS[kind]?.importOnly ?? [];

  const percent = job ? progressPercent(job.rowsRead, job.rowsTotal, job.status === 'COMPLETED') : undefined;

  return (
    <Card className="pf-v5-u-mb-md">
      <CardTitle><Title headingLevel="h2" size="lg">{t('bulk.import')}</Title></CardTitle>
      <CardBody>
        <ErrorAlert error={action.error} onClose={() => action.setError(undefined)} />
        <div className="kc-toolbar-row">
          <FormGroup label={t('bulk.kind')} fieldId="bulk-kind">
            <FormSelect id="bulk-kind" value={kind} onChange={(_e, v) => { setKind(v); setJob(undefined); }} data-testid="bulk-kind">
              {kinds.map((k) => <FormSelectOption key={k} value={k} label={t(`bulk.kinds.${k}`, { defaultValue: k })} />)}
            </FormSelect>
          </FormGroup>
          <div className="kc-header-actions">
            <Button variant="link" onClick={() => template('csv')} data-testid="bulk-template">{t('bulk.templateCsv')}</Button>
            <Button variant="link" onClick={() => template('xlsx')} data-testid="bulk-template-xlsx">{t('bulk.templateXlsx')}</Button>
          </div>
        </div>
        <p className="kc-muted pf-v5-u-mb-md" data-testid="bulk-columns">
          {t('bulk.columns', { columns: templateHeader(kind).join(', ') })}
          {importOnly.length > 0 && <> {t('bulk.importOnly', { columns: importOnly.join(', ') })}</>}
        </p>
        <div
          className={'kc-dropzone pf-v5-u-mb-md' + (drag ? ' kc-drag' : '')}
          onDragOver={(e) => {
            e.preventDefault();
            setDrag(true);
          }}
          onDragLeave={() => setDrag(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDrag(false);
            const f = e.dataTransfer.files[0];
            if (f) {
              setFile(f);
              setJob(undefined);
            }
          }}
          data-testid="bulk-dropzone"
        >
          <p className="pf-v5-u-mb-sm">{t('bulk.drop')}</p>
          <label htmlFor="bulk-file" className="pf-v5-c-form__label pf-v5-u-mr-sm">
            <span className="pf-v5-c-form__label-text">{t('bulk.file')}</span>
          </label>
          <input
            ref={inputRef}
            id="bulk-file"
            type="file"
            accept={UPLOAD_ACCEPT}
            data-testid="bulk-file"
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setJob(undefined);
            }}
          />
          <p className="pf-v5-u-mt-sm" aria-live="polite" data-testid="bulk-file-name">
            {file ? t('bulk.chosen', { name: file.name, size: formatNumber(file.size) }) : t('bulk.noFile')}
          </p>
        </div>
        {kind === 'users' && (
          <Checkbox id="bulk-set-password" label={t('bulk.setPassword')} description={t('bulk.setPasswordHelp')} isChecked={mailSetPassword} onChange={(_e, v) => setMailSetPassword(v)} className="pf-v5-u-mt-md" />
        )}
        <div className="kc-header-actions pf-v5-u-mt-md pf-v5-u-mb-lg">
          <Button variant="secondary" onClick={() => void start(true)} isDisabled={!file || action.busy || (job && !finished)} data-testid="bulk-dryrun">{t('bulk.dryRun')}</Button>
          <Button variant="primary" onClick={() => void start(false)} isDisabled={!file || action.busy || (job && !finished)} data-testid="bulk-run">{t('bulk.run')}</Button>
        </div>

        <div aria-live="polite">
          {job && (
            <div data-testid="bulk-job" data-job-id={job.id} className="pf-v5-u-mb-md">
              <Title headingLevel="h3" size="md" className="pf-v5-u-mb-sm">
                {job.dryRun ? t('bulk.dryRunOf', { name: job.fileName ?? '' }) : t('bulk.importOf', { name: job.fileName ?? '' })}{' '}
                <Label color={job.status === 'COMPLETED' ? 'green' : job.status === 'FAILED' ? 'red' : 'blue'} data-testid="bulk-status">{t(`bulk.status.${job.status}`)}</Label>
              </Title>
              <Progress
                value={percent ?? 0}
                title={t('bulk.progress')}
                label={percent === undefined ? t('bulk.rowsRead', { count: job.rowsRead }) : `${percent}%`}
                valueText={percent === undefined ? t('bulk.rowsRead', { count: job.rowsRead }) : `${percent}%`}
                variant={job.status === 'FAILED' ? 'danger' : job.status === 'COMPLETED' ? 'success' : undefined}
                data-testid="bulk-progress"
                aria-live="polite"
              />
              <DescriptionList isCompact orientation={{ md: 'horizontal' }} columnModifier={{ default: '2Col', md: '3Col' }} className="pf-v5-u-mt-md" data-testid="bulk-counts">
                {shownCounts(job).map((c) => (
                  <DescriptionListGroup key={c}>
                    <DescriptionListTerm>{t(`bulk.count.${c}`)}</DescriptionListTerm>
                    <DescriptionListDescription data-testid={`bulk-count-${c}`}>{formatNumber(job[c] ?? 0)}</DescriptionListDescription>
                  </DescriptionListGroup>
                ))}
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('bulk.rows')}</DescriptionListTerm>
                  <DescriptionListDescription>{formatNumber(job.rowsRead)}{job.rowsTotal ? ' / ' + formatNumber(job.rowsTotal) : ''}</DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
              {job.message && <Alert variant={job.status === 'FAILED' ? 'danger' : 'info'} isInline title={job.message} className="pf-v5-u-mt-md" role={job.status === 'FAILED' ? 'alert' : undefined} data-testid={job.status === 'FAILED' ? 'error-alert' : undefined} />}
              <div className="kc-header-actions pf-v5-u-mt-md">
                {finished && hasReport(job) && BULK_FORMATS.map((f) => (
                  <Button
                    key={f}
                    variant="secondary"
                    onClick={() => void api.download(jobPath(kind, job.id) + '/errors', { format: f === 'xlsx' ? f : undefined }, `${kind}-errors-${job.id}.${f}`).catch(action.setError)}
                    data-testid={f === 'csv' ? 'bulk-errors-download' : `bulk-errors-download-${f}`}
                  >
                    {t(`bulk.errorReport.${f}`)}
                  </Button>
                ))}
                {job.status === 'FAILED' && <Button variant="secondary" onClick={() => void resume(kind, job.id)} data-testid="bulk-resume">{t('bulk.resume')}</Button>}
                {finished && job.dryRun && file && <Button onClick={() => void start(false)} data-testid="bulk-run-after-dry">{t('bulk.runNow')}</Button>}
              </div>
              {errorRows && errorRows.length > 1 && (
                <>
                  <Title headingLevel="h3" size="md" className="pf-v5-u-mt-md">{t('bulk.firstErrors', { count: errorRows.length - 1 })}</Title>
                  <div className="kc-table-scroll">
                    <Table aria-label={t('bulk.errorRows')} variant="compact" data-testid="bulk-error-rows">
                      <Thead><Tr>{errorRows[0].map((h, i) => <Th key={i}>{h}</Th>)}</Tr></Thead>
                      <Tbody>
                        {errorRows.slice(1).map((row, i) => (
                          <Tr key={i}>{row.map((c, j) => <Td key={j} dataLabel={errorRows[0][j]}>{c}</Td>)}</Tr>
                        ))}
                      </Tbody>
                    </Table>
                  </div>
                </>
              )}
            </div>
          )}
        </div>

        <Title headingLevel="h3" size="md" className="pf-v5-u-mt-lg pf-v5-u-mb-sm">{t('bulk.jobs')}</Title>
        <form
          className="kc-toolbar-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (resumeId.trim()) void open(kind, resumeId.trim());
          }}
        >
          <FormGroup label={t('bulk.jobId')} fieldId="bulk-job-id">
            <TextInput id="bulk-job-id" value={resumeId} onChange={(_e, v) => setResumeId(v)} data-testid="bulk-job-id" />
          </FormGroup>
          <Button type="submit" variant="secondary">{t('bulk.openJob')}</Button>
        </form>
        {recent.length > 0 && (
          <div className="kc-table-scroll">
            <Table aria-label={t('bulk.recent')} variant="compact">
              <Thead>
                <Tr>
                  <Th>{t('bulk.kind')}</Th>
                  <Th>{t('bulk.file')}</Th>
                  <Th>{t('bulk.started')}</Th>
                  <Th screenReaderText={t('common.actions')} />
                </Tr>
              </Thead>
              <Tbody>
                {recent.map((j) => (
                  <Tr key={j.id}>
                    <Td dataLabel={t('bulk.kind')}>{j.kind}{j.dryRun ? ` (${t('bulk.dryRun')})` : ''}</Td>
                    <Td dataLabel={t('bulk.file')}>{j.fileName}</Td>
                    <Td dataLabel={t('bulk.started')}>{formatDateTime(j.at)}</Td>
                    <Td dataLabel={t('common.actions')} className="kc-nowrap">
                      <Button variant="link" isInline onClick={() => void open(j.kind, j.id)} aria-label={t('bulk.openNamed', { name: j.fileName ?? j.id })}>{t('common.open')}</Button>{' '}
                      <Button variant="link" isInline onClick={() => void resume(j.kind, j.id)} aria-label={t('bulk.resumeNamed', { name: j.fileName ?? j.id })}>{t('bulk.resume')}</Button>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

function Export({ kinds }: { kinds: string[] }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [kind, setKind] = useState(kinds[0]);
  const [domain, setDomain] = useState('');
  const [format, setFormat] = useState<BulkFormat>('csv');
  const action = useAction();
  const [done, setDone] = useState('');
  return (
    <Card>
      <CardTitle><Title headingLevel="h2" size="lg">{t('bulk.export')}</Title></CardTitle>
      <CardBody>
        <ErrorAlert error={action.error} onClose={() => action.setError(undefined)} />
        <form
          className="kc-toolbar-row"
          onSubmit={async (e) => {
            e.preventDefault();
            setDone('');
            const name = `${kind}${domain ? '-' + domain.replace(/[^A-Za-z0-9_-]+/g, '_') : ''}.${format}`;
            const query = { domain: domain.trim() || undefined, format: format === 'xlsx' ? format : undefined };
            const r = await action.run(() => api.download(`/bulk/${encodeURIComponent(kind)}/export`, query, name));
            if (r.ok) setDone(t('bulk.exported', { name }));
          }}
        >
          <FormGroup label={t('bulk.kind')} fieldId="bulk-export-kind">
            <FormSelect id="bulk-export-kind" value={kind} onChange={(_e, v) => setKind(v)} data-testid="bulk-export-kind">
              {kinds.map((k) => <FormSelectOption key={k} value={k} label={t(`bulk.kinds.${k}`, { defaultValue: k })} />)}
            </FormSelect>
          </FormGroup>
          <FormGroup label={t('bulk.exportDomain')} fieldId="bulk-export-domain">
            <TextInput id="bulk-export-domain" value={domain} onChange={(_e, v) => setDomain(v)} placeholder="DISTRICT:D-100" data-testid="bulk-export-domain" aria-describedby="bulk-export-domain-help" />
          </FormGroup>
          <FormGroup label={t('bulk.format')} fieldId="bulk-export-format">
            <FormSelect id="bulk-export-format" value={format} onChange={(_e, v) => setFormat(v as BulkFormat)} data-testid="bulk-export-format">
              {BULK_FORMATS.map((f) => <FormSelectOption key={f} value={f} label={t(`bulk.formats.${f}`)} />)}
            </FormSelect>
          </FormGroup>
          <Button type="submit" isLoading={action.busy} isDisabled={action.busy} data-testid="bulk-export">{t('bulk.exportButton')}</Button>
        </form>
        <HelperText id="bulk-export-domain-help"><HelperTextItem>{t('bulk.exportDomainHelp')}</HelperTextItem></HelperText>
        <div aria-live="polite">{done && <Alert variant="success" isInline isPlain title={done} className="pf-v5-u-mt-sm" />}</div>
      </CardBody>
    </Card>
  );
}
