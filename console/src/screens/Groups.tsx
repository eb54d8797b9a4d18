import { Button, Card, CardBody, FormGroup, PageSection, TextArea, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { DomainPicker } from '../components/DomainPicker';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormModal } from '../components/FormModal';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { useConsole } from '../lib/context';
import type { Domain, Group } from '../lib/types';

const PAGE = 20;

export default function Groups() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const navigate = useNavigate();
  const [first, setFirst] = useState(0);
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const groups = useLoad(() => api.page<Group>('/groups', { search: search || undefined, first, max: PAGE }), [search, first]);
  return (
    <>
      <PageHeader
        title={t('groups.title')}
        description={t('groups.description')}
        crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('groups.title') }]}
        actions={me.can.manageGroups && <Button onClick={() => setCreating(true)} data-testid="group-create">{t('groups.create')}</Button>}
      />
      <PageSection>
        <Card>
          <CardBody>
            <form
              role="search"
              className="kc-toolbar-row"
              onSubmit={(e) => {
                e.preventDefault();
                setFirst(0);
                setSearch(text.trim());
              }}
            >
              <TextInput type="search" aria-label={t('groups.search')} placeholder={t('groups.search')} value={text} onChange={(_e, v) => setText(v)} data-testid="group-search" className="kc-grow" />
              <Button type="submit" variant="secondary">{t('common.search')}</Button>
            </form>
            <ErrorAlert error={groups.error} />
            {groups.loading ? <Loading /> : (groups.data?.items ?? []).length === 0 ? <p>{t('groups.none')}</p> : (
              <div className="kc-table-scroll">
                <Table aria-label={t('groups.title')} variant="compact" data-testid="group-table">
                  <Thead>
                    <Tr>
                      <Th>{t('common.name')}</Th>
                      <Th>{t('groups.domain')}</Th>
                      <Th>{t('common.description')}</Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {groups.data!.items.map((g) => (
                      <Tr key={g.id} data-testid={`group-row-${g.name}`}>
                        <Td dataLabel={t('common.name')}><Link to={`/groups/${g.id}`}>{g.name}</Link></Td>
                        <Td dataLabel={t('groups.domain')}>{g.domainId ? <Link to={`/hierarchy/${g.domainId}`}>{g.domainType} {g.domainIdentifier}</Link> : ''}</Td>
                        <Td dataLabel={t('common.description')}>{g.description}</Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </div>
            )}
            {groups.data && <Pager first={first} max={PAGE} count={groups.data.items.length} total={groups.data.total} onChange={setFirst} label={t('groups.title')} />}
          </CardBody>
        </Card>
      </PageSection>
      {creating && <GroupForm onClose={() => setCreating(false)} onSaved={(g) => navigate(`/groups/${g.id}`)} />}
    </>
  );
}

export function GroupForm({ group, onClose, onSaved }: { group?: Group; onClose: () => void; onSaved: (g: Group) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [domain, setDomain] = useState<Domain>();
  return (
    <FormModal
      title={group ? t('groups.editNamed', { name: group.name }) : t('groups.create')}
      submitLabel={group ? t('common.save') : t('common.create')}
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      testId="group-form"
      submitTestId="group-save"
      onSubmit={async () => {
        const r = await action.run(() =>
          group
            ? api.send<Group>('PUT', `/groups/${group.id}`, { name, description })
            : api.send<Group>('POST', '/groups', { name, description, domainId: domain?.id }),
        );
        if (r.ok) onSaved(r.value ?? { ...group!, name, description });
      }}
    >
      <FormGroup label={t('common.name')} fieldId="group-name" isRequired>
        <TextInput id="group-name" value={name} onChange={(_e, v) => setName(v)} isRequired data-testid="group-name" />
      </FormGroup>
      {!group && (
        <FormGroup label={t('groups.owningDomain')} fieldId="group-domain" isRequired>
          <DomainPicker id="group-domain" label={t('groups.owningDomain')} value={domain} onChange={setDomain} testId="group-domain" />
        </FormGroup>
      )}
      <FormGroup label={t('common.description')} fieldId="group-description">
        <TextArea id="group-description" value={description} onChange={(_e, v) => setDescription(v)} rows={2} />
      </FormGroup>
    </FormModal>
  );
}
