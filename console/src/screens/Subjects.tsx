import { Button, Card, CardBody, FormGroup, PageSection, TextInput } from '@patternfly/react-core';
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
import type { Subject } from '../lib/types';

export default function Subjects() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const subjects = useLoad(() => api.get<Subject[]>('/subjects'), []);
  const [edit, setEdit] = useState<Subject | 'new'>();
  const [del, setDel] = useState<Subject>();
  const action = useAction();
  const can = me.can.manageCatalogue;
  return (
    <>
      <PageHeader
        title={t('subjects.title')}
        description={t('subjects.description')}
        crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('subjects.title') }]}
        actions={can && <Button onClick={() => setEdit('new')} data-testid="subject-create">{t('subjects.create')}</Button>}
      />
      <PageSection>
        <Card>
          <CardBody>
            <ErrorAlert error={subjects.error} />
            {subjects.loading ? <Loading /> : (subjects.data ?? []).length === 0 ? <p>{t('subjects.none')}</p> : (
              <Table aria-label={t('subjects.title')} variant="compact" data-testid="subject-table">
                <Thead>
                  <Tr>
                    <Th>{t('subjects.code')}</Th>
                    <Th>{t('common.name')}</Th>
                    {can && <Th screenReaderText={t('common.actions')} />}
                  </Tr>
                </Thead>
                <Tbody>
                  {subjects.data!.map((s) => (
                    <Tr key={s.code} data-testid={`subject-row-${s.code}`}>
                      <Td dataLabel={t('subjects.code')}>{s.code}</Td>
                      <Td dataLabel={t('common.name')}>{s.name}</Td>
                      {can && (
                        <Td dataLabel={t('common.actions')} className="kc-nowrap">
                          <Button variant="secondary" size="sm" onClick={() => setEdit(s)} aria-label={t('subjects.editNamed', { name: s.name })}>{t('common.edit')}</Button>{' '}
                          <Button variant="danger" size="sm" onClick={() => { action.setError(undefined); setDel(s); }} aria-label={t('subjects.deleteNamed', { name: s.name })}>{t('common.delete')}</Button>
                        </Td>
                      )}
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </CardBody>
        </Card>
      </PageSection>
      {edit && <SubjectForm subject={edit === 'new' ? undefined : edit} onClose={() => setEdit(undefined)} onSaved={() => { setEdit(undefined); subjects.reload(); }} />}
      {del && (
        <ConfirmModal
          title={t('subjects.deleteNamed', { name: del.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setDel(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/subjects/${encodeURIComponent(del.id ?? del.code)}`));
            if (r.ok) {
              setDel(undefined);
              subjects.reload();
            }
          }}
        >
          {t('subjects.deleteText')}
        </ConfirmModal>
      )}
    </>
  );
}

function SubjectForm({ subject, onClose, onSaved }: { subject?: Subject; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [code, setCode] = useState(subject?.code ?? '');
  const [name, setName] = useState(subject?.name ?? '');
  return (
    <FormModal
      title={subject ? t('subjects.editNamed', { name: subject.name }) : t('subjects.create')}
      submitLabel={subject ? t('common.save') : t('common.create')}
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      variant="small"
      testId="subject-form"
      submitTestId="subject-save"
      onSubmit={async () => {
        const r = await action.run(() =>
          subject ? api.send('PUT', `/subjects/${encodeURIComponent(subject.id ?? subject.code)}`, { code, name }) : api.send('POST', '/subjects', { code, name }),
        );
        if (r.ok) onSaved();
      }}
    >
      <FormGroup label={t('subjects.code')} fieldId="subject-code" isRequired>
        <TextInput id="subject-code" value={code} onChange={(_e, v) => setCode(v)} isRequired data-testid="subject-code" />
      </FormGroup>
      <FormGroup label={t('common.name')} fieldId="subject-name" isRequired>
        <TextInput id="subject-name" value={name} onChange={(_e, v) => setName(v)} isRequired data-testid="subject-name" />
      </FormGroup>
    </FormModal>
  );
}
