import type { Api } from './api';
import type { Domain, DomainType } from './types';

let typesCache: Promise<DomainType[]> | undefined;

/** Domain types change rarely; one request per page load. */
export function domainTypes(api: Api, refresh = false): Promise<DomainType[]> {
  if (!typesCache || refresh) typesCache = api.get<DomainType[]>('/domain-types').catch((e) => {
    typesCache = undefined;
    throw e;
  });
  return typesCache;
}

export const CHILD_PAGE = 50;

export function childrenPage(api: Api, parentId: string, first: number): Promise<Domain[]> {
  return api.get<Domain[]>(`/domains/${encodeURIComponent(parentId)}/children`, { first, max: CHILD_PAGE });
}

export function ancestors(api: Api, id: string): Promise<Domain[]> {
  return api.get<Domain[]>(`/domains/${encodeURIComponent(id)}/ancestors`);
}
