// Terminal tables. cli-table3 grows with the square of the rows, so long tables are rendered
// with a plain column layout instead. Its box layout is drawn here directly when every cell is
// text whose width is its length (the usual case: no wrapping, no wide or combining characters):
// the same lines, without loading cli-table3 and its width tables, which cost a read command
// more than the rest of its start-up. Anything else still goes through cli-table3.

import { createRequire } from 'node:module';
import type Table from 'cli-table3';
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
  if (!opts.widths) {
    const h = head.map(cell);
    const body = rows.map((r) => r.map(cell));
    if (
      h.length > 0 &&
      body.every((r) => r.length === h.length) &&
      [h, ...body].every((r) => r.every(isNarrow))
    )
      return renderBox(h, body, opts.align ?? []);
  }
  const CliTable = createRequire(import.meta.url)('cli-table3') as typeof Table;
  const t = new CliTable({
    head: head.map(cell),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: opts.align ?? head.map(() => 'left'),
    ...(opts.widths ? { colWidths: opts.widths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const r of rows) t.push(r.map(cell));
  return t.toString();
}

/** Text of one column per character (as cli-table3 measures it): no tabs, newlines, wide or combining characters. */
const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]*$/;
const isNarrow = (c: string) => NARROW.test(c);

/** cli-table3's box (without row separators) for cells of narrow text, padded by one space. */
export function renderBox(head: string[], rows: string[][], align: ('left' | 'right')[] = []): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)) + 2);
  const bar = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w)).join(m)}${r}`;
  const line = (r: string[]) =>
    `│${r.map((c, i) => ` ${align[i] === 'right' ? c.padStart(widths[i]! - 2) : c.padEnd(widths[i]! - 2)} `).join('│')}│`;
  return [bar('┌', '┬', '┐'), line(head), ...rows.map(line), bar('└', '┴', '┘')].join('\n');
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
