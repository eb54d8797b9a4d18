import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormModal } from '../components/FormModal';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useConsole } from '../lib/context';
import { domainTypes } from '../lib/domains';
import { fieldErrors } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { lifetimeLabel, normaliseEmailDomain, RULE_FIELD_ALIASES, RULE_FIELDS, ruleBody, rulePattern, SETTINGS_FIELDS, settingsBody, type Rule, type Settings } from '../lib/selfRegistration';
import type { DomainType, Role, Subject } from '../lib/types';

/** The server's message for a field, under its input, tied to it by aria-describedby. */
function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <FormHelperText>
      <HelperText id={id} aria-live="polite">
        <HelperTextItem variant="error" data-testid={id}>{message}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  );
}

function fieldProps(id: string, message?: string) {
  return message ? { validated: 'error' as const, 'aria-describedby': id + '-error', 'aria-invalid': true } : {};
}

export default function SelfRegistration() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const rules = useLoad(() => api.get<Rule[]>('/self-registration/rules'), []);
  const [edit, setEdit] = useState<Rule | 'new'>();
  const [del, setDel] = useState<Rule>();
  const action = useAction();

  if (!me.can.manageSelfRegistration) {
    // the nav entry is hidden; a typed-in URL still asks the server, whose refusal is shown as it is worded
    return (
      <>
        <PageHeader title={t('selfReg.title')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('selfReg.title') }]} />
        <PageSection><ErrorAlert error={rules.error} />{rules.loading && <Loading />}</PageSection>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={t('selfReg.title')}
        description={t('selfReg.description')}
        crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('selfReg.title') }]}
        actions={<Button onClick={() => setEdit('new')} data-testid="rule-create">{t('selfReg.create')}</Button>}
      />
      <PageSection>
        <Card className="pf-v5-u-mb-md">
          <CardTitle><Title headingLevel="h2" size="lg">{t('selfReg.rules')}</Title></CardTitle>
          <CardBody>
            <ErrorAlert error={rules.error} />
            {rules.loading ? <Loading /> : (rules.data ?? []).length === 0 ? <p data-testid="rule-none">{t('selfReg.none')}</p> : (
              <div className="kc-table-scroll">
                <Table aria-label={t('selfReg.rules')} variant="compact" data-testid="rule-table">
                  <Thead>
                    <Tr>
                      <Th modifier="wrap">{t('selfReg.emailDomain')}</Th>
                      <Th modifier="wrap">{t('selfReg.role')}</Th>
                      <Th modifier="wrap">{t('selfReg.domain')}</Th>
                      <Th modifier="wrap">{t('selfReg.subject')}</Th>
                      <Th modifier="wrap">{t('selfReg.created')}</Th>
                      <Th screenReaderText={t('common.actions')} />
                    </Tr>
                  </Thead>
                  <Tbody>
                    {rules.data!.map((r) => (
                      <Tr key={r.id} data-testid={`rule-row-${r.emailDomain}`}>
                        <Td dataLabel={t('selfReg.emailDomain')}>
                          {rulePattern(r).map((p) => <div key={p} className="kc-break">{p}</div>)}
                        </Td>
                        <Td dataLabel={t('selfReg.role')}>{r.role}</Td>
                        <Td dataLabel={t('selfReg.domain')}>{r.domainType} {r.domainIdentifier}</Td>
                        <Td dataLabel={t('selfReg.subject')}>{r.subject || '–'}</Td>
                        <Td dataLabel={t('selfReg.created')} className="kc-nowrap">{formatDateTime(r.createdAt)}</Td>
                        <Td dataLabel={t('common.actions')} className="kc-nowrap">
                          <Button variant="secondary" size="sm" onClick={() => setEdit(r)} aria-label={t('selfReg.editNamed', { name: r.emailDomain })} data-testid="rule-edit">{t('common.edit')}</Button>{' '}
                          <Button variant="danger" size="sm" onClick={() => { action.setError(undefined); setDel(r); }} aria-label={t('selfReg.deleteNamed', { name: r.emailDomain })} data-testid="rule-delete">{t('common.delete')}</Button>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </div>
            )}
          </CardBody>
        </Card>
        <SettingsCard />
      </PageSection>
      {edit && <RuleForm rule={edit === 'new' ? undefined : edit} onClose={() => setEdit(undefined)} onSaved={() => { setEdit(undefined); rules.reload(); }} />}
      {del && (
        <ConfirmModal
          title={t('selfReg.deleteNamed', { name: del.emailDomain })}
          confirmLabel={t('common.delete')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setDel(undefined)}
          testId="rule-delete-modal"
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/self-registration/rules/${encodeURIComponent(del.id!)}`));
            if (r.ok) {
              setDel(undefined);
              rules.reload();
            }
          }}
        >
          {t('selfReg.deleteText', { name: del.emailDomain })}
        </ConfirmModal>
      )}
    </>
  );
}

function RuleForm({ rule, onClose, onSaved }: { rule?: Rule; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const roles = useLoad(() => api.get<Role[]>('/roles'), []);
  const subjects = useLoad(() => api.get<Subject[]>('/subjects'), []);
  const [types, setTypes] = useState<DomainType[]>([]);
  useEffect(() => {
    domainTypes(api).then(setTypes, () => setTypes([]));
  }, [api]);
  const [form, setForm] = useState<Rule>(rule ?? { emailDomain: '', includeSubdomains: false, role: '', domainType: '', domainIdentifier: '', subject: '' });
  const { byField, rest } = fieldErrors(action.error, RULE_FIELDS, RULE_FIELD_ALIASES);
  const set = (k: keyof Rule) => (_e: unknown, v: string | boolean) => setForm({ ...form, [k]: v });
  const role = (roles.data ?? []).find((r) => r.name === form.role);
  const typeChoices = role?.domainTypes?.length ? types.filter((ty) => role.domainTypes!.includes(ty.code)) : types;
  const group = (field: (typeof RULE_FIELDS)[number], label: string, input: ReactNode, required = true, help?: string) => (
    <FormGroup label={label} fieldId={`rule-${field}`} isRequired={required}>
      {input}
      {help && !byField[field] && (
        <FormHelperText><HelperText id={`rule-${field}-help`}><HelperTextItem>{help}</HelperTextItem></HelperText></FormHelperText>
      )}
      <FieldError id={`rule-${field}-error`} message={byField[field]} />
    </FormGroup>
  );
  return (
    <FormModal
      title={rule ? t('selfReg.editNamed', { name: rule.emailDomain }) : t('selfReg.create')}
      submitLabel={rule ? t('common.save') : t('common.create')}
      busy={action.busy}
      error={rest}
      onClose={onClose}
      testId="rule-form"
      submitTestId="rule-save"
      onSubmit={async () => {
        const body = ruleBody(form, !!rule);
        const r = await action.run(() =>
          rule ? api.send('PUT', `/self-registration/rules/${encodeURIComponent(rule.id!)}`, body) : api.send('POST', '/self-registration/rules', body),
        );
        if (r.ok) onSaved();
      }}
    >
      <ErrorAlert error={roles.error ?? subjects.error} />
      {group('emailDomain', t('selfReg.emailDomain'), (
        <TextInput
          id="rule-emailDomain"
          value={form.emailDomain}
          onChange={set('emailDomain')}
          isRequired
          isDisabled={!!rule}
          placeholder="allowed.edu"
          data-testid="rule-email-domain"
          aria-describedby={byField.emailDomain ? 'rule-emailDomain-error' : 'rule-emailDomain-help'}
          {...(byField.emailDomain ? { validated: 'error' as const, 'aria-invalid': true } : {})}
        />
      ), true, rule ? t('selfReg.emailDomainFixed') : t('selfReg.emailDomainHelp'))}
      <FormGroup fieldId="rule-includeSubdomains">
        <Checkbox
          id="rule-includeSubdomains"
          label={t('selfReg.includeSubdomains')}
          description={t('selfReg.includeSubdomainsHelp', { domain: normaliseEmailDomain(form.emailDomain) || 'allowed.edu' })}
          isChecked={form.includeSubdomains === true}
          onChange={(_e, v) => setForm({ ...form, includeSubdomains: v })}
          data-testid="rule-include-subdomains"
        />
        <FieldError id="rule-includeSubdomains-error" message={byField.includeSubdomains} />
      </FormGroup>
      {group('role', t('selfReg.role'), (
        <FormSelect id="rule-role" value={form.role} onChange={set('role')} isRequired data-testid="rule-role" {...fieldProps('rule-role', byField.role)}>
          <FormSelectOption value="" label={t('selfReg.choose')} isPlaceholder />
          {(roles.data ?? []).map((r) => <FormSelectOption key={r.name} value={r.name} label={r.name} />)}
        </FormSelect>
      ), true, t('selfReg.roleHelp'))}
      {group('domainType', t('selfReg.domainType'), (
        <FormSelect id="rule-domainType" value={form.domainType} onChange={set('domainType')} isRequired data-testid="rule-domain-type" {...fieldProps('rule-domainType', byField.domainType)}>
          <FormSelectOption value="" label={t('selfReg.choose')} isPlaceholder />
          {typeChoices.map((ty) => <FormSelectOption key={ty.code} value={ty.code} label={`${ty.name} (${ty.code})`} />)}
        </FormSelect>
      ))}
      {group('domainIdentifier', t('selfReg.domainIdentifier'), (
        <TextInput id="rule-domainIdentifier" value={form.domainIdentifier} onChange={set('domainIdentifier')} isRequired data-testid="rule-domain-identifier" {...fieldProps('rule-domainIdentifier', byField.domainIdentifier)} />
      ))}
      {group('subject', t('selfReg.subject'), (
        <FormSelect id="rule-subject" value={form.subject ?? ''} onChange={set('subject')} data-testid="rule-subject" {...fieldProps('rule-subject', byField.subject)}>
          <FormSelectOption value="" label={t('selfReg.noSubject')} />
          {(subjects.data ?? []).map((s) => <FormSelectOption key={s.code} value={s.code} label={`${s.name} (${s.code})`} />)}
        </FormSelect>
      ), false, role?.subjectSpecific ? t('selfReg.subjectNeeded') : undefined)}
    </FormModal>
  );
}

function SettingsCard() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const settings = useLoad(() => api.get<Settings>('/self-registration/settings'), []);
  const action = useAction();
  const [form, setForm] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const s = settings.data;
    if (s) setForm(Object.fromEntries(SETTINGS_FIELDS.map((k) => [k, s[k] === undefined || s[k] === null ? '' : String(s[k])])));
  }, [settings.data]);
  const { byField, rest } = fieldErrors(action.error, SETTINGS_FIELDS);
  const labels: Record<(typeof SETTINGS_FIELDS)[number], string> = {
    linkLifetimeSeconds: t('selfReg.linkLifetime'),
    requestsPerAddressPerHour: t('selfReg.perAddress'),
    requestsPerIpPerHour: t('selfReg.perIp'),
  };
  const helps: Record<(typeof SETTINGS_FIELDS)[number], string> = {
    linkLifetimeSeconds: t('selfReg.linkLifetimeHelp', { value: lifetimeLabel(Number(form.linkLifetimeSeconds) || undefined) }),
    requestsPerAddressPerHour: t('selfReg.perAddressHelp'),
    requestsPerIpPerHour: t('selfReg.perIpHelp'),
  };
  return (
    <Card>
      <CardTitle><Title headingLevel="h2" size="lg">{t('selfReg.settings')}</Title></CardTitle>
      <CardBody>
        <ErrorAlert error={settings.error} />
        {settings.loading ? <Loading /> : settings.data && (
          <Form
            className="kc-form"
            data-testid="settings-form"
            onSubmit={async (e) => {
              e.preventDefault();
              setSaved(false);
              const r = await action.run(() => api.send<Settings>('PUT', '/self-registration/settings', settingsBody(form)));
              if (r.ok && r.value) {
                settings.setData(r.value);
                setSaved(true);
              }
            }}
          >
            <ErrorAlert error={rest} />
            <div aria-live="polite">{saved && <Alert variant="success" isInline title={t('common.saved')} className="kc-alert" data-testid="success-alert" />}</div>
            {SETTINGS_FIELDS.map((k) => (
              <FormGroup key={k} label={labels[k]} fieldId={`settings-${k}`} isRequired>
                <TextInput
                  id={`settings-${k}`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  value={form[k] ?? ''}
                  onChange={(_e, v) => { setSaved(false); setForm({ ...form, [k]: v }); }}
                  data-testid={`settings-${k}`}
                  aria-describedby={byField[k] ? `settings-${k}-error` : `settings-${k}-help`}
                  {...(byField[k] ? { validated: 'error' as const, 'aria-invalid': true } : {})}
                />
                {!byField[k] && <FormHelperText><HelperText id={`settings-${k}-help`}><HelperTextItem>{helps[k]}</HelperTextItem></HelperText></FormHelperText>}
                <FieldError id={`settings-${k}-error`} message={byField[k]} />
              </FormGroup>
            ))}
            <ActionGroup>
              <Button type="submit" isLoading={action.busy} isDisabled={action.busy} data-testid="settings-save">{t('common.save')}</Button>
            </ActionGroup>
          </Form>
        )}
      </CardBody>
    </Card>
  );
}
