import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BULK_COLUMNS, BULK_KINDS, hasReport, progressPercent, shownCounts, templateHeader, uploadContentType, XLSX_TYPE } from './bulk';

const doc = (name: string) => readFileSync(fileURLToPath(new URL(`../../../docs/${name}`, import.meta.url)), 'utf8');

/**
 * The columns a "Columns: …" sentence of the docs names: the backticked names at its top level (parenthesised
 * remarks and links dropped), up to the sentence's end; `new_*` are import-only, `action` is every kind's.
 */
function docColumns(prose: string): { columns: string[]; importOnly: string[] } {
  let s = prose.replace(/\[[^\]]*\]/g, '');
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  s = out;
  const end = s.search(/\.(\s|$)/);
  if (end >= 0) s = s.slice(0, end);
  const names = [...new Set([...s.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]))].filter((n) => n !== 'action');
  return { columns: names.filter((n) => !n.startsWith('new_')), importOnly: names.filter((n) => n.startsWith('new_')) };
}

/** Per kind: the "Columns:" paragraph of its section in docs/bulk.md; self-registration's in the operations guide. */
function documentedKinds(): Record<string, { columns: string[]; importOnly: string[] }> {
  const bulk = doc('bulk.md');
  const kinds: Record<string, { columns: string[]; importOnly: string[] }> = {};
  const headings = [...bulk.matchAll(/^## [^\n]*\(`([a-z-]+)`\)[ \t]*$/gm)];
  headings.forEach((h, i) => {
    const section = bulk.slice(h.index, i + 1 < headings.length ? headings[i + 1].index : bulk.length);
    const at = section.indexOf('Columns:');
    expect(at, `docs/bulk.md section of ${h[1]} has a "Columns:" paragraph`).toBeGreaterThan(0);
    kinds[h[1]] = docColumns(section.slice(at).split(/\n\s*\n/)[0]);
  });
  const ops = doc('operations-guide.md');
  const para = ops.split(/\n\s*\n/).find((p) => p.includes('bulk/self-registration/imports'));
  expect(para, 'operations-guide.md describes the bulk kind self-registration').toBeDefined();
  kinds['self-registration'] = docColumns(para!.slice(para!.indexOf('columns ')));
  return kinds;
}

describe('BULK_COLUMNS', () => {
  it('has every kind docs/bulk.md lists', () => {
    const line = doc('bulk.md').match(/^Entity kinds: ([\s\S]*?)\(one engine/m);
    expect(line).not.toBeNull();
    const listed = [...line![1].matchAll(/`([a-z-]+)`/g)].map((m) => m[1]);
    expect([...BULK_KINDS].sort()).toEqual([...listed].sort());
  });

  it('are exactly the columns the docs give each kind, in their order', () => {
    const documented = documentedKinds();
    expect(Object.keys(documented).sort()).toEqual([...BULK_KINDS].sort());
    for (const kind of BULK_KINDS) {
      expect({ kind, ...BULK_COLUMNS[kind] }).toEqual({ kind, ...documented[kind] });
    }
  });

  it('a template is the export header and action', () => {
    expect(templateHeader('groups')).toEqual(['domain_type', 'domain_identifier', 'name', 'description', 'action']);
    expect(templateHeader('group-assignments')[0]).toBe('group_domain_type');
    expect(templateHeader('nope')).toEqual([]);
  });
});

describe('docColumns', () => {
  it('skips remarks in parentheses and links, stops at the sentence end', () => {
    expect(docColumns('Columns: `a` (key, see `b` (`c`)), `d` as for [`e`](#x), `new_d`, `action`. Then `f`.')).toEqual({ columns: ['a', 'd'], importOnly: ['new_d'] });
  });
});

describe('counts', () => {
  const job = { created: 1, updated: 0, unchanged: 0, deleted: 0, rejected: 0, notFound: 0, duplicates: 0, blankLines: 0 };
  it('shows the warning counts and blank lines only when not zero', () => {
    expect(shownCounts(job)).toEqual(['created', 'updated', 'unchanged', 'deleted', 'rejected']);
    expect(shownCounts({ ...job, notFound: 2, blankLines: 1 })).toEqual(['created', 'updated', 'unchanged', 'deleted', 'rejected', 'notFound', 'blankLines']);
    expect(shownCounts({ ...job, duplicates: 3 })).toContain('duplicates');
  });
  it('a report exists for error or warning rows', () => {
    expect(hasReport({ rejected: 0, reportRows: 0 })).toBe(false);
    expect(hasReport({ rejected: 0, reportRows: 1, notFound: 1 })).toBe(true);
    expect(hasReport({ rejected: 0, notFound: 1 })).toBe(true);
    expect(hasReport({ rejected: 2 })).toBe(true);
  });
});

describe('uploadContentType', () => {
  it('is XLSX only for a file that says it is a workbook', () => {
    expect(uploadContentType({ name: 'a.xlsx', type: '' })).toBe(XLSX_TYPE);
    expect(uploadContentType({ name: 'a', type: XLSX_TYPE })).toBe(XLSX_TYPE);
    expect(uploadContentType({ name: 'a.csv', type: 'text/csv' })).toBe('text/csv');
    expect(uploadContentType({ name: 'a.xls', type: 'application/vnd.ms-excel' })).toBe('text/csv');
  });
});

describe('progressPercent', () => {
  it('is rowsRead over rowsTotal, floored and capped', () => {
    expect(progressPercent(0, 200)).toBe(0);
    expect(progressPercent(199, 200)).toBe(99);
    expect(progressPercent(250, 200)).toBe(100);
  });
  it('is unknown without a total and 100 when finished', () => {
    expect(progressPercent(10, null)).toBeUndefined();
    expect(progressPercent(10, 0)).toBeUndefined();
    expect(progressPercent(10, null, true)).toBe(100);
  });
});
