/** The console's own path (/realms/{realm}/kc-edu/console), the router's basename; '' under the dev server. */
export function consoleBase(): string {
  const m = /^(.*\/kc-edu\/console)(\/|$)/.exec(window.location.pathname);
  return m ? m[1] : '';
}
