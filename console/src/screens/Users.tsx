import { Button, Card, CardBody, Label, PageSection, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { useDebounced, useLoad } from '../components/hooks';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager } from '../components/Pager';
import { SuccessNotice } from '../components/SuccessNotice';
import { useConsole } from '../lib/context';
import { userLabel } from '../lib/format';
import type { User } from '../lib/types';

const PAGE = 20;

/** Users holding an assignment in the caller's scope; the search and paging live in the URL (back button works). */
export default function Users() {
  const { t } = useTranslation();
  const { api, me } = useConsole();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  // what the page before did (a deleted user), handed over with the navigation
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const search = params.get('search') ?? '';
  const first = Number(params.get('first') ?? 0) || 0;
  const [text, setText] = useState(search);
  const list = useLoad(() => api.page<User>('/users', { search: search || undefined, first, max: PAGE }), [search, first]);
  const go = (s: string, f: number) => {
    const p = new URLSearchParams();
    if (s) p.set('search', s);
    if (f) p.set('first', String(f));
    setParams(p, { replace: true });
  };
  // search as one types (debounced), Enter searches at once
  const typed = useDebounced(text, 350);
  useEffect(() => {
    if (typed.trim() !== search) go(typed.trim(), 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('users.title') }]}
        actions={me.can.manageUsers && <Button onClick={() => navigate('/users/new')} data-testid="user-create">{t('users.create')}</Button>}
      />
      <PageSection>
        <SuccessNotice message={notice} />
        <Card>
          <CardBody>
            <form
              role="search"
              className="kc-toolbar-row"
              onSubmit={(e) => {
                e.preventDefault();
                go(text.trim(), 0);
              }}
            >
              <TextInput
                  type="search"
                  aria-label={t('users.search')}
                  placeholder={t('users.searchPlaceholder')}
                  value={text}
                  onChange={(_e, v) => setText(v)}
                  data-testid="user-search"
                  className="kc-grow"
                />
              <Button type="submit" variant="secondary">{t('common.search')}</Button>
            </form>
            <ErrorAlert error={list.error} />
            <div aria-live="polite" aria-busy={list.loading}>
              {list.loading ? (
                <Loading />
              ) : list.data && list.data.items.length === 0 ? (
                <p>{search ? t('users.noMatch', { search }) : t('users.none')}</p>
              ) : (
                <div className="kc-table-scroll">
                  <Table aria-label={t('users.title')} variant="compact" data-testid="user-table">
                    <Thead>
                      <Tr>
                        <Th>{t('user.username')}</Th>
                        <Th>{t('user.name')}</Th>
                        <Th>{t('user.email')}</Th>
                        <Th>{t('user.status')}</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {list.data?.items.map((u) => (
                        <Tr key={u.id} data-testid={`user-row-${u.username}`}>
                          <Td dataLabel={t('user.username')}><Link to={`/users/${u.id}`}>{u.username}</Link></Td>
                          <Td dataLabel={t('user.name')}>{userLabel({ firstName: u.firstName, lastName: u.lastName })}</Td>
                          <Td dataLabel={t('user.email')}>{u.email}</Td>
                          <Td dataLabel={t('user.status')}>
                            <Label color={u.enabled === false ? 'grey' : 'green'}>{u.enabled === false ? t('user.disabled') : t('user.enabled')}</Label>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </div>
              )}
            </div>
            {list.data && <Pager first={first} max={PAGE} count={list.data.items.length} total={list.data.total} totalCapped={list.data.totalCapped} onChange={(f) => go(search, f)} label={t('users.paging')} />}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
