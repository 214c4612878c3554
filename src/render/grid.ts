// Money tables for the terminal: columns with their alignment, empty cells for null, on top of the
// shared renderTable (render/table.ts).

import { renderTable } from './table.js';

export interface Column {
  head: string;
  align?: 'left' | 'right';
}

export function grid(
  columns: readonly Column[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return renderTable(
    columns.map((c) => c.head),
    rows.map((r) => r.map((c) => c ?? '')),
    { align: columns.map((c) => c.align ?? 'left') },
  );
}
