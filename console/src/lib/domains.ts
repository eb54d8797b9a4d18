import type { Api } from './api';
import { ApiError } from './errors';
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

/** The types a domain of type {@code parentType} may hold, in the order the server lists the types. */
export function childTypesOf(types: DomainType[], parentType: string): DomainType[] {
  return types.filter((ty) => (ty.parentTypes ?? []).includes(parentType));
}

/**
 * A grouping type (Group of Districts, Group of Schools) is an optional level in between: everything it may hold may
 * also sit directly under every type it may sit under. A leaf type (holding nothing) is not a grouping.
 */
export function isGroupingType(types: DomainType[], type: DomainType): boolean {
  const held = childTypesOf(types, type.code);
  const parents = type.parentTypes ?? [];
  return held.length > 0 && parents.length > 0 && held.every((h) => parents.every((p) => (h.parentTypes ?? []).includes(p)));
}

/** Whether a domain of type {@code below} may lie (at any depth) under one of type {@code above}. */
function mayLieBelow(types: DomainType[], above: string, below: string): boolean {
  const seen = new Set<string>();
  const walk = (code: string): boolean => {
    for (const c of childTypesOf(types, code)) {
      if (c.code === below) return true;
      if (!seen.has(c.code)) {
        seen.add(c.code);
        if (walk(c.code)) return true;
      }
    }
    return false;
  };
  return walk(above);
}

/**
 * The type a new child of a {@code parentType} domain most likely has: the next level of the hierarchy, not an
 * optional grouping level and not a level further down (under a State a District, under a District a School). Falls
 * back to the first allowed child type; undefined when the type holds nothing.
 */
export function nextLevelType(types: DomainType[], parentType: string): string | undefined {
  const children = childTypesOf(types, parentType);
  const levels = children.filter((c) => !isGroupingType(types, c));
  const top = levels.find((c) => !levels.some((o) => o.code !== c.code && mayLieBelow(types, o.code, c.code)));
  return (top ?? children[0])?.code;
}

/** The parent types a domain of {@code type} may be moved under (empty: only the realm root). */
export function moveParentTypes(types: DomainType[], type: string): string[] {
  return types.find((ty) => ty.code === type)?.parentTypes ?? [];
}

/** "Move to the realm root" is for the types allowed there (no parent types) and a domain not already there. */
export function canMoveToRoot(types: DomainType[], domain: Pick<Domain, 'type' | 'parentId'>): boolean {
  const known = types.some((ty) => ty.code === domain.type);
  return known && moveParentTypes(types, domain.type).length === 0 && !!domain.parentId;
}

/** Whether a move can go anywhere: under an allowed parent type, or to the realm root (not for a root state). */
export function canMove(types: DomainType[], domain: Pick<Domain, 'type' | 'parentId'>): boolean {
  return moveParentTypes(types, domain.type).length > 0 || canMoveToRoot(types, domain);
}

/** The move dialog's choices: of an allowed parent type, neither the domain itself nor its current parent. */
export function moveTargets(candidates: Domain[], domain: Pick<Domain, 'id' | 'type' | 'parentId'>, types: DomainType[]): Domain[] {
  const allowed = moveParentTypes(types, domain.type);
  return candidates.filter((c) => allowed.includes(c.type) && c.id !== domain.id && c.id !== domain.parentId);
}

export type DomainAction = 'create' | 'edit' | 'move' | 'deactivate' | 'delete';

/**
 * What the console adds to the server's refusal of a domain change (its message is shown as the server worded it):
 * the key of a hint that names the dialog's own control for what the server asks (e.g. its "cascade=true"), or
 * undefined.
 */
export function refusalHint(action: DomainAction, e: unknown): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  if (e.status === 409 && e.field === 'version') return 'domain.hint.changed';
  if (action === 'delete' && e.status === 409 && (e.field === 'children' || e.field === 'assignments')) return 'domain.hint.deleteCascade';
  if (action === 'deactivate' && e.status === 409 && e.field === 'active') return 'domain.hint.deactivateCascade';
  if ((action === 'create' || action === 'move') && e.field === 'parentId' && (e.status === 400 || e.status === 403)) return 'domain.hint.parent';
  if (e.status === 403) return 'domain.hint.forbidden';
  if (e.status === 409 && (e.field === 'identifier' || e.field === 'ncesId')) return 'domain.hint.taken';
  return undefined;
}
