import { FormGroup, FormSelect, FormSelectOption, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../lib/context';
import type { Assignment, Domain, Role, Subject } from '../lib/types';
import { DomainPicker } from './DomainPicker';
import { FormModal } from './FormModal';
import { useAction, useLoad } from './hooks';

export interface GrantValue {
  roleId?: string;
  role?: string;
  domainId?: string;
  subject?: string;
  startsAt?: string;
  expiresAt?: string;
}

/** The fields of a role grant: role (limited to the domain's type), domain in scope, subject, start, expiry. */
export function GrantFields({ value, onChange, domain, onDomain }: {
  value: GrantValue;
  onChange: (v: GrantValue) => void;
  domain?: Domain;
  onDomain: (d?: Domain) => void;
}) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const roles = useLoad(() => api.get<Role[]>('/roles'), []);
  const subjects = useLoad(() => api.get<Subject[]>('/subjects'), []);
  const allowed = (roles.data ?? []).filter((r) => !domain || !r.domainTypes || r.domainTypes.length === 0 || r.domainTypes.includes(domain.type));
  const role = (roles.data ?? []).find((r) => r.id === value.roleId);
  return (
    <>
      <FormGroup label={t('assignment.domain')} fieldId="grant-domain" isRequired>
        <DomainPicker id="grant-domain" label={t('assignment.domain')} value={domain} onChange={onDomain} testId="grant-domain" />
      </FormGroup>
      <FormGroup label={t('assignment.role')} fieldId="grant-role" isRequired>
        <FormSelect
          id="grant-role"
          value={value.roleId ?? ''}
          onChange={(_e, v) => {
            const r = (roles.data ?? []).find((x) => x.id === v);
            onChange({ ...value, roleId: v || undefined, role: r?.name, subject: r?.subjects?.includes(value.subject ?? '') ? value.subject : undefined });
          }}
          data-testid="grant-role"
          isRequired
          aria-describedby="grant-role-help"
        >
          <FormSelectOption value="" label={t('grant.chooseRole')} isPlaceholder />
          {allowed.map((r) => <FormSelectOption key={r.id} value={r.id} label={r.name} />)}
        </FormSelect>
        <HelperText id="grant-role-help">
          <HelperTextItem>{domain ? t('grant.rolesForType', { type: domain.type }) : t('grant.rolesAll')}</HelperTextItem>
        </HelperText>
      </FormGroup>
      {(role?.subjects?.length ?? 0) > 0 && (
        <FormGroup label={t('assignment.subject')} fieldId="grant-subject" isRequired={role?.subjectRequired}>
          <FormSelect id="grant-subject" value={value.subject ?? ''} onChange={(_e, v) => onChange({ ...value, subject: v || undefined })} data-testid="grant-subject" isRequired={role?.subjectRequired}>
            <FormSelectOption value="" label={role?.subjectRequired ? t('grant.chooseSubject') : t('grant.anySubject')} isPlaceholder={role?.subjectRequired} />
            {(subjects.data ?? []).filter((s) => role?.subjects?.includes(s.code)).map((s) => <FormSelectOption key={s.code} value={s.code} label={`${s.name} (${s.code})`} />)}
          </FormSelect>
        </FormGroup>
      )}
      <FormGroup label={t('assignment.starts')} fieldId="grant-start">
        <TextInput id="grant-start" type="date" value={value.startsAt ?? ''} onChange={(_e, v) => onChange({ ...value, startsAt: v || undefined })} data-testid="grant-start" />
      </FormGroup>
      <FormGroup label={t('assignment.expires')} fieldId="grant-expiry">
        <TextInput id="grant-expiry" type="date" value={value.expiresAt ?? ''} onChange={(_e, v) => onChange({ ...value, expiresAt: v || undefined })} data-testid="grant-expiry" aria-describedby="grant-expiry-help" />
        <HelperText id="grant-expiry-help">
          <HelperTextItem>{t('assignment.expiryHelp')}</HelperTextItem>
        </HelperText>
      </FormGroup>
    </>
  );
}

export function grantBody(v: GrantValue, domain?: Domain): Partial<Assignment> {
  return { roleId: v.roleId, domainId: domain?.id, subject: v.subject, startsAt: v.startsAt, expiresAt: v.expiresAt };
}

/** Grants a role to a user or a group. */
export function GrantModal({ holder, initialDomain, onClose, onGranted }: {
  holder: { userId?: string; groupId?: string };
  initialDomain?: Domain;
  onClose: () => void;
  onGranted: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [value, setValue] = useState<GrantValue>({});
  const [domain, setDomain] = useState<Domain | undefined>(initialDomain);
  return (
    <FormModal
      title={t('grant.title')}
      submitLabel={t('grant.submit')}
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      testId="grant-form"
      submitTestId="grant-submit"
      onSubmit={async () => {
        const r = await action.run(() => api.send('POST', '/assignments', { ...holder, ...grantBody(value, domain) }));
        if (r.ok) onGranted();
      }}
    >
      <GrantFields value={value} onChange={setValue} domain={domain} onDomain={setDomain} />
    </FormModal>
  );
}
