// Writing CSV for Dutch Excel: semicolon-separated, decimal comma, UTF-8 with BOM, CRLF line ends.
// The one CSV writer of lato (fees, invoices, exports). Text cells are neutralised against formula
// injection: a cell starting with = + - @ tab or CR gets a leading apostrophe, so that Excel shows
// it as text instead of running it. Amounts are numbers, written `1953,00` (no thousands dots, so
// Excel reads them as numbers); a PM amount is written `PM`.

import { LatoError } from '../domain/errors.js';
import { formatDecimal } from '../domain/money.js';
import { checkOutputFile, writeAtomic } from './files.js';

/** A cell: text, a whole number, an amount in cents (`{ cents }`, null for PM), or empty (null). */
export type CsvCell = string | number | null | undefined | { cents: number | null };

const BOM = '\ufeff';
const EOL = '\r\n';
const DELIMITER = ';';
const DANGEROUS_START = /^[=+\-@\t\r]/;

/** A text cell as Excel must see it: formula starts defused, quoted when needed. */
export function textCell(s: string): string {
  const safe = DANGEROUS_START.test(s) ? `'${s}` : s;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell)) throw new LatoError(`CSV cell ${cell} is not a whole number`);
    return String(cell);
  }
  if (typeof cell === 'object')
    return cell.cents === null ? 'PM' : formatDecimal(cell.cents).replace(/\./g, '');
  return textCell(cell);
}

/** The whole document: BOM, header, rows, CRLF after every row. */
export function toDutchCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const out = [header.map(textCell).join(DELIMITER)];
  for (const r of rows) out.push(r.map(formatCell).join(DELIMITER));
  return BOM + out.join(EOL) + EOL;
}

/**
 * Writes the CSV atomically (writeAtomic: a new temporary file created exclusively, synced, then
 * renamed; never over a symbolic link, device or pipe), so that a crash never leaves half a file. The path is checked first (checkOutputFile; `db`, the
 * database path, is never overwritten); an existing file is replaced.
 */
export function writeDutchCsv(
  file: string,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  db?: string,
): void {
  checkOutputFile(file, db);
  writeAtomic(file, Buffer.from(toDutchCsv(header, rows), 'utf8'));
}
