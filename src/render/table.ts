// The one table layout of lato's terminal output: plain aligned columns (no box drawing), easy for
// grep and cut, a header underlined with dashes. On a terminal the table fits its width: long text
// columns wrap inside their cell (or, for a code without spaces, are shortened with …), columns
// marked `drop` are left out first when even that is not enough; numeric (right-aligned) columns
// are never shortened. Numbers are written nl-NL (4.100). Linear in the number of rows.

import { escapeForTerminal } from '../domain/text.js';
import { formatInteger } from '../domain/money.js';

export type Cell = string | number | null | undefined;

export interface Column {
  head: string;
  align?: 'left' | 'right';
  /** never shortened (codes, dates, numbers); right-aligned columns never are anyway */
  fixed?: boolean;
  /** may be left out on a narrow terminal: the lowest number first */
  drop?: number;
  /** the widest the column gets, also when piped: longer text wraps */
  max?: number;
}

export interface TableOptions {
  align?: ('left' | 'right')[];
  /** columns never shortened (by index) */
  fixed?: number[];
  /** columns that may be left out on a narrow terminal, first to go first (by index) */
  drop?: number[];
  /** the widest each column gets, also when piped (longer text wraps); null: no limit */
  widths?: (number | null)[];
  /** the width to fit in; default: the terminal's (see terminalWidth) */
  width?: number;
}

/**
 * The width tables fit in: the terminal's columns when stdout is a terminal, else $COLUMNS when
 * set, else unlimited (piped output is never cut).
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : Infinity;
}

const SEP = '  ';
/** the narrowest a text column is made */
const MIN_WIDTH = 6;
/** text columns narrower than this make a table hard to read: columns that may go, go first */
const READABLE = 20;

/** A cell as shown: escaped (a control character in data neither disturbs the layout nor reaches
 * the terminal), numbers nl-NL, tabs as spaces. The output escapes again (a no-op then). */
function show(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return Number.isInteger(c) ? formatInteger(c) : c.toLocaleString('nl-NL');
  return escapeForTerminal(c.replace(/\t/g, ' '));
}

const len = (s: string) => [...s].length;

function clip(s: string, w: number): string {
  const chars = [...s];
  return chars.length <= w ? s : `${chars.slice(0, Math.max(0, w - 1)).join('')}…`;
}

/** The lines of a cell in width w: text wraps at spaces, a word too long is shortened with …. */
function fitCell(text: string, w: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    if (len(para) <= w) {
      lines.push(para);
      continue;
    }
    if (!para.includes(' ')) {
      lines.push(clip(para, w));
      continue;
    }
    let cur = '';
    for (const word of para.split(/ +/)) {
      const piece = clip(word, w);
      if (cur === '') cur = piece;
      else if (len(cur) + 1 + len(piece) <= w) cur += ` ${piece}`;
      else {
        lines.push(cur);
        cur = piece;
      }
    }
    lines.push(cur);
  }
  return lines;
}

/**
 * A message folded to a width at its spaces (a word longer than the width stays whole, never
 * cut), the lines after the first indented by two spaces; Infinity leaves it as it is.
 */
