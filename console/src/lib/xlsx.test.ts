import { describe, expect, it } from 'vitest';
import { columnName, crc32, xlsxWorkbook } from './xlsx';

/** Reads a stored (uncompressed) ZIP through its central directory, checking each entry's CRC. */
function readStoredZip(zip: Uint8Array): Map<string, string> {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(v.getUint32(end, true)).toBe(0x06054b50);
  const count = v.getUint16(end + 10, true);
  let at = v.getUint32(end + 16, true);
  const dec = new TextDecoder();
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50);
    const method = v.getUint16(at + 10, true);
    const crc = v.getUint32(at + 16, true);
    const size = v.getUint32(at + 20, true);
    const nameLen = v.getUint16(at + 28, true);
    const local = v.getUint32(at + 42, true);
    const name = dec.decode(zip.subarray(at + 46, at + 46 + nameLen));
    expect(method).toBe(0);
    expect(v.getUint32(local, true)).toBe(0x04034b50);
    const dataAt = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const data = zip.subarray(dataAt, dataAt + size);
    expect(crc32(data)).toBe(crc);
    out.set(name, dec.decode(data));
    at += 46 + nameLen + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return out;
}

describe('xlsxWorkbook', () => {
  it('is a ZIP with the parts of a workbook, the header as bold inline strings', () => {
    const zip = xlsxWorkbook('groups', [['domain_type', 'name', 'a&b <c>']]);
    expect([...zip.subarray(0, 4)]).toEqual([0x50, 0x4b, 3, 4]); // PK\3\4: what the server takes for a workbook
    const parts = readStoredZip(zip);
    expect([...parts.keys()].sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">domain_type</t></is></c>');
    expect(sheet).toContain('<c r="C1" t="inlineStr" s="1"><is><t xml:space="preserve">a&amp;b &lt;c&gt;</t></is></c>');
    expect(sheet).toContain('state="frozen"');
    expect(parts.get('xl/workbook.xml')).toContain('<sheet name="groups" sheetId="1" r:id="rId1"/>');
  });

  it('gives the same bytes for the same rows', () => {
    expect(xlsxWorkbook('x', [['a']])).toEqual(xlsxWorkbook('x', [['a']]));
  });
});

describe('helpers', () => {
  it('names columns like a spreadsheet', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('crc32 is the ZIP checksum', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
