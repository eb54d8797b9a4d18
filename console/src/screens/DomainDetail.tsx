import {
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
import { ancestors, canMove, canMoveToRoot, childTypesOf, domainTypes, moveParentTypes, nextLevelType, refusalHint, type DomainAction } from '../lib/domains';
import { SuccessNotice } from '../components/SuccessNotice';
import { formatDateTime, userLabel } from '../lib/format';
import type { Assignment, Domain, DomainType, User } from '../lib/types';

const PAGE = 20;

type Dialog = 'create' | 'edit' | 'move' | 'deactivate' | 'delete' | undefined;

export function DomainDetail({ id, onDeleted, onChanged, onMoved, onCreated }: {
  id: string;
  onDeleted: (d: Domain, notice: string) => void;
  /** subtree: the change may have reached the domains below it too (a cascading deactivation) */
  onChanged: (d: Domain, subtree?: boolean) => void;
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
  // bumped after a create: the children tab reloads
  const [childrenTick, setChildrenTick] = useState(0);

  if (domain.loading && !domain.data) return <Loading />;
  if (domain.error || !domain.data) return <ErrorAlert error={domain.error} />;
  const d = domain.data;
  const isScopeRoot = !me.realmAdmin && me.scopeRoots.some((r) => r.id === d.id);
  // The server decides; the console only leaves out what cannot succeed (a delegated admin's own scope root).
  const canEdit = me.can.manageDomains && !isScopeRoot;
  const allTypes = types.data ?? [];
  const childTypes = childTypesOf(allTypes, d.type);
  // no Move for a domain that could go nowhere (a state at the realm root)
  const movable = types.data !== undefined && canMove(allTypes, d);
  const open = (x: Dialog) => {
    setNotice('');
    setDialog(x);
  };
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
        <SuccessNotice message={notice} />
        <div className="kc-header-actions pf-v5-u-mb-md">
          {me.can.manageDomains && childTypes.length > 0 && (
            <Button variant="primary" onClick={() => open('create')} data-testid="domain-create">{t('domain.createChild')}</Button>
          )}
          {canEdit && (
            <>
              <Button variant="secondary" onClick={() => open('edit')} data-testid="domain-edit">{t('common.edit')}</Button>
              {movable && <Button variant="secondary" onClick={() => open('move')} data-testid="domain-move">{t('domain.move')}</Button>}
              <Button variant="secondary" onClick={() => open('deactivate')} data-testid="domain-deactivate">
                {d.active === false ? t('domain.activate') : t('domain.deactivate')}
              </Button>
              <Button variant="danger" onClick={() => open('delete')} data-testid="domain-delete">{t('common.delete')}</Button>
            </>
          )}
        </div>
        <DescriptionList isCompact isHorizontal columnModifier={{ default: '1Col', lg: '2Col' }}>
          <Prop term={t('domain.identifier')} value={d.identifier} testId="domain-prop-identifier" />
          <Prop term={t('domain.type')} value={allTypes.find((x) => x.code === d.type)?.name ?? d.type} testId="domain-prop-type" />
          <Prop term={t('domain.ncesId')} value={d.ncesId} testId="domain-prop-nces" />
          <Prop term={t('domain.status')} value={d.active === false ? t('domain.inactive') : t('domain.active')} testId="domain-prop-status" />
          <Prop term={t('domain.parent')} value={d.parentIdentifier ? `${d.parentType} ${d.parentIdentifier}` : t('domain.realmRoot')} testId="domain-prop-parent" />
          <Prop term={t('domain.created')} value={formatDateTime(d.createdAt)} />
          <Prop term={t('domain.updated')} value={formatDateTime(d.updatedAt)} />
          <Prop term={t('common.id')} value={d.id} />
        </DescriptionList>
        <Tabs activeKey={activeTab} onSelect={(_e, k) => setTab(k)} aria-label={t('domain.sections')} className="pf-v5-u-mt-md" mountOnEnter unmountOnExit>
          {!leaf && (
            <Tab eventKey="children" title={<TabTitleText>{t('domain.children')}</TabTitleText>}>
              <DomainList path={`/domains/${enc}/children`} label={t('domain.children')} tick={childrenTick} testId="domain-children" />
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
          initialType={nextLevelType(allTypes, d.type)}
          onClose={close}
          onSaved={(c) => {
            close();
            setNotice(t('domain.createdNotice', { name: c.name, type: allTypes.find((x) => x.code === c.type)?.name ?? c.type }));
            setChildrenTick((n) => n + 1);
            onCreated(c);
          }}
        />
      )}
      {dialog === 'edit' && (
        <DomainForm
          domain={d}
          types={allTypes}
          onClose={close}
          onSaved={(c) => {
            close();
            domain.setData(c);
            onChanged(c);
            setNotice(t('domain.savedNotice', { name: c.name }));
          }}
        />
      )}
      {dialog === 'move' && (
        <MoveDialog
          domain={d}
          types={allTypes}
          onClose={close}
          onMoved={(c, to) => {
            close();
            domain.setData(c);
            path.reload();
            setNotice(to ? t('domain.movedNotice', { name: c.name, parent: to.name }) : t('domain.movedToRootNotice', { name: c.name }));
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
            onChanged(c, (c.deactivatedDescendants ?? 0) > 0);
            setNotice(c.active === false
              ? (c.deactivatedDescendants ? t('domain.deactivatedCascadeNotice', { name: c.name, count: c.deactivatedDescendants }) : t('domain.deactivatedNotice', { name: c.name }))
              : t('domain.activatedNotice', { name: c.name }));
          }}
        />
      )}
      {dialog === 'delete' && <DeleteDialog domain={d} onClose={close} onDeleted={(cascade) => onDeleted(d, cascade ? t('domain.deletedCascadeNotice', { name: d.name }) : t('domain.deletedNotice', { name: d.name }))} />}
    </Card>
  );
}

function Prop({ term, value, testId }: { term: string; value?: string; testId?: string }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription data-testid={testId}>{value || '–'}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function DomainList({ path, label, types, tick = 0, testId }: { path: string; label: string; types?: DomainType[]; tick?: number; testId?: string }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [first, setFirst] = useState(0);
  const [type, setType] = useState('');
  const list = useLoad(() => api.page<Domain>(path, { first, max: PAGE, type: types ? type : undefined }), [path, first, type, tick]);
  return (
    <div className="pf-v5-u-pt-md" data-testid={testId}>
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
                <Tr key={c.id} data-testid={testId ? `${testId}-row-${c.identifier}` : undefined}>
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

export function DomainForm({ domain, parent, types, initialType, onClose, onSaved }: {
  domain?: Domain;
  parent?: Domain;
  types: DomainType[];
  /** the type preselected for a new domain (the next level below the parent); else the first of types */
  initialType?: string;
  onClose: () => void;
  onSaved: (d: Domain) => void;
}) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [type, setType] = useState(domain?.type ?? (initialType && types.some((ty) => ty.code === initialType) ? initialType : types[0]?.code ?? ''));
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
  const hint = useHint(domain ? 'edit' : 'create', action.error);
  return (
    <FormModal
      title={domain ? t('domain.editTitle', { name: domain.name }) : parent ? t('domain.createUnder', { name: parent.name }) : t('domain.createRoot')}
      submitLabel={domain ? t('common.save') : t('common.create')}
      busy={action.busy}
      error={action.error}
      hint={hint}
      onSubmit={() => void submit()}
      onClose={onClose}
      testId="domain-form"
      submitTestId="domain-save"
    >
      {!domain && (
        <FormGroup label={t('domain.type')} fieldId="domain-type" isRequired>
          <FormSelect id="domain-type" value={type} onChange={(_e, v) => setType(v)} isRequired data-testid="domain-type">
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
        <TextInput id="domain-nces" value={ncesId} onChange={(_e, v) => setNcesId(v)} data-testid="domain-nces" />
      </FormGroup>
    </FormModal>
  );
}

/** The console's hint under a refusal of a domain change, in the page's language (see refusalHint). */
function useHint(action: DomainAction, error: unknown): string | undefined {
  const { t } = useTranslation();
  const key = refusalHint(action, error);
  return key ? t(key) : undefined;
}

/**
 * Moves a domain with its subtree. Only domains of the parent types its type allows are offered (one search per
 * type), never the domain itself nor its current parent; "the realm root" only for a type allowed there (a state not
 * at the root). The server still checks the rest (not into its own subtree, not outside the caller's scope).
 */
function MoveDialog({ domain, types, onClose, onMoved }: { domain: Domain; types: DomainType[]; onClose: () => void; onMoved: (d: Domain, to?: Domain) => void }) {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const action = useAction();
  const [target, setTarget] = useState<Domain>();
  const allowed = moveParentTypes(types, domain.type);
  const rootAllowed = me.realmAdmin && canMoveToRoot(types, domain);
  const [toRoot, setToRoot] = useState(false);
  const typeNames = allowed.map((c) => types.find((ty) => ty.code === c)?.name ?? c).join(', ');
  const hint = useHint('move', action.error);
  return (
    <FormModal
      title={t('domain.moveTitle', { name: domain.name })}
      submitLabel={toRoot ? t('domain.moveToRootShort') : target ? t('domain.moveUnder', { name: target.name }) : t('domain.move')}
      busy={action.busy}
      error={action.error}
      hint={hint}
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
        if (r.ok && r.value) onMoved(r.value, toRoot ? undefined : target);
      }}
    >
      <p>{t('domain.moveText')}</p>
      {allowed.length > 0 && <p data-testid="move-allowed-types">{t('domain.moveAllowedTypes', { types: typeNames })}</p>}
      {rootAllowed && <Checkbox id="move-root" label={t('domain.moveToRoot')} isChecked={toRoot} onChange={(_e, v) => setToRoot(v)} data-testid="move-root" />}
      {!toRoot && allowed.length > 0 && (
        <FormGroup label={t('domain.newParent')} fieldId="move-parent" isRequired>
          <DomainPicker id="move-parent" label={t('domain.newParent')} value={target} onChange={setTarget} testId="move-parent"
            types={allowed} exclude={[domain.id, domain.parentId]} />
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
  const hint = useHint('deactivate', action.error);
  return (
    <ConfirmModal
      title={activate ? t('domain.activateTitle', { name: domain.name }) : t('domain.deactivateTitle', { name: domain.name })}
      confirmLabel={activate ? t('domain.activate') : t('domain.deactivate')}
      danger={!activate}
      busy={action.busy}
      error={action.error}
      hint={hint}
      testId="domain-active-dialog"
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
      {!activate && <Switch id="deactivate-confirm" label={t('domain.deactivateConfirm')} isChecked={confirmed} onChange={(_e, v) => setConfirmed(v)} data-testid="deactivate-confirm" />}
      {!activate && <Switch id="deactivate-cascade" label={t('domain.deactivateCascade')} isChecked={cascade} onChange={(_e, v) => setCascade(v)} data-testid="deactivate-cascade" />}
    </ConfirmModal>
  );
}

function DeleteDialog({ domain, onClose, onDeleted }: { domain: Domain; onClose: () => void; onDeleted: (cascade: boolean) => void }) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const action = useAction();
  const [cascade, setCascade] = useState(false);
  const hint = useHint('delete', action.error);
  return (
    <ConfirmModal
      title={t('domain.deleteTitle', { name: domain.name })}
      confirmLabel={cascade ? t('domain.deleteWithSubtree') : t('common.delete')}
      danger
      busy={action.busy}
      error={action.error}
      hint={hint}
      testId="domain-delete-dialog"
      onClose={onClose}
      onConfirm={async () => {
        const r = await action.run(() => api.send('DELETE', `/domains/${encodeURIComponent(domain.id)}`, undefined, { cascade: cascade || undefined }));
        if (r.ok) onDeleted(cascade);
      }}
    >
      <p>{t('domain.deleteText')}</p>
      <Checkbox id="delete-cascade" label={t('domain.cascade')} description={t('domain.cascadeHelp')} isChecked={cascade} onChange={(_e, v) => setCascade(v)} data-testid="delete-cascade" />
    </ConfirmModal>
  );
}
