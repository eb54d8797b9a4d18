/** The console's own path (/realms/{realm}/kc-edu/console); '' under the dev server. */
export function consoleBase(): string {
  const m = /^(.*\/kc-edu\/console)(\/|$)/.exec(window.location.pathname);
  return m ? m[1] : '';
}

/** The console's address without route: the OIDC redirect URI and the address after sign-out. */
export function consoleUrl(): string {
  return window.location.origin + consoleBase() + '/';
}
