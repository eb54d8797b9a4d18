import { Button, Card, CardBody, CardTitle, FormGroup, PageSection, TextInput, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { AssignmentTable } from '../components/AssignmentTable';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormModal } from '../components/FormModal';
import { GrantModal } from '../components/GrantModal';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { SuccessNotice } from '../components/SuccessNotice';
import { useConsole } from '../lib/context';
import { userLabel } from '../lib/format';
import type { Assignment, Group, User } from '../lib/types';
import { GroupForm } from './Groups';

const PAGE = 20;

export default function GroupDetail() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const { groupId = '' } = useParams();
  const navigate = useNavigate();
  const group = useLoad(() => api.get<Group>(`/groups/${encodeURIComponent(groupId)}`), [groupId]);
  const [dialog, setDialog] = useState<'edit' | 'delete'>();
  const action = useAction();
  const crumbs = [{ label: t('nav.home'), to: '/' }, { label: t('groups.title'), to: '/groups' }];
  if (group.loading && !group.data) return <Loading />;
  if (!group.data) {
    return (
      <>
        <PageHeader title={t('groups.title')} crumbs={crumbs} />
        <PageSection><ErrorAlert error={group.error} /></PageSection>
      </>
    );
  }
  const g = group.data;
  return (
    <>
      <PageHeader
        title={g.name}
        description={`${g.domainType ?? ''} ${g.domainIdentifier ?? ''}${g.description ? ' · ' + g.description : ''}`}
        crumbs={[...crumbs, { label: g.name }]}
        actions={
          me.can.manageGroups && (
            <>
              <Button variant="secondary" onClick={() => setDialog('edit')} data-testid="group-edit">{t('common.edit')}</Button>
              <Button variant="danger" onClick={() => { action.setError(undefined); setDialog('delete'); }} data-testid="group-delete">{t('common.delete')}</Button>
            </>
          )
        }
      />
      <PageSection>
        <Members groupId={groupId} />
        <GroupAssignments groupId={groupId} />
      </PageSection>
      {dialog === 'edit' && <GroupForm group={g} onClose={() => setDialog(undefined)} onSaved={(ng) => { setDialog(undefined); group.setData({ ...g, ...ng }); }} />}
      {dialog === 'delete' && (
        <ConfirmModal
          title={t('groups.deleteNamed', { name: g.name })}
          confirmLabel={t('common.delete')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/groups/${encodeURIComponent(groupId)}`));
            if (r.ok) navigate('/groups');
          }}
        >
          {t('groups.deleteText')}
        </ConfirmModal>
      )}
    </>
  );
}

function Members({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [first, setFirst] = useState(0);
  const members = useLoad(() => api.page<User>(`/groups/${encodeURIComponent(groupId)}/members`, { first, max: PAGE }), [groupId, first]);
  const [adding, setAdding] = useState(false);
  const [remove, setRemove] = useState<User>();
  const [notice, setNotice] = useState('');
  const action = useAction();
  return (
    <Card className="pf-v5-u-mb-md" data-testid="group-members">
      <CardTitle>
        <div className="kc-header-row">
          <Title headingLevel="h2" size="lg">{t('groups.members')}</Title>
          {me.can.manageGroups && <Button onClick={() => { setNotice(''); setAdding(true); }} data-testid="group-add-member">{t('groups.addMember')}</Button>}
        </div>
      </CardTitle>
      <CardBody>
        <SuccessNotice message={notice} />
        <ErrorAlert error={members.error} />
        {members.loading ? <Loading /> : (members.data?.items ?? []).length === 0 ? <p>{t('groups.noMembers')}</p> : (
          <div className="kc-table-scroll">
            <Table aria-label={t('groups.members')} variant="compact">
              <Thead>
                <Tr>
                  <Th>{t('user.username')}</Th>
                  <Th>{t('user.name')}</Th>
                  <Th>{t('user.email')}</Th>
                  {me.can.manageGroups && <Th screenReaderText={t('common.actions')} />}
                </Tr>
              </Thead>
              <Tbody>
                {members.data!.items.map((u) => (
                  <Tr key={u.id} data-testid={`member-row-${u.username}`}>
                    <Td dataLabel={t('user.username')}><Link to={`/users/${u.id}`}>{u.username}</Link></Td>
                    <Td dataLabel={t('user.name')}>{userLabel({ firstName: u.firstName, lastName: u.lastName })}</Td>
                    <Td dataLabel={t('user.email')}>{u.email}</Td>
                    {me.can.manageGroups && (
                      <Td dataLabel={t('common.actions')}>
                        <Button variant="secondary" size="sm" onClick={() => { action.setError(undefined); setNotice(''); setRemove(u); }} aria-label={t('groups.removeMemberNamed', { name: u.username })}>{t('common.remove')}</Button>
                      </Td>
                    )}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </div>
        )}
        {members.data && <Pager first={first} max={PAGE} count={members.data.items.length} total={members.data.total} onChange={setFirst} label={t('groups.members')} />}
      </CardBody>
      {adding && <AddMember groupId={groupId} onClose={() => setAdding(false)} onAdded={(u) => { setAdding(false); members.reload(); setNotice(t('groups.memberAddedNotice', { user: u.username })); }} />}
      {remove && (
        <ConfirmModal
          title={t('groups.removeMember')}
          confirmLabel={t('common.remove')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setRemove(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(remove.id!)}`));
            if (r.ok) {
              setRemove(undefined);
              members.reload();
              setNotice(t('groups.memberRemovedNotice', { user: remove.username }));
            }
          }}
        >
          {t('groups.removeMemberText', { name: remove.username })}
        </ConfirmModal>
      )}
    </Card>
  );
}

