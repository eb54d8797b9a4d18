import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardTitle,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Label,
  PageSection,
  Switch,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { AssignmentTable } from '../components/AssignmentTable';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormModal } from '../components/FormModal';
import { GrantModal } from '../components/GrantModal';
import { useAction, useDebounced, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { SuccessNotice } from '../components/SuccessNotice';
import { latestSequence } from '../lib/latest';
import { useConsole } from '../lib/context';
import { formatDateTime, formatNumber, userLabel } from '../lib/format';
import type { Assignment, Group, User, UserLogin } from '../lib/types';

const PAGE = 20;

export default function UserDetail() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const { userId = '' } = useParams();
  const navigate = useNavigate();
  const enc = encodeURIComponent(userId);
  const user = useLoad(() => api.get<User>(`/users/${enc}`), [userId]);
  const [dialog, setDialog] = useState<'reset' | 'delete' | undefined>();
  const [notice, setNotice] = useState('');
  const action = useAction();

  if (user.loading && !user.data) return <Loading />;
  if (!user.data) {
    return (
      <>
        <PageHeader title={t('users.detailTitle')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('users.title'), to: '/users' }]} />
        <PageSection><ErrorAlert error={user.error} /></PageSection>
      </>
    );
  }
  const u = user.data;
  const locked = u.hasRolesOutside === true;
  const me_ = me.user;
  const adminName = `${userLabel(me_)}${me_.email ? ` <${me_.email}>` : ''}`;

  return (
    <>
      <PageHeader
        title={userLabel(u) || u.username || ''}
        description={u.username}
        crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('users.title'), to: '/users' }, { label: u.username ?? '' }]}
        actions={
          <>
            {me.can.manageUsers && u.email && (
              <Button variant="secondary" onClick={() => { action.setError(undefined); setDialog('reset'); }} data-testid="user-reset-password">
                {t('users.resetPassword')}
              </Button>
            )}
            {me.can.manageUsers && !locked && (
              <Button variant="danger" onClick={() => { action.setError(undefined); setDialog('delete'); }} data-testid="user-delete">
                {t('common.delete')}
              </Button>
            )}
          </>
        }
      />
      <PageSection data-testid="user-detail">
        <SuccessNotice message={notice} />
        <Profile
          user={u}
          onSaving={() => setNotice('')}
          onSaved={(nu) => {
            const name = u.username ?? '';
            const enabledNow = nu.enabled ?? u.enabled;
            setNotice(enabledNow !== u.enabled ? (enabledNow === false ? t('users.disabledNotice', { name }) : t('users.enabledNotice', { name })) : t('common.saved'));
            user.setData({ ...u, ...nu });
          }}
        />
        <UserAssignments userId={userId} />
        <UserGroups userId={userId} username={u.username ?? ''} onNotice={setNotice} />
        {me.can.readReports && <UserLogins userId={userId} />}
      </PageSection>
      {dialog === 'reset' && (
        <ConfirmModal
          title={t('users.resetTitle')}
          confirmLabel={t('users.resetSend')}
          busy={action.busy}
          error={action.error}
          onClose={() => setDialog(undefined)}
          testId="reset-password-modal"
          onConfirm={async () => {
            const r = await action.run(() => api.send('POST', `/users/${enc}/reset-password-email`));
            if (r.ok) {
              setDialog(undefined);
              setNotice(t('users.resetSent', { email: u.email }));
            }
          }}
        >
          <p>{t('users.resetText', { email: u.email })}</p>
          <p className="pf-v5-u-mt-sm"><strong>{t('users.resetNamesYou', { admin: adminName })}</strong></p>
        </ConfirmModal>
      )}
      {dialog === 'delete' && (
        <ConfirmModal
          title={t('users.deleteTitle', { name: u.username })}
          confirmLabel={t('common.delete')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setDialog(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/users/${enc}`));
            // the notice goes with the navigation: the users list shows it
            if (r.ok) navigate('/users', { state: { notice: t('users.deletedNotice', { name: u.username }) } });
          }}
        >
          {t('users.deleteText')}
        </ConfirmModal>
      )}
    </>
  );
}

function Profile({ user, onSaving, onSaved }: { user: User; onSaving: () => void; onSaved: (u: User) => void }) {
  const { t } = useTranslation();
  const { api, me, config } = useConsole();
  const action = useAction();
  const [form, setForm] = useState<User>(user);
  useEffect(() => setForm(user), [user]);
  const locked = user.hasRolesOutside === true;
  const readOnly = !me.can.manageUsers;
  const accountUrl = `${config.authServerUrl.replace(/\/$/, '')}/realms/${encodeURIComponent(config.realm)}/account`;

  const save = async () => {
    const body: User = { firstName: form.firstName ?? '', lastName: form.lastName ?? '' };
    if (!locked && form.email !== user.email) body.email = form.email;
    if (!locked && form.enabled !== user.enabled) body.enabled = form.enabled;
    onSaving();
    const r = await action.run(() => api.send<User>('PUT', `/users/${encodeURIComponent(user.id!)}`, body));
    if (r.ok) onSaved(r.value ?? body);
  };

  return (
    <Card className="pf-v5-u-mb-md">
      <CardTitle><Title headingLevel="h2" size="lg">{t('users.profile')}</Title></CardTitle>
      <CardBody>
        <ErrorAlert error={action.error} />
        <Form
          className="kc-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <FormGroup label={t('user.username')} fieldId="user-username">
            <TextInput id="user-username" value={user.username ?? ''} readOnlyVariant="default" />
          </FormGroup>
          <FormGroup label={t('user.email')} fieldId="user-email-input">
            <TextInput
              id="user-email-input"
              type="email"
              value={form.email ?? ''}
              onChange={(_e, v) => setForm({ ...form, email: v })}
              readOnlyVariant={locked || readOnly ? 'default' : undefined}
              aria-describedby={locked ? 'user-email-locked-help' : undefined}
              data-testid="user-email"
            />
            {locked && (
              <HelperText id="user-email-locked-help" data-testid="user-email-locked-help">
                <HelperTextItem variant="warning" hasIcon>
                  {t('users.emailLocked')}{' '}
                  <a href={accountUrl} target="_blank" rel="noreferrer" className="kc-underline">{t('users.accountConsole')}</a>
                </HelperTextItem>
              </HelperText>
            )}
          </FormGroup>
          <FormGroup label={t('user.firstName')} fieldId="user-first">
            <TextInput id="user-first" value={form.firstName ?? ''} onChange={(_e, v) => setForm({ ...form, firstName: v })} readOnlyVariant={readOnly ? 'default' : undefined} />
          </FormGroup>
          <FormGroup label={t('user.lastName')} fieldId="user-last">
            <TextInput id="user-last" value={form.lastName ?? ''} onChange={(_e, v) => setForm({ ...form, lastName: v })} readOnlyVariant={readOnly ? 'default' : undefined} />
          </FormGroup>
          {!locked && !readOnly ? (
            <FormGroup label={t('user.status')} fieldId="user-enabled" role="group">
              <Switch id="user-enabled" label={t('user.enabled')} labelOff={t('user.disabled')} isChecked={form.enabled !== false} onChange={(_e, v) => setForm({ ...form, enabled: v })} data-testid="user-enabled" />
            </FormGroup>
          ) : (
            <p>
              {t('user.status')}: <Label color={user.enabled === false ? 'grey' : 'green'}>{user.enabled === false ? t('user.disabled') : t('user.enabled')}</Label>
            </p>
          )}
          {!readOnly && (
            <ActionGroup>
              <Button type="submit" isLoading={action.busy} isDisabled={action.busy} data-testid="user-save">{t('common.save')}</Button>
              <Button variant="link" onClick={() => setForm(user)}>{t('common.revert')}</Button>
            </ActionGroup>
          )}
        </Form>
      </CardBody>
    </Card>
  );
}

function UserAssignments({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [first, setFirst] = useState(0);
  const [grant, setGrant] = useState(false);
  const list = useLoad(() => api.page<Assignment>(`/users/${encodeURIComponent(userId)}/assignments`, { first, max: PAGE }), [userId, first]);
  return (
    <Card className="pf-v5-u-mb-md">
      <CardTitle>
        <div className="kc-header-row">
          <Title headingLevel="h2" size="lg">{t('users.assignments')}</Title>
          {me.can.grant && <Button onClick={() => setGrant(true)} data-testid="grant-open">{t('grant.open')}</Button>}
        </div>
      </CardTitle>
      <CardBody>
        <p className="kc-muted pf-v5-u-mb-sm">{t('users.assignmentsHelp')}</p>
        <ErrorAlert error={list.error} />
        {list.loading ? <Loading /> : <AssignmentTable items={list.data?.items ?? []} label={t('users.assignments')} editable={me.can.grant} onChanged={list.reload} />}
        {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} onChange={setFirst} label={t('users.assignments')} />}
      </CardBody>
      {grant && <GrantModal holder={{ userId }} onClose={() => setGrant(false)} onGranted={() => { setGrant(false); list.reload(); }} />}
    </Card>
  );
}

function UserGroups({ userId, username, onNotice }: { userId: string; username: string; onNotice: (text: string) => void }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const groups = useLoad(() => api.get<Group[]>(`/users/${encodeURIComponent(userId)}/groups`), [userId]);
  const [adding, setAdding] = useState(false);
  const [remove, setRemove] = useState<Group>();
  const action = useAction();
  return (
    <Card>
      <CardTitle>
        <div className="kc-header-row">
          <Title headingLevel="h2" size="lg">{t('users.groups')}</Title>
          {me.can.manageGroups && <Button variant="secondary" onClick={() => { onNotice(''); setAdding(true); }} data-testid="user-group-add">{t('users.addToGroup')}</Button>}
        </div>
      </CardTitle>
      <CardBody>
        <ErrorAlert error={groups.error} />
        {groups.loading ? <Loading /> : (groups.data ?? []).length === 0 ? <p>{t('users.noGroups')}</p> : (
          <Table aria-label={t('users.groups')} variant="compact">
            <Thead>
              <Tr>
                <Th>{t('common.name')}</Th>
                <Th>{t('groups.domain')}</Th>
                {me.can.manageGroups && <Th screenReaderText={t('common.actions')} />}
              </Tr>
            </Thead>
            <Tbody>
              {groups.data!.map((g) => (
                <Tr key={g.id} data-testid={`user-group-row-${g.name}`}>
                  <Td dataLabel={t('common.name')}><Link to={`/groups/${g.id}`}>{g.name}</Link></Td>
                  <Td dataLabel={t('groups.domain')}>{g.domainType} {g.domainIdentifier}</Td>
                  {me.can.manageGroups && (
                    <Td dataLabel={t('common.actions')}>
                      <Button variant="secondary" size="sm" onClick={() => { action.setError(undefined); onNotice(''); setRemove(g); }} aria-label={t('users.removeFromGroupNamed', { name: g.name })} data-testid={`user-group-remove-${g.name}`}>
                        {t('common.remove')}
                      </Button>
                    </Td>
                  )}
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </CardBody>
      {adding && <AddToGroup userId={userId} onClose={() => setAdding(false)} onAdded={(g) => { setAdding(false); groups.reload(); onNotice(t('users.addedToGroupNotice', { user: username, name: g.name })); }} />}
      {remove && (
        <ConfirmModal
          title={t('users.removeFromGroup')}
          confirmLabel={t('common.remove')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setRemove(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/groups/${remove.id}/members/${encodeURIComponent(userId)}`));
            if (r.ok) {
              setRemove(undefined);
              groups.reload();
              onNotice(t('users.removedFromGroupNotice', { user: username, name: remove.name }));
            }
          }}
        >
          {t('users.removeFromGroupText', { name: remove.name })}
        </ConfirmModal>
      )}
    </Card>
  );
}