export function foldText(text: string, width: number): string {
  if (!Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((line) => {
      if (len(line) <= width) return line;
      const lead = /^ */.exec(line)![0];
      const out: string[] = [];
      let cur = '';
      for (const word of line.slice(lead.length).split(/ +/)) {
        const indent = out.length === 0 ? lead : `${lead}  `;
        if (cur === '') cur = word;
        else if (len(indent) + len(cur) + 1 + len(word) <= width) cur += ` ${word}`;
        else {
          out.push(indent + cur);
          cur = word;
        }
      }
      out.push((out.length === 0 ? lead : `${lead}  `) + cur);
      return out.join('\n');
    })
    .join('\n');
}

/** The table as text: columns with headings, rows of cells. */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  width?: number,
): string {
  const limit = width ?? terminalWidth();
  const head = columns.map((c) => escapeForTerminal(c.head));
  const body = rows.map((r) => columns.map((_, i) => show(r[i])));
  // a heading may wrap at its spaces: a column is as wide as its cells and its longest heading word
  const natural = columns.map((c, i) =>
    Math.min(
      c.max ?? Infinity,
      Math.max(
        ...head[i]!.split(/[ \n]/).map(len),
        ...body.map((r) => r[i]!).flatMap((t) => t.split('\n').map(len)),
      ),
    ),
  );
  const shown = columns.map((_, i) => i);
  const total = () => shown.reduce((s, i) => s + widths[i]!, 0) + SEP.length * (shown.length - 1);
  const shrinkable = (i: number) => columns[i]!.align !== 'right' && !columns[i]!.fixed;
  const widths = [...natural];
  const minOf = (i: number) => Math.min(natural[i]!, MIN_WIDTH);
  const shrink = () => {
    // the widest text columns give up width first, down to MIN_WIDTH
    let excess = total() - limit;
    while (excess > 0) {
      const cands = shown.filter((i) => shrinkable(i) && widths[i]! > minOf(i));
      if (cands.length === 0) return;
      const widest = cands.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
      widths[widest]!--;
      excess--;
    }
  };
  if (total() > limit) {
    // first leave out what may go, while the table cannot fit otherwise
    const droppable = columns
      .map((c, i) => ({ i, d: c.drop }))
      .filter((x) => x.d !== undefined)
      .sort((a, b) => a.d! - b.d!);
    // leave a column out while the text columns would have to be squeezed below a readable width
    const squeezed = () =>
      shown.reduce((s, j) => s + (shrinkable(j) ? Math.min(natural[j]!, READABLE) : natural[j]!), 0) +
      SEP.length * (shown.length - 1);
    for (const { i } of droppable) {
      if (squeezed() <= limit) break;
      shown.splice(shown.indexOf(i), 1);
    }
    shrink();
  }
  const fmtLine = (cells: string[]) =>
    shown
      .map((i, k) => {
        const c = cells[k] ?? '';
        const pad = widths[i]! - len(c);
        return columns[i]!.align === 'right'
          ? ' '.repeat(Math.max(0, pad)) + c
          : c + ' '.repeat(Math.max(0, pad));
      })
      .join(SEP)
      .trimEnd();
  const fmtRow = (cells: string[]) => {
    const fitted = shown.map((i) => fitCell(cells[i]!, widths[i]!));
    const height = Math.max(1, ...fitted.map((f) => f.length));
    return Array.from({ length: height }, (_, l) => fmtLine(fitted.map((f) => f[l] ?? ''))).join('\n');
  };
  return [fmtRow(head), fmtLine(shown.map((i) => '-'.repeat(widths[i]!))), ...body.map(fmtRow)].join('\n');
}

/** The same table from headings and options by index (most commands use this form). */
export function renderTable(
  head: string[],
  rows: readonly (readonly Cell[])[],
  opts: TableOptions = {},
): string {
  return table(
    head.map((h, i) => ({
      head: h,
      align: opts.align?.[i] ?? 'left',
      ...(opts.fixed?.includes(i) ? { fixed: true } : {}),
      ...(opts.drop?.includes(i) ? { drop: opts.drop.indexOf(i) } : {}),
      ...(typeof opts.widths?.[i] === 'number' ? { max: opts.widths[i] } : {}),
    })),
    rows,
    opts.width,
  );
}

/** Money tables: columns with their alignment, empty cells for null. */
export function grid(columns: readonly Column[], rows: readonly (readonly Cell[])[]): string {
  return table(columns, rows);
}

/** One record as `field: value` lines, skipping empty values; long values wrap on a terminal. */
export function renderRecord(rec: Record<string, unknown>, width?: number): string {
  const entries = Object.entries(rec).filter(
    ([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
  );
  const w = Math.max(...entries.map(([k]) => k.length));
  const limit = width ?? terminalWidth();
  const room = Math.max(20, limit - w - 2);
  return entries
    .flatMap(([k, v]) => {
      const text = Array.isArray(v) ? v.join(', ') : typeof v === 'number' ? show(v) : String(v);
      return fitCell(escapeForTerminal(text), room).map((line, n) =>
        `${(n === 0 ? k : '').padEnd(w)}  ${line}`.trimEnd(),
      );
    })
    .join('\n');
}
