import { createContext, useContext } from 'react';
import type Keycloak from 'keycloak-js';
import type { Api } from './api';
import type { ConsoleConfig, Me } from './types';

export interface ConsoleContext {
  api: Api;
  me: Me;
  config: ConsoleConfig;
  keycloak: Keycloak;
  refreshMe: () => Promise<void>;
}

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('console context missing');
  return c;
}
