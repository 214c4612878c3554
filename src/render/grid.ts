// Terminal tables (cli-table3) for the money reports: columns aligned, amounts right-aligned,
// no colour codes (colour only ever comes from the caller, on a TTY).

import Table from 'cli-table3';

export interface Column {
  head: string;
  align?: 'left' | 'right';
}

export function grid(
  columns: readonly Column[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const t = new Table({
    head: columns.map((c) => c.head),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
  });
  for (const r of rows) t.push(r.map((c) => (c === null ? '' : String(c))));
  return t.toString();
}
