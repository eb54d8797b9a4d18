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
  Label,
  Switch,
  Tab,
  Tabs,
  TabTitleText,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { AssignmentTable } from '../components/AssignmentTable';
import { ConfirmModal } from '../components/ConfirmModal';
import { DomainPicker } from '../components/DomainPicker';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormModal } from '../components/FormModal';
import { useAction, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { Pager } from '../components/Pager';
import { useConsole } from '../lib/context';
import { ancestors, domainTypes } from '../lib/domains';
import { formatDateTime, userLabel } from '../lib/format';
import type { Assignment, Domain, DomainType, User } from '../lib/types';

const PAGE = 20;

type Dialog = 'create' | 'edit' | 'move' | 'deactivate' | 'delete' | undefined;

export function DomainDetail({ id, onDeleted, onChanged, onMoved, onCreated }: {
  id: string;
  onDeleted: (d: Domain) => void;
  onChanged: (d: Domain) => void;
  onMoved: (d: Domain, oldParent?: string) => void;
  onCreated: (d: Domain) => void;
}) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const enc = encodeURIComponent(id);
  const domain = useLoad(() => api.get<Domain>(`/domains/${enc}`), [id]);
  const path = useLoad(() => ancestors(api, id), [id]);
  const types = useLoad(() => domainTypes(api), []);
  const [tab, setTab] = useState<string | number | undefined>();
  const [dialog, setDialog] = useState<Dialog>();
  const [notice, setNotice] = useState('');

  if (domain.loading && !domain.data) return <Loading />;
  if (domain.error || !domain.data) return <ErrorAlert error={domain.error} />;
  const d = domain.data;
  const isScopeRoot = !me.realmAdmin && me.scopeRoots.some((r) => r.id === d.id);
  // The server decides; the console only leaves out what cannot succeed (a delegated admin's own scope root).
  const canEdit = me.can.manageDomains && !isScopeRoot;
  const childTypes = (types.data ?? []).filter((ty) => (ty.parentTypes ?? []).includes(d.type));
  const close = () => setDialog(undefined);
  // a leaf type (a school) has no children: its tabs start at the users
  const leaf = types.data !== undefined && childTypes.length === 0;
  const activeTab = tab ?? (leaf ? 'users' : 'children');
  // Ancestors above a delegated admin's scope root are shown (where the school belongs) but not linked: opening them
  // would be refused.
  const inScope = (all: Domain[], i: number) => {
    if (me.realmAdmin || me.viewer) return true;
    const rootIdx = all.findIndex((a) => me.scopeRoots.some((r) => r.id === a.id));
    return rootIdx >= 0 && i >= rootIdx;
  };

  return (
    <Card data-testid="domain-detail">
      <CardTitle>
        <nav aria-label={t('hierarchy.ancestors')} className="pf-v5-c-breadcrumb pf-v5-u-mb-sm">
          <ol className="pf-v5-c-breadcrumb__list">
            {(path.data ?? []).map((a, i, all) => (
              <li className="pf-v5-c-breadcrumb__item" key={a.id}>
                <span className="pf-v5-c-breadcrumb__item-divider" aria-hidden="true">›</span>
                {inScope(all, i) ? (
                  <Link className="pf-v5-c-breadcrumb__link" to={`/hierarchy/${a.id}`}>{a.name}</Link>
                ) : (
                  <span className="kc-muted">{a.name}</span>
                )}
              </li>
            ))}
            <li className="pf-v5-c-breadcrumb__item">
              <span className="pf-v5-c-breadcrumb__item-divider" aria-hidden="true">›</span>
              <span className="pf-v5-c-breadcrumb__link pf-m-current" aria-current="page">{d.name}</span>
            </li>
          </ol>
        </nav>
        <Title headingLevel="h2" size="xl">
          {d.name} <Label isCompact>{d.type}</Label>{' '}
          {d.active === false && <Label isCompact color="orange">{t('domain.inactive')}</Label>}
        </Title>
      </CardTitle>
      <CardBody>
        <div aria-live="polite">{notice && <Alert variant="success" isInline isPlain title={notice} className="kc-alert" />}</div>
        <div className="kc-header-actions pf-v5-u-mb-md">
          {me.can.manageDomains && childTypes.length > 0 && (
            <Button variant="primary" onClick={() => setDialog('create')} data-testid="domain-create">{t('domain.createChild')}</Button>
          )}
          {canEdit && (
            <>
              <Button variant="secondary" onClick={() => setDialog('edit')} data-testid="domain-edit">{t('common.edit')}</Button>
              <Button variant="secondary" onClick={() => setDialog('move')} data-testid="domain-move">{t('domain.move')}</Button>
              <Button variant="secondary" onClick={() => setDialog('deactivate')} data-testid="domain-deactivate">
                {d.active === false ? t('domain.activate') : t('domain.deactivate')}
              </Button>
              <Button variant="danger" onClick={() => setDialog('delete')} data-testid="domain-delete">{t('common.delete')}</Button>
            </>
          )}
        </div>
        <DescriptionList isCompact isHorizontal columnModifier={{ default: '1Col', lg: '2Col' }}>
          <Prop term={t('domain.identifier')} value={d.identifier} />
          <Prop term={t('domain.type')} value={(types.data ?? []).find((x) => x.code === d.type)?.name ?? d.type} />
          <Prop term={t('domain.ncesId')} value={d.ncesId} />
          <Prop term={t('domain.status')} value={d.active === false ? t('domain.inactive') : t('domain.active')} />
          <Prop term={t('domain.parent')} value={d.parentIdentifier ? `${d.parentType} ${d.parentIdentifier}` : t('domain.realmRoot')} />
          <Prop term={t('domain.created')} value={formatDateTime(d.createdAt)} />
          <Prop term={t('domain.updated')} value={formatDateTime(d.updatedAt)} />
          <Prop term={t('common.id')} value={d.id} />
        </DescriptionList>
        <Tabs activeKey={activeTab} onSelect={(_e, k) => setTab(k)} aria-label={t('domain.sections')} className="pf-v5-u-mt-md" mountOnEnter unmountOnExit>
          {!leaf && (
            <Tab eventKey="children" title={<TabTitleText>{t('domain.children')}</TabTitleText>}>
              <DomainList path={`/domains/${enc}/children`} label={t('domain.children')} />
            </Tab>
          )}
          {!leaf && (
            <Tab eventKey="descendants" title={<TabTitleText>{t('domain.descendants')}</TabTitleText>}>
              <DomainList path={`/domains/${enc}/descendants`} label={t('domain.descendants')} types={types.data} />
            </Tab>
          )}
          <Tab eventKey="users" title={<TabTitleText>{t('domain.users')}</TabTitleText>}>
            <DomainUsers id={id} />
          </Tab>
          <Tab eventKey="assignments" title={<TabTitleText>{t('domain.assignments')}</TabTitleText>}>
            <DomainAssignments id={id} />
          </Tab>
        </Tabs>
      </CardBody>

      {dialog === 'create' && (
        <DomainForm
          parent={d}
          types={childTypes}
          onClose={close}
          onSaved={(c) => {
            close();
            setNotice(t('domain.createdNotice', { name: c.name }));
            onCreated(c);
          }}
        />
      )}
      {dialog === 'edit' && (
        <DomainForm
          domain={d}
          types={types.data ?? []}
          onClose={close}
          onSaved={(c) => {
            close();
            domain.setData(c);
            onChanged(c);
            setNotice(t('common.saved'));
          }}
        />
      )}
      {dialog === 'move' && (
        <MoveDialog
          domain={d}
          onClose={close}
          onMoved={(c) => {
            close();
            domain.setData(c);
            path.reload();
            setNotice(t('domain.moved'));
            onMoved(c, d.parentId);
          }}
        />
      )}
      {dialog === 'deactivate' && (
        <ActiveDialog
          domain={d}
          onClose={close}
          onSaved={(c) => {
            close();
            domain.setData(c);
            onChanged(c);
          }}
        />
      )}
      {dialog === 'delete' && <DeleteDialog domain={d} onClose={close} onDeleted={() => onDeleted(d)} />}
    </Card>
  );
}

