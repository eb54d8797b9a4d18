import {
  Button,
  Card,
  CardBody,
  FormSelect,
  FormSelectOption,
  PageSection,
  TextInput,
  TreeView,
  type TreeViewDataItem,
} from '@patternfly/react-core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { useDebounced } from '../components/hooks';
import { PageHeader } from '../components/PageHeader';
import { SuccessNotice } from '../components/SuccessNotice';
import { useConsole } from '../lib/context';
import { ancestors, CHILD_PAGE, childrenPage, domainTypes } from '../lib/domains';
import { domainLabel } from '../lib/format';
import type { Domain } from '../lib/types';
import { DomainDetail, DomainForm } from './DomainDetail';
import type { DomainType } from '../lib/types';

interface NodeState {
  domain: Domain;
  /** undefined = not loaded yet */
  children?: string[];
  /** how many children the server has given (the list may also hold a node added by a jump) */
  loaded?: number;
  hasMore?: boolean;
  loading?: boolean;
}

// The API searches by name or identifier prefix and by exact identifier (an NCES id search is not in the API yet).
type SearchMode = 'search' | 'identifier';

/**
 * The institutional hierarchy: a tree loaded one page of children at a time (a district with 500 schools costs one
 * request of 50 until "load more"), a search that jumps to a node through its ancestors, and the selected domain's
 * detail.
 */
