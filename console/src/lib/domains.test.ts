import { describe, expect, it } from 'vitest';
import { canMove, canMoveToRoot, isGroupingType, moveParentTypes, moveTargets, nextLevelType, refusalHint } from './domains';
import { ApiError } from './errors';
import type { Domain, DomainType } from './types';

// the built-in types, as GET /domain-types lists them (DomainTypes.java)
const TYPES: DomainType[] = [
  { code: 'STATE', name: 'State', parentTypes: [] },
  { code: 'GROUP_OF_DISTRICTS', name: 'Group of Districts', parentTypes: ['STATE'] },
  { code: 'DISTRICT', name: 'District', parentTypes: ['STATE', 'GROUP_OF_DISTRICTS'] },
  { code: 'GROUP_OF_SCHOOLS', name: 'Group of Schools', parentTypes: ['STATE', 'DISTRICT'] },
  { code: 'SCHOOL', name: 'School', parentTypes: ['STATE', 'DISTRICT', 'GROUP_OF_SCHOOLS'] },
];
const dom = (id: string, t: string, parentId?: string): Domain => ({ id, type: t, name: id, identifier: id, parentId });

describe('nextLevelType', () => {
  it('is the next level, not a grouping level nor one further down', () => {
    expect(nextLevelType(TYPES, 'STATE')).toBe('DISTRICT');
    expect(nextLevelType(TYPES, 'DISTRICT')).toBe('SCHOOL');
    expect(nextLevelType(TYPES, 'GROUP_OF_DISTRICTS')).toBe('DISTRICT');
    expect(nextLevelType(TYPES, 'GROUP_OF_SCHOOLS')).toBe('SCHOOL');
  });

  it('is undefined for a leaf and the only child type where there is one', () => {
    expect(nextLevelType(TYPES, 'SCHOOL')).toBeUndefined();
    expect(nextLevelType([{ code: 'A', name: 'A' }, { code: 'B', name: 'B', parentTypes: ['A'] }], 'A')).toBe('B');
  });

  it('falls back to the first child type when every child type is a grouping', () => {
    const types: DomainType[] = [
      { code: 'R', name: 'R', parentTypes: [] },
      { code: 'G', name: 'G', parentTypes: ['R', 'H'] },
      { code: 'H', name: 'H', parentTypes: ['R', 'G'] },
    ];
    expect(nextLevelType(types, 'R')).toBe('G');
  });

  it('tells the grouping types apart', () => {
    expect(TYPES.filter((t) => isGroupingType(TYPES, t)).map((t) => t.code)).toEqual(['GROUP_OF_DISTRICTS', 'GROUP_OF_SCHOOLS']);
  });
});

describe('moving', () => {
  it('offers only the parent types the domain type allows', () => {
    expect(moveParentTypes(TYPES, 'SCHOOL')).toEqual(['STATE', 'DISTRICT', 'GROUP_OF_SCHOOLS']);
    expect(moveParentTypes(TYPES, 'STATE')).toEqual([]);
    expect(moveParentTypes(TYPES, 'UNKNOWN')).toEqual([]);
  });

  it('leaves out the domain itself, its current parent and disallowed types', () => {
    const school = dom('s1', 'SCHOOL', 'd1');
    const candidates = [dom('d1', 'DISTRICT'), dom('d2', 'DISTRICT'), dom('s1', 'SCHOOL', 'd1'), dom('s2', 'SCHOOL', 'd2'),
      dom('god', 'GROUP_OF_DISTRICTS'), dom('gos', 'GROUP_OF_SCHOOLS'), dom('st', 'STATE')];
    expect(moveTargets(candidates, school, TYPES).map((d) => d.id)).toEqual(['d2', 'gos', 'st']);
    expect(moveTargets(candidates, dom('d2', 'DISTRICT', 'st'), TYPES).map((d) => d.id)).toEqual(['god']);
  });

  it('to the realm root only for a root type not already there; no move at all for a root state', () => {
    expect(canMoveToRoot(TYPES, dom('st', 'STATE'))).toBe(false);
    expect(canMove(TYPES, dom('st', 'STATE'))).toBe(false);
    expect(canMoveToRoot(TYPES, dom('st', 'STATE', 'x'))).toBe(true);
    expect(canMoveToRoot(TYPES, dom('s', 'SCHOOL', 'd'))).toBe(false);
    expect(canMove(TYPES, dom('s', 'SCHOOL', 'd'))).toBe(true);
    expect(canMoveToRoot([], dom('s', 'SCHOOL', 'd'))).toBe(false);
  });
});

describe('refusalHint', () => {
  const err = (status: number, field?: string) => new ApiError(status, 'x', 'server says', field);
  it('names the dialog control for what the server asks', () => {
    expect(refusalHint('delete', err(409, 'children'))).toBe('domain.hint.deleteCascade');
    expect(refusalHint('delete', err(409, 'assignments'))).toBe('domain.hint.deleteCascade');
    expect(refusalHint('deactivate', err(409, 'active'))).toBe('domain.hint.deactivateCascade');
    expect(refusalHint('create', err(400, 'parentId'))).toBe('domain.hint.parent');
    expect(refusalHint('move', err(400, 'parentId'))).toBe('domain.hint.parent');
    expect(refusalHint('edit', err(409, 'version'))).toBe('domain.hint.changed');
    expect(refusalHint('edit', err(409, 'ncesId'))).toBe('domain.hint.taken');
    expect(refusalHint('delete', err(403))).toBe('domain.hint.forbidden');
  });
  it('adds nothing where it has nothing to add', () => {
    expect(refusalHint('delete', err(500))).toBeUndefined();
    expect(refusalHint('edit', err(400, 'name'))).toBeUndefined();
    expect(refusalHint('delete', new Error('network'))).toBeUndefined();
  });
});
