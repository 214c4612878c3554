// Terminal tables. cli-table3 grows with the square of the rows, so long tables are rendered
// with a plain column layout instead.

import Table from 'cli-table3';
import { escapeForTerminal } from '../domain/text.js';

// cells are escaped here already (the output escapes again, a no-op then), so that a control
// character in data neither disturbs the layout nor reaches the terminal
const cell = (c: Cell) => escapeForTerminal(String(c));

const CLI_TABLE_MAX_ROWS = 500;

export type Cell = string | number;

export function renderTable(
  head: string[],
  rows: Cell[][],
  opts: {
    align?: ('left' | 'right')[];
    /** column widths; long text wraps at word boundaries */ widths?: (number | null)[];
  } = {},
): string {
  if (rows.length > CLI_TABLE_MAX_ROWS) return renderPlain(head, rows, opts.align);
  const t = new Table({
    head: head.map(cell),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: opts.align ?? head.map(() => 'left'),
    ...(opts.widths ? { colWidths: opts.widths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const r of rows) t.push(r.map(cell));
  return t.toString();
}

/** A plain aligned layout, linear in the number of rows. */
export function renderPlain(head: string[], rows: Cell[][], align: ('left' | 'right')[] = []): string {
  const all = [head.map(cell), ...rows.map((r) => r.map(cell))];
  const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const fmt = (r: Cell[]) =>
    r
      .map((c, i) => (align[i] === 'right' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(fmt)].join('\n');
}

/** One record as `field: value` lines, skipping empty values. */
export function renderRecord(rec: Record<string, unknown>): string {
  const entries = Object.entries(rec).filter(
    ([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  const w = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(w)}  ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n');
}