export default function Hierarchy() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const navigate = useNavigate();
  const { domainId } = useParams();
  const [nodes, setNodes] = useState<Record<string, NodeState>>(() => {
    const init: Record<string, NodeState> = {};
    for (const d of me.scopeRoots) init[d.id] = { domain: d };
    return init;
  });
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const [roots, setRoots] = useState<string[]>(() => me.scopeRoots.map((d) => d.id));
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(me.scopeRoots.length === 1 ? [me.scopeRoots[0].id] : []));
  const [error, setError] = useState<unknown>();
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<SearchMode>('search');
  const [results, setResults] = useState<Domain[] | undefined>();
  const [announce, setAnnounce] = useState('');
  // A type that no type accepts as parent (a SCHOOL) is a leaf: no expand toggle, no request.
  const [leafTypes, setLeafTypes] = useState<Set<string>>(new Set());
  const [rootTypes, setRootTypes] = useState<DomainType[]>([]);
  const [creatingRoot, setCreatingRoot] = useState(false);
  // the notice of a change whose domain left the page (a delete): shown above the tree until another domain is chosen
  const [notice, setNotice] = useState('');
  useEffect(() => {
    domainTypes(api).then(
      (types) => {
        setRootTypes(types.filter((ty) => (ty.parentTypes ?? []).length === 0));
        setLeafTypes(new Set(types.filter((ty) => !types.some((o) => (o.parentTypes ?? []).includes(ty.code))).map((ty) => ty.code)));
      },
      () => undefined,
    );
  }, [api]);
  const addRoot = (d: Domain) => {
    setCreatingRoot(false);
    setNotice(t('domain.createdNotice', { name: d.name, type: rootTypes.find((ty) => ty.code === d.type)?.name ?? d.type }));
    setNodes((n) => ({ ...n, [d.id]: { domain: d } }));
    setRoots((r) => [...r, d.id]);
    navigate(`/hierarchy/${d.id}`);
  };

  const loadChildren = useCallback(
    async (id: string, more = false) => {
      const first = more ? nodesRef.current[id]?.loaded ?? 0 : 0;
      setNodes((n) => ({ ...n, [id]: { ...n[id], loading: true } }));
      try {
        const page = await childrenPage(api, id, first);
        setNodes((n) => {
          const next = { ...n };
          for (const c of page) next[c.id] = { ...next[c.id], domain: c };
          const old = more ? n[id].children ?? [] : [];
          const ids = [...old, ...page.map((c) => c.id).filter((c) => !old.includes(c))];
          next[id] = { ...n[id], children: ids, loaded: first + page.length, hasMore: page.length === CHILD_PAGE, loading: false };
          return next;
        });
        setAnnounce(t('hierarchy.loaded', { count: page.length, name: nodesRef.current[id]?.domain.name ?? '' }));
      } catch (e) {
        setError(e);
        setNodes((n) => ({ ...n, [id]: { ...n[id], loading: false } }));
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, t],
  );

  // A single scope root starts open: a district admin sees the district's schools at once.
  useEffect(() => {
    if (me.scopeRoots.length === 1) void loadChildren(me.scopeRoots[0].id);
  }, [me.scopeRoots, loadChildren]);

  /** Opens the path from the caller's scope root to the domain, loading each level, so the node is in view. */
  const reveal = useCallback(
    async (target: Domain) => {
      try {
        const path = await ancestors(api, target.id);
        const rootIdx = path.findIndex((a) => roots.includes(a.id));
        const chain = rootIdx >= 0 ? path.slice(rootIdx) : [];
        const toOpen = chain.map((a) => a.id);
        const loaded: Record<string, NodeState> = {};
        for (const a of chain) {
          const current = nodes[a.id];
          if (!current?.children) {
            const page = await childrenPage(api, a.id, 0);
            for (const c of page) loaded[c.id] = { domain: c };
            loaded[a.id] = { domain: a, children: page.map((c) => c.id), loaded: page.length, hasMore: page.length === CHILD_PAGE };
          }
        }
        setNodes((n) => {
          const next = { ...n, ...loaded };
          // a node beyond the first page is added to its parent's list so it can be shown selected
          for (let i = 0; i < chain.length; i++) {
            const childId = i + 1 < chain.length ? chain[i + 1].id : target.id;
            const p = next[chain[i].id];
            if (p?.children && !p.children.includes(childId)) next[chain[i].id] = { ...p, children: [...p.children, childId] };
          }
          if (!next[target.id]) next[target.id] = { domain: target };
          return next;
        });
        if (rootIdx < 0 && !roots.includes(target.id)) {
          // outside the loaded roots (a realm-level caller with paged roots): show it as a root
          setRoots((r) => [...r, target.id]);
          setNodes((n) => ({ ...n, [target.id]: n[target.id] ?? { domain: target } }));
        }
        setExpanded((e) => new Set([...e, ...toOpen]));
      } catch (e) {
        setError(e);
      }
    },
    [api, nodes, roots],
  );

  const runSearch = async () => {
    const q = query.trim();
    if (!q) {
      setResults(undefined);
      return;
    }
    setError(undefined);
    try {
      const r = await api.get<Domain[]>('/domains', { [mode]: q, max: 20 });
      setResults(r);
      setAnnounce(t('hierarchy.found', { count: r.length }));
    } catch (e) {
      setError(e);
    }
  };

  const typed = useDebounced(query, 350);
  useEffect(() => {
    void runSearch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, mode]);

  const pick = (d: Domain) => {
    setResults(undefined);
    setNotice('');
    void reveal(d);
    navigate(`/hierarchy/${d.id}`);
  };

  const toItem = useCallback(
    (id: string): TreeViewDataItem => {
      const n = nodes[id];
      const d = n.domain;
      const open = expanded.has(id);
      let children: TreeViewDataItem[] | undefined;
      if (leafTypes.has(d.type) && !n.children?.length) {
        children = undefined;
      } else if (n.children === undefined) {
        children = open ? [{ id: `loading:${id}`, name: t('common.loading') }] : [];
      } else if (n.children.length > 0 || n.hasMore) {
        children = n.children.filter((c) => nodes[c]).map(toItem);
        if (n.hasMore) {
          children.push({
            id: `more:${id}`,
            name: <span data-testid={`tree-more-${d.identifier}`}>{n.loading ? t('common.loading') : t('hierarchy.loadMore', { count: n.children.length })}</span>,
          });
        }
      }
      return {
        id,
        name: (
          <span data-testid={`tree-node-${d.identifier}`} className={d.active === false ? 'kc-muted' : undefined}>
            {d.name}
            {/* in words, not only in colour (WCAG 1.4.1) */}
            {d.active === false && ` ${t('hierarchy.inactiveSuffix')}`}
          </span>
        ),
        title: undefined,
        customBadgeContent: d.type,
        hasBadge: true,
        defaultExpanded: open,
        children,
      };
    },
    [nodes, expanded, t, leafTypes],
  );

  const data = useMemo(() => roots.filter((r) => nodes[r]).map(toItem), [roots, nodes, toItem]);
  const active = domainId && nodes[domainId] ? [{ id: domainId, name: '' }] : [];

  // Deep link or back/forward: make sure the selected domain is visible in the tree.
  useEffect(() => {
    if (domainId && !nodes[domainId]) {
      api.get<Domain>(`/domains/${encodeURIComponent(domainId)}`).then((d) => reveal(d), setError);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [domainId]);

  const onExpand = (_e: unknown, item: TreeViewDataItem) => {
    const id = String(item.id);
    setExpanded((e) => new Set(e).add(id));
    if (nodes[id] && nodes[id].children === undefined && !nodes[id].loading) void loadChildren(id);
  };
  const onCollapse = (_e: unknown, item: TreeViewDataItem) => {
    setExpanded((e) => {
      const next = new Set(e);
      next.delete(String(item.id));
      return next;
    });
  };
  const onSelect = (_e: unknown, item: TreeViewDataItem) => {
    const id = String(item.id);
    if (id.startsWith('more:')) {
      void loadChildren(id.slice(5), true);
      return;
    }
    if (id.startsWith('loading:')) return;
    setNotice('');
    navigate(`/hierarchy/${id}`);
  };

  /**
   * After a change in the detail (create, move, delete): reload the children of the affected parents that are in the
   * tree (loaded or not: a parent that had none gets its first child).
   */
  const refreshParents = (...ids: (string | undefined)[]) => {
    for (const id of new Set(ids)) if (id && nodesRef.current[id]) void loadChildren(id);
  };
  /** After a cascading deactivation: every loaded level below the domain shows its new state. */
  const refreshSubtree = (id: string) => {
    const walk = (x: string) => {
      const kids = nodesRef.current[x]?.children;
      if (kids === undefined) return;
      void loadChildren(x);
      for (const c of kids) walk(c);
    };
    walk(id);
  };
  const onDeleted = (d: Domain, message: string) => {
    setNotice(message);
    refreshParents(d.parentId);
    setNodes((n) => {
      const next = { ...n };
      delete next[d.id];
      if (d.parentId && next[d.parentId]?.children) {
        next[d.parentId] = { ...next[d.parentId], children: next[d.parentId].children!.filter((c) => c !== d.id) };
      }
      return next;
    });
    setRoots((r) => r.filter((x) => x !== d.id));
    navigate(d.parentId ? `/hierarchy/${d.parentId}` : '/hierarchy');
  };
  const onChanged = (d: Domain, subtree?: boolean) => {
    setNotice('');
    setNodes((n) => ({ ...n, [d.id]: { ...n[d.id], domain: d } }));
    if (subtree) refreshSubtree(d.id);
  };

  return (
    <>
      <PageHeader title={t('hierarchy.title')} description={t('hierarchy.description')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('hierarchy.title') }]}
        actions={me.realmAdmin && me.can.manageDomains && rootTypes.length > 0 && (
          <Button variant="secondary" onClick={() => setCreatingRoot(true)} data-testid="domain-create-root">{t('domain.createRoot')}</Button>
        )}
      />
      {creatingRoot && <DomainForm types={rootTypes} onClose={() => setCreatingRoot(false)} onSaved={addRoot} />}
      <PageSection>
        <ErrorAlert error={error} onClose={() => setError(undefined)} />
        <SuccessNotice message={notice} />
        <div className={'kc-split' + (domainId ? ' kc-has-detail' : '')}>
          <Card>
            <CardBody>
              <form
                role="search"
                className="kc-toolbar-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  void runSearch();
                }}
              >
                <FormSelect id="tree-search-mode" aria-label={t('hierarchy.searchBy')} value={mode} onChange={(_e, v) => setMode(v as SearchMode)} className="kc-w-auto">
                  <FormSelectOption value="search" label={t('hierarchy.byName')} />
                  <FormSelectOption value="identifier" label={t('hierarchy.byIdentifier')} />
                </FormSelect>
                <TextInput
                  type="search"
                  aria-label={t('hierarchy.search')}
                  placeholder={t('hierarchy.search')}
                  value={query}
                  onChange={(_e, v) => setQuery(v)}
                  data-testid="tree-search"
                  className="kc-grow"
                />
                <Button type="submit" variant="secondary">{t('common.search')}</Button>
              </form>
              <div aria-live="polite" className="kc-sr-only">{announce}</div>
              {results && (
                <div className="pf-v5-u-mb-md">
                  {results.length === 0 ? (
                    <p>{t('hierarchy.noResults')}</p>
                  ) : (
                    <ul className="kc-pick-list" aria-label={t('hierarchy.results')} data-testid="tree-search-results">
                      {results.map((d) => (
                        <li key={d.id}>
                          <Button variant="link" isInline onClick={() => pick(d)}>{domainLabel(d)}</Button>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
              <div className="kc-tree-panel" data-testid="tree">
                {data.length === 0 ? (
                  <p>{t('hierarchy.empty')}</p>
                ) : (
                  <TreeView
                    aria-label={t('hierarchy.tree')}
                    data={data}
                    activeItems={active}
                    compareItems={(a, b) => a.id === b.id}
                    onSelect={onSelect}
                    onExpand={onExpand}
                    onCollapse={onCollapse}
                    hasGuides
                    hasSelectableNodes
                    variant="compactNoBackground"
                  />
                )}
              </div>
            </CardBody>
          </Card>
          <div>
            {domainId ? (
              <DomainDetail
                key={domainId}
                id={domainId}
                onDeleted={onDeleted}
                onChanged={onChanged}
                onMoved={(d, oldParent) => {
                  setNotice('');
                  refreshParents(oldParent, d.parentId);
                  void reveal(d);
                }}
                onCreated={(d) => {
                  setNotice('');
                  setNodes((n) => ({ ...n, [d.id]: n[d.id] ?? { domain: d } }));
                  refreshParents(d.parentId);
                  setExpanded((e) => new Set(e).add(d.parentId ?? ''));
                  if (!d.parentId) {
                    setNodes((n) => ({ ...n, [d.id]: { domain: d } }));
                    setRoots((r) => [...r, d.id]);
                  }
                }}
              />
            ) : (
              <Card>
                <CardBody>{t('hierarchy.pick')}</CardBody>
              </Card>
            )}
          </div>
        </div>
      </PageSection>
    </>
  );
}
