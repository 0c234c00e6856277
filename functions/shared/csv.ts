import { CsvError, parse } from 'csv-parse/sync';
import type { CsvRecord } from '../../domain/vehicle-import.ts';

/**
 * Reading an uploaded CSV file (RFC 4180, as spreadsheets save it: a byte-order mark, CRLF or LF,
 * quoted fields with commas, quotes and line breaks) with `csv-parse`, keeping for each record the
 * line it starts on, which is the row number a person sees in an editor and the import's errors name.
 */

export class CsvFormatError extends Error {
  constructor(
    /** The line where the parser gave up. */
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const CR = 0x0d;
const LF = 0x0a;

/** Line numbers of byte offsets, counted forwards once (CRLF, LF and a lone CR each end a line). */
function lineCounter(bytes: Uint8Array) {
  let at = 0;
  let line = 1;
  return (offset: number) => {
    for (; at < offset; at++) {
      if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) line++;
    }
    return line;
  };
}

/** The file's records, the header first; CsvFormatError for text that is not CSV (or not UTF-8). */
export function readCsv(text: string): CsvRecord[] {
  // A byte that was not UTF-8 arrives as U+FFFD: say so rather than import mangled names.
  const replaced = text.indexOf('\uFFFD');
  if (replaced !== -1)
    throw new CsvFormatError(
      text.slice(0, replaced).split('\n').length,
      'the file is not UTF-8 text; save it as "CSV UTF-8" and send it again',
    );
  let parsed: { record: string[]; info: { bytes: number } }[];
  try {
    parsed = parse(text, {
      bom: true,
      info: true,
      // Rows with a wrong number of fields are reported per row by the import, not as a parse error.
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed; // `info: true` makes each record { record, info }
  } catch (err) {
    if (err instanceof CsvError)
      throw new CsvFormatError(
        Number((err as CsvError & { lines?: number }).lines ?? 1),
        `the file is not valid CSV: ${err.message}`,
      );
    throw err;
  }
  // A record starts where the previous one ended (`info.bytes`), after any empty lines; its line is
  // counted here because the parser's own count is off for quoted CRLF line breaks.
  const bytes = Buffer.from(text, 'utf8');
  const lineAt = lineCounter(bytes);
  let end = 0;
  return parsed.map(({ record, info }) => {
    let start = end;
    while (bytes[start] === CR || bytes[start] === LF) start++;
    end = info.bytes;
    return { line: lineAt(start), cells: record };
  });
}