function AddMember({ groupId, onClose, onAdded }: { groupId: string; onClose: () => void; onAdded: (u: User) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [text, setText] = useState('');
  const [results, setResults] = useState<User[]>();
  const [picked, setPicked] = useState<User>();
  const find = async () => {
    const r = await action.run(() => api.get<User[]>('/users', { search: text.trim() || undefined, max: 10 }));
    if (r.ok) setResults(r.value);
  };
  return (
    <FormModal
      title={t('groups.addMember')}
      submitLabel={picked ? t('groups.addNamed', { name: picked.username }) : t('common.search')}
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      testId="add-member"
      submitTestId="add-member-submit"
      onSubmit={async () => {
        if (!picked) {
          void find();
          return;
        }
        const r = await action.run(() => api.send('PUT', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(picked.id!)}`));
        if (r.ok) onAdded(picked);
      }}
    >
      <FormGroup label={t('groups.findUser')} fieldId="member-find">
        <TextInput id="member-find" type="search" value={text} onChange={(_e, v) => { setText(v); setPicked(undefined); }} data-testid="member-search" />
      </FormGroup>
      <div aria-live="polite">
        {picked && <p>{t('groups.picked', { name: picked.username })}</p>}
        {results && results.length === 0 && <p>{t('users.none')}</p>}
        {results && results.length > 0 && (
          <ul className="kc-pick-list" aria-label={t('groups.userResults')}>
            {results.map((u) => (
              <li key={u.id}>
                <Button variant="link" isInline onClick={() => setPicked(u)} aria-pressed={picked?.id === u.id} data-testid={`member-option-${u.username}`}>
                  {u.username} {u.email && u.email !== u.username ? `(${u.email})` : ''}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </FormModal>
  );
}

function GroupAssignments({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [first, setFirst] = useState(0);
  const [grant, setGrant] = useState(false);
  const list = useLoad(() => api.page<Assignment>(`/groups/${encodeURIComponent(groupId)}/assignments`, { first, max: PAGE }), [groupId, first]);
  return (
    <Card>
      <CardTitle>
        <div className="kc-header-row">
          <Title headingLevel="h2" size="lg">{t('groups.assignments')}</Title>
          {me.can.grant && <Button variant="secondary" onClick={() => setGrant(true)} data-testid="group-grant-open">{t('grant.open')}</Button>}
        </div>
      </CardTitle>
      <CardBody>
        <p className="kc-muted pf-v5-u-mb-sm">{t('groups.assignmentsHelp')}</p>
        <ErrorAlert error={list.error} />
        {list.loading ? <Loading /> : <AssignmentTable items={list.data?.items ?? []} label={t('groups.assignments')} editable={me.can.grant} onChanged={list.reload} />}
        {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} onChange={setFirst} label={t('groups.assignments')} />}
      </CardBody>
      {grant && <GrantModal holder={{ groupId }} onClose={() => setGrant(false)} onGranted={() => { setGrant(false); list.reload(); }} />}
    </Card>
  );
}
