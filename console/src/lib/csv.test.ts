import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from './csv';

describe('csv', () => {
  it('quotes only fields that need it and doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('writes CRLF records and neutralises formula cells', () => {
    expect(toCsv(['a', 'b'], [['=1+1', 'x,y']])).toBe('a,b\r\n\'=1+1,"x,y"\r\n');
    expect(toCsv(['a'], [['-5']], false)).toBe('a\r\n-5\r\n');
  });

  it('parses what it writes, including quotes, commas, line breaks and a BOM', () => {
    const text = '\ufeff' + toCsv(['h1', 'h2'], [['a "q"', 'x,\r\ny'], ['', 'z']], false);
    expect(parseCsv(text)).toEqual([
      ['h1', 'h2'],
      ['a "q"', 'x,\r\ny'],
      ['', 'z'],
    ]);
  });

  it('stops after maxRecords', () => {
    expect(parseCsv('a\nb\nc\n', 2)).toEqual([['a'], ['b']]);
  });
});
