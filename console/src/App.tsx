import {
  Dropdown,
  DropdownItem,
  DropdownList,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  MastheadToggle,
  MenuToggle,
  Nav,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import BarsIcon from '@patternfly/react-icons/dist/esm/icons/bars-icon';
import { Component, lazy, Suspense, useMemo, useState, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, NavLink, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import type Keycloak from 'keycloak-js';
import type { Api } from './lib/api';
import { Ctx, useConsole, type ConsoleContext } from './lib/context';
import { consoleUrl } from './lib/paths';
import type { ConsoleConfig, Me } from './lib/types';
import { ErrorAlert } from './components/ErrorAlert';
import { Loading } from './components/Loading';
import { userLabel } from './lib/format';

const Home = lazy(() => import('./screens/Home'));
const Hierarchy = lazy(() => import('./screens/Hierarchy'));
const Users = lazy(() => import('./screens/Users'));
const UserDetail = lazy(() => import('./screens/UserDetail'));
const UserCreate = lazy(() => import('./screens/UserCreate'));
const Roles = lazy(() => import('./screens/Roles'));
const Subjects = lazy(() => import('./screens/Subjects'));
const Groups = lazy(() => import('./screens/Groups'));
const GroupDetail = lazy(() => import('./screens/GroupDetail'));
const Bulk = lazy(() => import('./screens/Bulk'));
const Audit = lazy(() => import('./screens/Audit'));
const Reports = lazy(() => import('./screens/Reports'));
const SelfRegistration = lazy(() => import('./screens/SelfRegistration'));

interface Props {
  api: Api;
  me: Me;
  config: ConsoleConfig;
  keycloak: Keycloak;
  refreshMe: () => Promise<void>;
}

export function App(props: Props) {
  const value: ConsoleContext = useMemo(() => ({ ...props }), [props]);
  return (
    <Ctx.Provider value={value}>
      <HashRouter>
        <Shell />
      </HashRouter>
    </Ctx.Provider>
  );
}

/** Keeps a render error of one screen inside the page as an alert, instead of a blank page. */
class ScreenBoundary extends Component<{ children: ReactNode; resetKey: string }, { error?: unknown; key: string }> {
  state: { error?: unknown; key: string } = { key: this.props.resetKey };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string; error?: unknown }) {
    return props.resetKey !== state.key ? { error: undefined, key: props.resetKey } : null;
  }
  componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }
  render() {
    return this.state.error ? <div className="pf-v5-u-p-lg"><ErrorAlert error={this.state.error} /></div> : this.props.children;
  }
}

function Shell() {
  const { t } = useTranslation();
  const { me, keycloak } = useConsole();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(true);
  const [mobile, setMobile] = useState(false);
  const [userMenu, setUserMenu] = useState(false);

  const links: { to: string; key: string; testId: string; show: boolean }[] = [
    { to: '/', key: 'nav.home', testId: 'nav-home', show: true },
    { to: '/hierarchy', key: 'nav.hierarchy', testId: 'nav-hierarchy', show: true },
    { to: '/users', key: 'nav.users', testId: 'nav-users', show: true },
    { to: '/roles', key: 'nav.roles', testId: 'nav-roles', show: true },
    { to: '/subjects', key: 'nav.subjects', testId: 'nav-subjects', show: true },
    { to: '/groups', key: 'nav.groups', testId: 'nav-groups', show: true },
    { to: '/bulk', key: 'nav.bulk', testId: 'nav-bulk', show: me.can.bulkImport.length > 0 || me.can.bulkExport.length > 0 },
    { to: '/audit', key: 'nav.audit', testId: 'nav-audit', show: me.can.readAudit },
    { to: '/reports', key: 'nav.reports', testId: 'nav-reports', show: me.can.readReports === true },
    { to: '/self-registration', key: 'nav.selfRegistration', testId: 'nav-self-registration', show: me.can.manageSelfRegistration === true },
  ];

  const nav = (
    <Nav aria-label={t('nav.label')}>
      <NavList>
        {links.filter((l) => l.show).map((l) => (
          <li className="pf-v5-c-nav__item" key={l.to}>
            <NavLink
              to={l.to}
              end={l.to === '/'}
              data-testid={l.testId}
              className={({ isActive }) => 'pf-v5-c-nav__link' + (isActive ? ' pf-m-current' : '')}
              onClick={() => mobile && setNavOpen(false)}
            >
              {t(l.key)}
            </NavLink>
          </li>
        ))}
      </NavList>
    </Nav>
  );

  const header = (
    <Masthead display={{ default: 'inline' }}>
      <MastheadToggle>
        <PageToggleButton variant="plain" aria-label={t('nav.toggle')} isSidebarOpen={navOpen} onSidebarToggle={() => setNavOpen(!navOpen)}>
          <BarsIcon />
        </PageToggleButton>
      </MastheadToggle>
      <MastheadMain>
        <MastheadBrand component={(p) => <NavLink {...p} to="/" />}>
          <span className="kc-brand">kc-edu</span>
          <span className="kc-brand-realm">{me.realm}</span>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight isStatic>
          <ToolbarContent>
            <ToolbarGroup align={{ default: 'alignRight' }}>
              <ToolbarItem>
                <Dropdown
                  isOpen={userMenu}
                  onOpenChange={setUserMenu}
                  onSelect={() => setUserMenu(false)}
                  popperProps={{ position: 'right' }}
                  toggle={(ref) => (
                    <MenuToggle ref={ref} variant="plainText" isExpanded={userMenu} onClick={() => setUserMenu(!userMenu)} data-testid="user-menu">
                      {userLabel(me.user) || me.user.username}
                    </MenuToggle>
                  )}
                >
                  <DropdownList>
                    <DropdownItem key="signout" data-testid="sign-out" onClick={() => void keycloak.logout({ redirectUri: consoleUrl() })}>
                      {t('nav.signOut')}
                    </DropdownItem>
                  </DropdownList>
                </Dropdown>
              </ToolbarItem>
            </ToolbarGroup>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );

  return (
    <Page
      header={header}
      sidebar={
        <PageSidebar isSidebarOpen={navOpen} id="kc-sidebar">
          {/* a closed sidebar is aria-hidden: its links must not stay in the tab order */}
          <PageSidebarBody>{navOpen && nav}</PageSidebarBody>
        </PageSidebar>
      }
      skipToContent={<SkipToContent href="#kc-main">{t('nav.skip')}</SkipToContent>}
      mainContainerId="kc-main"
      onPageResize={(_e, { mobileView }) => {
        if (mobileView !== mobile) {
          setMobile(mobileView);
          setNavOpen(!mobileView);
        }
      }}
    >
      <ScreenBoundary resetKey={location.pathname}>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/hierarchy" element={<Hierarchy />} />
            <Route path="/hierarchy/:domainId" element={<Hierarchy />} />
            <Route path="/users" element={<Users />} />
            <Route path="/users/new" element={<UserCreate />} />
            <Route path="/users/:userId" element={<UserDetail />} />
            <Route path="/roles" element={<Roles />} />
            <Route path="/subjects" element={<Subjects />} />
            <Route path="/groups" element={<Groups />} />
            <Route path="/groups/:groupId" element={<GroupDetail />} />
            <Route path="/bulk" element={<Bulk />} />
            <Route path="/audit" element={<Audit />} />
            <Route path="/reports" element={<Reports />} />
            <Route path="/self-registration" element={<SelfRegistration />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </ScreenBoundary>
    </Page>
  );
}

