import '@patternfly/react-core/dist/styles/base.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import Keycloak from 'keycloak-js';
import i18n, { setLocale } from './i18n';
import { Api } from './lib/api';
import { errorMessage, parseApiError } from './lib/errors';
import type { ConsoleConfig, Me } from './lib/types';
import { App } from './App';
import { consoleBase, consoleUrl } from './lib/paths';

const ROUTE_KEY = 'kc-edu.console.route';

const root = createRoot(document.getElementById('app')!);

function fatal(message: string): void {
  // Plain DOM: this runs before React has anything to render (no config, no login).
  const box = document.createElement('div');
  box.className = 'kc-fatal pf-v5-c-alert pf-m-danger';
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'error-alert';
  const title = document.createElement('p');
  title.className = 'pf-v5-c-alert__title';
  title.textContent = i18n.t('app.startFailed');
  const body = document.createElement('p');
  body.textContent = message;
  box.append(title, body);
  document.getElementById('app')!.replaceChildren(box);
}

async function start(): Promise<void> {
  const res = await fetch(consoleBase() + '/config.json', { headers: { Accept: 'application/json' } });
  if (!res.ok) throw parseApiError(res.status, res.statusText, await res.text());
  const config = (await res.json()) as ConsoleConfig;
  setLocale(config.locale);

  // Routes live in the fragment (#/users/…): the relative asset URLs then resolve the same on every route. The
  // login round trip returns to the console's own address (no fragment in a redirect URI), so the route is kept
  // aside and restored after it.
  // A route opened as a path (/console/users) becomes the same route in the fragment.
  const routePath = window.location.pathname.slice(consoleBase().length).replace(/^\/+/, '');
  if (routePath && routePath !== 'index.html') {
    window.history.replaceState(null, '', consoleBase() + '/#/' + routePath + window.location.search);
  }
  if (window.location.hash.startsWith('#/')) sessionStorage.setItem(ROUTE_KEY, window.location.hash);
  const keycloak = new Keycloak({ url: config.authServerUrl, realm: config.realm, clientId: config.clientId });
  await keycloak.init({
    onLoad: 'login-required',
    pkceMethod: 'S256',
    checkLoginIframe: false,
    redirectUri: consoleUrl(),
  });
  const saved = sessionStorage.getItem(ROUTE_KEY);
  sessionStorage.removeItem(ROUTE_KEY);
  if (saved && !window.location.hash.startsWith('#/')) window.history.replaceState(null, '', saved);
  const loc = (keycloak.tokenParsed as { locale?: string } | undefined)?.locale;
  if (loc) setLocale(loc);

  const api = new Api(config.apiBase, keycloak);
  let me = await api.get<Me>('/me');
  const render = () =>
    root.render(
      <StrictMode>
        <App api={api} me={me} config={config} keycloak={keycloak} refreshMe={refreshMe} />
      </StrictMode>,
    );
  async function refreshMe(): Promise<void> {
    me = await api.get<Me>('/me');
    render();
  }
  render();
}

start().catch((e) => fatal(errorMessage(e)));