/**
 * Adds the user to a group found by typing (search as you type): answers that arrive after a newer request started
 * are dropped, so the list is always the answer to what the field says. The submit button names the picked group.
 */
function AddToGroup({ userId, onClose, onAdded }: { userId: string; onClose: () => void; onAdded: (g: Group) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [text, setText] = useState('');
  const typed = useDebounced(text, 250);
  const [results, setResults] = useState<Group[]>();
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<unknown>();
  const [picked, setPicked] = useState<Group>();
  const seq = useRef(latestSequence()).current;
  const find = (term: string) => {
    const ticket = seq.next();
    setSearching(true);
    api.get<Group[]>('/groups', { search: term.trim() || undefined, max: 20 }).then(
      (r) => {
        if (!ticket.isLatest()) return;
        setSearchError(undefined);
        setResults(r);
        setSearching(false);
      },
      (e) => {
        if (!ticket.isLatest()) return;
        setSearchError(e);
        setSearching(false);
      },
    );
  };
  useEffect(() => {
    find(typed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);
  return (
    <FormModal
      title={t('users.addToGroup')}
      submitLabel={picked ? t('users.addToNamedGroup', { name: picked.name }) : t('users.addToGroup')}
      busy={action.busy}
      error={action.error ?? searchError}
      onClose={onClose}
      testId="add-to-group"
      submitTestId="add-to-group-submit"
      onSubmit={async () => {
        if (!picked) {
          action.setError(new Error(t('users.pickGroupFirst')));
          return;
        }
        const r = await action.run(() => api.send('PUT', `/groups/${picked.id}/members/${encodeURIComponent(userId)}`));
        if (r.ok) onAdded(picked);
      }}
    >
      <FormGroup label={t('groups.findGroup')} fieldId="group-find">
        <TextInput id="group-find" type="search" value={text} onChange={(_e, v) => setText(v)} data-testid="group-search" autoComplete="off" />
      </FormGroup>
      <div aria-live="polite" aria-busy={searching} data-testid="group-results">
        {picked && <p>{t('groups.picked', { name: picked.name })}</p>}
        {results && results.length === 0 && <p>{t('groups.none')}</p>}
        {results && results.length > 0 && (
          <ul className="kc-pick-list" aria-label={t('groups.results')}>
            {results.map((g) => (
              <li key={g.id}>
                <Button variant="link" isInline onClick={() => { action.setError(undefined); setPicked(g); }} aria-pressed={picked?.id === g.id} data-testid={`group-option-${g.name}`}>
                  {g.name} ({g.domainType} {g.domainIdentifier})
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </FormModal>
  );
}

/** The user's last login per application (GET reports/users/{id}/logins), most recent first as the API orders it. */
function UserLogins({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const logins = useLoad(() => api.get<UserLogin[]>(`/reports/users/${encodeURIComponent(userId)}/logins`), [userId]);
  return (
    <Card className="pf-v5-u-mt-md" data-testid="user-logins">
      <CardTitle><Title headingLevel="h2" size="lg">{t('reports.lastLogins')}</Title></CardTitle>
      <CardBody>
        <ErrorAlert error={logins.error} />
        {logins.loading ? <Loading /> : (logins.data ?? []).length === 0 ? <p data-testid="user-logins-none">{t('reports.noUserLogins')}</p> : (
          <div className="kc-table-scroll">
            <Table aria-label={t('reports.lastLogins')} variant="compact" data-testid="user-logins-table">
              <Thead>
                <Tr>
                  <Th modifier="wrap">{t('reports.application')}</Th>
                  <Th modifier="wrap">{t('reports.lastLogin')}</Th>
                  <Th modifier="wrap">{t('reports.firstLogin')}</Th>
                  <Th modifier="wrap">{t('reports.logins')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {logins.data!.map((l) => (
                  <Tr key={l.application} data-testid={`user-login-${l.application}`}>
                    <Td dataLabel={t('reports.application')}>{l.application}</Td>
                    <Td dataLabel={t('reports.lastLogin')} className="kc-nowrap" data-testid="last">{formatDateTime(l.lastLogin)}</Td>
                    <Td dataLabel={t('reports.firstLogin')} className="kc-nowrap">{formatDateTime(l.firstLogin)}</Td>
                    <Td dataLabel={t('reports.logins')} data-testid="count">{formatNumber(l.logins)}</Td>
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
