// Writing CSV that spreadsheet software opens correctly: UTF-8 with a byte-order mark (without
// it Excel reads UTF-8 as the local code page and Chinese comes out garbled), CRLF line ends,
// and no cell that a spreadsheet would run as a formula.
import { stringify } from 'csv-stringify/sync';

export const UTF8_BOM = '\uFEFF';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/**
 * A cell starting with = + - @ (or a tab or carriage return, which some spreadsheets skip before
 * looking) would be read as a formula, e.g. =HYPERLINK(...) leaking data when clicked. A leading
 * apostrophe makes it text; the spreadsheet shows the value without it.
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export type Cell = string | number | null | undefined;

/**
 * CSV lines for these rows, every text cell neutralised. csv-stringify quotes a cell holding its
 * own record delimiter (CRLF) but not a bare LF or CR, which every reader takes for the end of a
 * record: so any cell holding a line break is quoted too.
 */
export function csvLines(rows: ReadonlyArray<readonly Cell[]>): string {
  const cells = rows.map((r) =>
    r.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? String(c) : neutralise(c))),
  );
  return stringify(cells, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** An ASCII file name for Content-Disposition (names with other characters are not needed here). */
export function attachment(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${safe}"`;
}
