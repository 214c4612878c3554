// Column mapping for imported tables: each field a file may carry, with its Dutch and English
// header names. Headers match case-insensitively, ignoring spaces, dashes, underscores and dots.

import type { Problem } from '../domain/errors.js';
import { normaliseText } from '../domain/text.js';
import type { CsvRecord, CsvSource } from './csv.js';

export interface FieldSpec<K extends string = string> {
  key: K;
  aliases: readonly string[];
  required?: boolean;
}

export function normaliseHeader(h: string): string {
  return h
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_.\-/()]+/g, '');
}

export interface ColumnMap<K extends string> {
  /** column index per field, absent when the file does not have it */
  index: Partial<Record<K, number>>;
  has(key: K): boolean;
  /** the cell of a field in a record, normalised as lato stores text (NFC, trimmed, whitespace
   * collapsed: domain/text.ts); '' when absent or empty */
  get(rec: CsvRecord, key: K): string;
  /** the header as written in the file, for messages */
  headerOf(key: K): string;
}

/** Maps header names to fields; reports missing required columns and duplicated ones. */
export function mapColumns<K extends string>(
  src: Pick<CsvSource, 'file' | 'header'>,
  fields: readonly FieldSpec<K>[],
): { map: ColumnMap<K>; problems: Problem[] } {
  const problems: Problem[] = [];
  const index: Partial<Record<K, number>> = {};
  const normalised = src.header.map(normaliseHeader);
  for (const f of fields) {
    const wanted = new Set([f.key, ...f.aliases].map(normaliseHeader));
    const hits = normalised.flatMap((h, i) => (wanted.has(h) ? [i] : []));
    if (hits.length > 1) {
      problems.push({
        file: src.file,
        line: 1,
        message: `columns ${hits.map((i) => `"${src.header[i]}"`).join(' and ')} both mean ${f.key}`,
        hint: 'keep one of them',
      });
    }
    if (hits.length > 0) index[f.key] = hits[0]!;
    else if (f.required) {
      problems.push({
        file: src.file,
        line: 1,
        message: `required column "${f.key}" is missing`,
        hint: `name a column ${[f.key, ...f.aliases.slice(0, 3)].map((a) => `"${a}"`).join(' or ')}; the header has ${src.header.map((h) => `"${h}"`).join(', ')}`,
      });
    }
  }
  const map: ColumnMap<K> = {
    index,
    has: (key) => index[key] !== undefined,
    get: (rec, key) => {
      const i = index[key];
      return i === undefined ? '' : normaliseText(rec.cells[i] ?? '');
    },
    headerOf: (key) => {
      const i = index[key];
      return i === undefined ? key : (src.header[i] ?? key);
    },
  };
  return { map, problems };
}

/**
 * Collects problems up to a limit, so that a file with a million bad rows still gives a readable
 * report (the count of the rest is kept).
 */
export class ProblemList {
  readonly items: Problem[] = [];
  total = 0;
  constructor(private readonly limit = 200) {}
  add(p: Problem): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(p);
  }
  get length(): number {
    return this.total;
  }
  /** the problems to show, with a last line counting those left out */
  list(): Problem[] {
    if (this.total <= this.items.length) return this.items;
    return [...this.items, { message: `… and ${this.total - this.items.length} more problems` }];
  }
}
