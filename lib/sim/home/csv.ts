/**
 * A minimal CSV reader for the trace files: comma-separated, first line a header, LF or CRLF
 * line endings, optional double quotes around a field ("" inside quotes is a quote). Blank lines
 * are skipped. Enough for every data file we replay and for a user's spreadsheet export.
 */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

export function parseCsv(text: string): CsvTable {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim().length > 0);
  if (lines.length === 0) return { header: [], rows: [] };
  const [first, ...rest] = lines;
  return { header: splitCsvLine(first).map((h) => h.trim()), rows: rest.map(splitCsvLine) };
}

export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Index of a header column, or an Error naming the file kind and the missing column. */
export function columnIndex(table: CsvTable, name: string, what: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) throw new Error(`${what}: column "${name}" not found (header: ${table.header.join(', ')})`);
  return i;
}

/** A number from a cell, or undefined for an empty or non-numeric cell. */
export function numberCell(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const s = cell.trim();
  if (s.length === 0) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