function Prop({ term, value }: { term: string; value?: string }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{value || '–'}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function DomainList({ path, label, types }: { path: string; label: string; types?: DomainType[] }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [first, setFirst] = useState(0);
  const [type, setType] = useState('');
  const list = useLoad(() => api.page<Domain>(path, { first, max: PAGE, type: types ? type : undefined }), [path, first, type]);
  return (
    <div className="pf-v5-u-pt-md">
      {types && (
        <div className="kc-toolbar-row">
          <FormGroup label={t('domain.typeFilter')} fieldId="descendant-type">
            <FormSelect id="descendant-type" value={type} onChange={(_e, v) => { setType(v); setFirst(0); }} data-testid="descendants-type">
              <FormSelectOption value="" label={t('common.all')} />
              {types.map((ty) => <FormSelectOption key={ty.code} value={ty.code} label={ty.name} />)}
            </FormSelect>
          </FormGroup>
        </div>
      )}
      <ErrorAlert error={list.error} />
      {list.loading ? <Loading /> : list.data && list.data.items.length === 0 ? <p>{t('domain.noneHere')}</p> : (
        <div className="kc-table-scroll">
          <Table aria-label={label} variant="compact">
            <Thead>
              <Tr>
                <Th>{t('common.name')}</Th>
                <Th>{t('domain.type')}</Th>
                <Th>{t('domain.identifier')}</Th>
                <Th>{t('domain.ncesId')}</Th>
                <Th>{t('domain.status')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {list.data?.items.map((c) => (
                <Tr key={c.id}>
                  <Td dataLabel={t('common.name')}><Link to={`/hierarchy/${c.id}`}>{c.name}</Link></Td>
                  <Td dataLabel={t('domain.type')}>{c.type}</Td>
                  <Td dataLabel={t('domain.identifier')}>{c.identifier}</Td>
                  <Td dataLabel={t('domain.ncesId')}>{c.ncesId}</Td>
                  <Td dataLabel={t('domain.status')}>{c.active === false ? t('domain.inactive') : t('domain.active')}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </div>
      )}
      {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} onChange={setFirst} label={label} />}
    </div>
  );
}

function DomainUsers({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [first, setFirst] = useState(0);
  const [subtree, setSubtree] = useState(true);
  const list = useLoad(() => api.page<User>('/users', { domain: id, subtree, first, max: PAGE }), [id, first, subtree]);
  return (
    <div className="pf-v5-u-pt-md">
      <Checkbox id="domain-users-subtree" label={t('domain.includeSubtree')} isChecked={subtree} onChange={(_e, v) => { setSubtree(v); setFirst(0); }} className="pf-v5-u-mb-md" />
      <ErrorAlert error={list.error} />
      {list.loading ? <Loading /> : list.data && list.data.items.length === 0 ? <p>{t('users.none')}</p> : (
        <div className="kc-table-scroll">
          <Table aria-label={t('domain.users')} variant="compact">
            <Thead>
              <Tr>
                <Th>{t('user.username')}</Th>
                <Th>{t('user.name')}</Th>
                <Th>{t('user.email')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {list.data?.items.map((u) => (
                <Tr key={u.id}>
                  <Td dataLabel={t('user.username')}><Link to={`/users/${u.id}`}>{u.username}</Link></Td>
                  <Td dataLabel={t('user.name')}>{userLabel({ firstName: u.firstName, lastName: u.lastName })}</Td>
                  <Td dataLabel={t('user.email')}>{u.email}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </div>
      )}
      {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} totalCapped={list.data.totalCapped} onChange={setFirst} label={t('domain.users')} />}
    </div>
  );
}

function DomainAssignments({ id }: { id: string }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const [first, setFirst] = useState(0);
  const [subtree, setSubtree] = useState(false);
  const list = useLoad(() => api.page<Assignment>(`/domains/${encodeURIComponent(id)}/assignments`, { subtree, first, max: PAGE }), [id, first, subtree]);
  return (
    <div className="pf-v5-u-pt-md">
      <Checkbox id="domain-assignments-subtree" label={t('domain.includeSubtree')} isChecked={subtree} onChange={(_e, v) => { setSubtree(v); setFirst(0); }} className="pf-v5-u-mb-md" />
      <ErrorAlert error={list.error} />
      {list.loading ? <Loading /> : <AssignmentTable items={list.data?.items ?? []} label={t('domain.assignments')} showHolder editable={me.can.grant} onChanged={list.reload} />}
      {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} onChange={setFirst} label={t('domain.assignments')} />}
    </div>
  );
}

export function DomainForm({ domain, parent, types, onClose, onSaved }: {
  domain?: Domain;
  parent?: Domain;
  types: DomainType[];
  onClose: () => void;
  onSaved: (d: Domain) => void;
}) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [type, setType] = useState(domain?.type ?? types[0]?.code ?? '');
  const [name, setName] = useState(domain?.name ?? '');
  const [identifier, setIdentifier] = useState(domain?.identifier ?? '');
  const [ncesId, setNcesId] = useState(domain?.ncesId ?? '');
  const submit = async () => {
    const r = await action.run(() =>
      domain
        ? api.send<Domain>('PUT', `/domains/${encodeURIComponent(domain.id)}`, { name, identifier, ncesId: ncesId !== (domain.ncesId ?? '') ? ncesId : undefined, version: domain.version })
        : api.send<Domain>('POST', '/domains', { type, name, identifier, ncesId: ncesId || undefined, parentId: parent?.id }),
    );
    if (r.ok && r.value) onSaved(r.value);
  };
  return (
    <FormModal
      title={domain ? t('domain.editTitle', { name: domain.name }) : parent ? t('domain.createUnder', { name: parent.name }) : t('domain.createRoot')}
      submitLabel={domain ? t('common.save') : t('common.create')}
      busy={action.busy}
      error={action.error}
      onSubmit={() => void submit()}
      onClose={onClose}
      testId="domain-form"
      submitTestId="domain-save"
    >
      {!domain && (
        <FormGroup label={t('domain.type')} fieldId="domain-type" isRequired>
          <FormSelect id="domain-type" value={type} onChange={(_e, v) => setType(v)} isRequired>
            {types.map((ty) => <FormSelectOption key={ty.code} value={ty.code} label={`${ty.name} (${ty.code})`} />)}
          </FormSelect>
        </FormGroup>
      )}
      <FormGroup label={t('common.name')} fieldId="domain-name" isRequired>
        <TextInput id="domain-name" value={name} onChange={(_e, v) => setName(v)} isRequired data-testid="domain-name" />
      </FormGroup>
      <FormGroup label={t('domain.identifier')} fieldId="domain-identifier" isRequired>
        <TextInput id="domain-identifier" value={identifier} onChange={(_e, v) => setIdentifier(v)} isRequired data-testid="domain-identifier" />
      </FormGroup>
      <FormGroup label={t('domain.ncesId')} fieldId="domain-nces">
        <TextInput id="domain-nces" value={ncesId} onChange={(_e, v) => setNcesId(v)} />
      </FormGroup>
    </FormModal>
  );
}

function MoveDialog({ domain, onClose, onMoved }: { domain: Domain; onClose: () => void; onMoved: (d: Domain) => void }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const action = useAction();
  const [target, setTarget] = useState<Domain>();
  const [toRoot, setToRoot] = useState(false);
  return (
    <FormModal
      title={t('domain.moveTitle', { name: domain.name })}
      submitLabel={t('domain.move')}
      busy={action.busy}
      error={action.error}
      testId="domain-move-form"
      submitTestId="domain-move-submit"
      onClose={onClose}
      onSubmit={async () => {
        if (!target && !toRoot) {
          action.setError(new Error(t('domain.moveNeedsTarget')));
          return;
        }
        const r = await action.run(() =>
          api.send<Domain>('POST', `/domains/${encodeURIComponent(domain.id)}/move`, { parentId: toRoot ? null : target!.id, version: domain.version }),
        );
        if (r.ok && r.value) onMoved(r.value);
      }}
    >
      <p>{t('domain.moveText')}</p>
      {me.realmAdmin && <Checkbox id="move-root" label={t('domain.moveToRoot')} isChecked={toRoot} onChange={(_e, v) => setToRoot(v)} />}
      {!toRoot && (
        <FormGroup label={t('domain.newParent')} fieldId="move-parent" isRequired>
          <DomainPicker id="move-parent" label={t('domain.newParent')} value={target} onChange={setTarget} testId="move-parent" />
        </FormGroup>
      )}
    </FormModal>
  );
}

function ActiveDialog({ domain, onClose, onSaved }: { domain: Domain; onClose: () => void; onSaved: (d: Domain) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const activate = domain.active === false;
  const [confirmed, setConfirmed] = useState(false);
  const [cascade, setCascade] = useState(false);
  return (
    <ConfirmModal
      title={activate ? t('domain.activateTitle', { name: domain.name }) : t('domain.deactivateTitle', { name: domain.name })}
      confirmLabel={activate ? t('domain.activate') : t('domain.deactivate')}
      danger={!activate}
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      onConfirm={async () => {
        if (!activate && !confirmed) {
          action.setError(new Error(t('domain.confirmFirst')));
          return;
        }
        const r = await action.run(() => api.send<Domain>('PUT', `/domains/${encodeURIComponent(domain.id)}`, { active: activate, version: domain.version },
          { cascade: (!activate && cascade) || undefined }));
        if (r.ok && r.value) onSaved(r.value);
      }}
    >
      <p>{activate ? t('domain.activateText') : t('domain.deactivateText')}</p>
      {!activate && <Switch id="deactivate-confirm" label={t('domain.deactivateConfirm')} isChecked={confirmed} onChange={(_e, v) => setConfirmed(v)} />}
      {!activate && <Switch id="deactivate-cascade" label={t('domain.deactivateCascade')} isChecked={cascade} onChange={(_e, v) => setCascade(v)} />}
    </ConfirmModal>
  );
}

function DeleteDialog({ domain, onClose, onDeleted }: { domain: Domain; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [cascade, setCascade] = useState(false);
  return (
    <ConfirmModal
      title={t('domain.deleteTitle', { name: domain.name })}
      confirmLabel={t('common.delete')}
      danger
      busy={action.busy}
      error={action.error}
      onClose={onClose}
      onConfirm={async () => {
        const r = await action.run(() => api.send('DELETE', `/domains/${encodeURIComponent(domain.id)}`, undefined, { cascade: cascade || undefined }));
        if (r.ok) onDeleted();
      }}
    >
      <p>{t('domain.deleteText')}</p>
      <Checkbox id="delete-cascade" label={t('domain.cascade')} description={t('domain.cascadeHelp')} isChecked={cascade} onChange={(_e, v) => setCascade(v)} />
    </ConfirmModal>
  );
}
