// Splitting a decoded CSV into its header and rows. Rows are numbered as a spreadsheet numbers
// them (the header is row 1), so "row 7" in the preview is row 7 on the screen the file was made on.
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { withoutControlCharacters } from '../forms/control-characters.js';

export interface CsvRow {
  /** The row's number in the spreadsheet: the header is 1. */
  row: number;
  cells: string[];
}

/** Why a file could not be split: a quoted cell never closed (so the line is where the file ended), or something else near a line. */
export type CsvFailure = { ok: false; unclosedQuote: boolean; line: number | null };

export type CsvTable = { ok: true; header: string[]; rows: CsvRow[]; delimiter: string } | CsvFailure;

/** A comma, unless the header row has none and is split by tabs or semicolons (some "CSV" exports are). */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(';')) return ';';
  return ',';
}

export function readCsv(input: string): CsvTable {
  // Some tools put Excel's "sep=;" line first; Excel reads it and hides it, so the header is still row 1.
  const sep = /^sep=(.)\r?\n/i.exec(input);
  const text = sep ? input.slice(sep[0].length) : input;
  const delimiter = sep ? sep[1]! : delimiterOf(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      // A quote inside a cell that is not quoted (他说"好") is text, as spreadsheets treat it.
      relax_quotes: true,
      max_record_size: 64 * 1024,
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    return {
      ok: false,
      unclosedQuote: e.code === 'CSV_QUOTE_NOT_CLOSED',
      line: typeof e.lines === 'number' ? e.lines : null,
    };
  }
  const [header = [], ...body] = records;
  const rows: CsvRow[] = [];
  body.forEach((cells, i) => {
    // A blank line still counts as a row of the spreadsheet; it is simply not an opinion.
    if (cells.every((c) => c.trim() === '')) return;
    // Control characters mean what they mean in a form: nothing (forms/control-characters.ts).
    rows.push({ row: i + 2, cells: cells.map(withoutControlCharacters) });
  });
  return { ok: true, header: header.map((h) => h.replace(/^\uFEFF/, '')), rows, delimiter };
}
