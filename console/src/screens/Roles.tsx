import { Button, Card, CardBody, Checkbox, FormGroup, HelperText, HelperTextItem, Label, PageSection, TextArea, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormModal } from '../components/FormModal';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useConsole } from '../lib/context';
import { domainTypes } from '../lib/domains';
import type { DomainType, Role, Subject } from '../lib/types';

const list = (s: string) => s.split(/[|,\n]/).map((x) => x.trim()).filter(Boolean);

/** The role catalogue: everyone reads it; realm-level admins (can.manageCatalogue) change it. */
export default function Roles() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const roles = useLoad(() => api.get<Role[]>('/roles'), []);
  const types = useLoad(() => domainTypes(api), []);
  const [edit, setEdit] = useState<Role | 'new'>();
  const [del, setDel] = useState<Role>();
  const action = useAction();
  const can = me.can.manageCatalogue;

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.description')}
        crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('roles.title') }]}
        actions={can && <Button onClick={() => setEdit('new')} data-testid="role-create">{t('roles.create')}</Button>}
      />
      <PageSection>
        <Card>
          <CardBody>
            <ErrorAlert error={roles.error} />
            {roles.loading ? <Loading /> : (
              <div className="kc-table-scroll">
                <Table aria-label={t('roles.title')} variant="compact" data-testid="role-table">
                  <Thead>
                    <Tr>
                      <Th>{t('common.name')}</Th>
                      <Th>{t('roles.domainTypes')}</Th>
                      <Th>{t('roles.kind')}</Th>
                      <Th>{t('roles.grantable')}</Th>
                      <Th>{t('roles.appRoles')}</Th>
                      {can && <Th screenReaderText={t('common.actions')} />}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {(roles.data ?? []).map((r) => (
                      <Tr key={r.id} data-testid={`role-row-${r.name}`}>
                        <Td dataLabel={t('common.name')}>
                          <strong>{r.name}</strong>
                          {r.description && <div className="kc-muted">{r.description}</div>}
                        </Td>
                        <Td dataLabel={t('roles.domainTypes')}>{(r.domainTypes ?? []).join(', ')}</Td>
                        <Td dataLabel={t('roles.kind')}>
                          {r.administrative && <Label color="purple" isCompact>{t('roles.administrative')}</Label>}{' '}
                          {r.subjectSpecific && <Label color="blue" isCompact>{t('roles.subjectSpecific')}</Label>}
                        </Td>
                        <Td dataLabel={t('roles.grantable')}>{r.administrative ? ((r.grantableRoles ?? []).length ? r.grantableRoles!.join(', ') : t('roles.grantAll')) : ''}</Td>
                        <Td dataLabel={t('roles.appRoles')}>{(r.appRoles ?? []).join(', ')}</Td>
                        {can && (
                          <Td dataLabel={t('common.actions')} className="kc-nowrap">
                            <Button variant="secondary" size="sm" onClick={() => setEdit(r)} aria-label={t('roles.editNamed', { name: r.name })}>{t('common.edit')}</Button>{' '}
                            <Button variant="danger" size="sm" onClick={() => { action.setError(undefined); setDel(r); }} aria-label={t('roles.deleteNamed', { name: r.name })}>{t('common.delete')}</Button>
                          </Td>
                        )}
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </div>
            )}
          </CardBody>
        </Card>
      </PageSection>
      {edit && <RoleForm role={edit === 'new' ? undefined : edit} types={types.data ?? []} roles={roles.data ?? []} onClose={() => setEdit(undefined)} onSaved={() => { setEdit(undefined); roles.reload(); }} />}
      {del && (
        <ConfirmModal
          title={t('roles.deleteNamed', { name: del.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setDel(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/roles/${encodeURIComponent(del.id ?? del.name)}`));
            if (r.ok) {
              setDel(undefined);
              roles.reload();
            }
          }}
        >
          {t('roles.deleteText')}
        </ConfirmModal>
      )}
    </>
  );
}

function RoleForm({ role, types, roles, onClose, onSaved }: { role?: Role; types: DomainType[]; roles: Role[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [domainTypesSel, setDomainTypes] = useState<string[]>(role?.domainTypes ?? []);
  const [subjectSpecific, setSubjectSpecific] = useState(role?.subjectSpecific ?? false);
  const [subjectCodes, setSubjectCodes] = useState<string[]>(role?.subjects ?? []);
  const [subjectRequired, setSubjectRequired] = useState(role?.subjectRequired ?? true);
  const subjects = useLoad(() => api.get<Subject[]>('/subjects'), []);
  const [administrative, setAdministrative] = useState(role?.administrative ?? false);
  const [grantable, setGrantable] = useState<string[]>(role?.grantableRoles ?? []);
  const [appRoles, setAppRoles] = useState((role?.appRoles ?? []).join('\n'));
  const toggle = (arr: string[], v: string, on: boolean) => (on ? [...arr, v] : arr.filter((x) => x !== v));

  return (
    <FormModal
      title={role ? t('roles.editNamed', { name: role.name }) : t('roles.create')}
      submitLabel={role ? t('common.save') : t('common.create')}
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      testId="role-form"
      submitTestId="role-save"
      onSubmit={async () => {
        const body: Role = {
          name,
          description,
          domainTypes: domainTypesSel,
          // the role's own subject list (empty: it takes none); subjectSpecific is only the server's summary of it
          subjects: subjectSpecific ? subjectCodes : [],
          subjectRequired: subjectSpecific && subjectRequired,
          administrative,
          grantableRoles: administrative ? grantable : [],
          appRoles: list(appRoles),
        };
        const r = await action.run(() =>
          role ? api.send('PUT', `/roles/${encodeURIComponent(role.id ?? role.name)}`, body) : api.send('POST', '/roles', body),
        );
        if (r.ok) onSaved();
      }}
    >
      <FormGroup label={t('common.name')} fieldId="role-name" isRequired>
        <TextInput id="role-name" value={name} onChange={(_e, v) => setName(v)} isRequired data-testid="role-name" />
      </FormGroup>
      <FormGroup label={t('common.description')} fieldId="role-description">
        <TextArea id="role-description" value={description} onChange={(_e, v) => setDescription(v)} rows={2} />
      </FormGroup>
      <FormGroup label={t('roles.domainTypes')} fieldId="role-types" role="group" isRequired isStack>
        {types.map((ty) => (
          <Checkbox key={ty.code} id={`role-type-${ty.code}`} label={`${ty.name} (${ty.code})`} isChecked={domainTypesSel.includes(ty.code)} onChange={(_e, v) => setDomainTypes(toggle(domainTypesSel, ty.code, v))} />
        ))}
      </FormGroup>
      <FormGroup fieldId="role-flags" role="group" label={t('roles.kind')} isStack>
        <Checkbox
          id="role-subject"
          label={t('roles.subjectSpecific')}
          description={t('roles.subjectHelp')}
          isChecked={subjectSpecific}
          onChange={(_e, v) => {
            setSubjectSpecific(v);
            // a new subject list starts with every subject; the admin unticks what the role may not carry
            if (v && subjectCodes.length === 0) setSubjectCodes((subjects.data ?? []).map((x) => x.code));
          }}
          data-testid="role-subject-specific"
        />
        <Checkbox id="role-admin" label={t('roles.administrative')} description={t('roles.adminHelp')} isChecked={administrative} onChange={(_e, v) => setAdministrative(v)} data-testid="role-administrative" />
      </FormGroup>
      {subjectSpecific && (
        <FormGroup label={t('roles.subjects')} fieldId="role-subjects" role="group" isStack>
          {(subjects.data ?? []).map((x) => (
            <Checkbox key={x.code} id={`role-subject-${x.code}`} label={`${x.name} (${x.code})`} isChecked={subjectCodes.includes(x.code)} onChange={(_e, v) => setSubjectCodes(toggle(subjectCodes, x.code, v))} />
          ))}
          <Checkbox id="role-subject-required" label={t('roles.subjectRequired')} description={t('roles.subjectRequiredHelp')} isChecked={subjectRequired} onChange={(_e, v) => setSubjectRequired(v)} data-testid="role-subject-required" />
        </FormGroup>
      )}
      {administrative && (
        <FormGroup label={t('roles.grantable')} fieldId="role-grantable" role="group" isStack>
          <HelperText><HelperTextItem>{t('roles.grantableHelp')}</HelperTextItem></HelperText>
          {roles.filter((r) => r.name !== role?.name).map((r) => (
            <Checkbox key={r.name} id={`role-grant-${r.id ?? r.name}`} label={r.name} isChecked={grantable.includes(r.name)} onChange={(_e, v) => setGrantable(toggle(grantable, r.name, v))} />
          ))}
        </FormGroup>
      )}
      <FormGroup label={t('roles.appRoles')} fieldId="role-app-roles">
        <TextArea id="role-app-roles" value={appRoles} onChange={(_e, v) => setAppRoles(v)} rows={3} aria-describedby="role-app-roles-help" />
        <HelperText id="role-app-roles-help"><HelperTextItem>{t('roles.appRolesHelp')}</HelperTextItem></HelperText>
      </FormGroup>
    </FormModal>
  );
}
