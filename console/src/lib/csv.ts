/** RFC 4180 CSV: fields with comma, quote, CR or LF are quoted, quotes doubled; records end with CRLF. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * Spreadsheet safety (OWASP CSV injection), the rule the bulk export follows: a cell starting with = + - @ TAB or
 * CR gets a leading single quote so a spreadsheet shows it as text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
}

export function toCsv(header: string[], rows: unknown[][], safe = true): string {
  const line = (cells: unknown[]) =>
    cells.map((c) => csvField(safe && typeof c === 'string' ? neutralise(c) : c)).join(',') + '\r\n';
  return line(header) + rows.map(line).join('');
}

/** Parses RFC 4180 CSV (quoted fields with commas, doubled quotes and line breaks). Stops after maxRecords. */
export function parseCsv(text: string, maxRecords = Number.MAX_SAFE_INTEGER): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (records.length >= maxRecords) return records;
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
