// The fuzz properties, shared by the regular run (test/unit/fuzz-imports.test.ts) and the long one
// (`npm run fuzz`): each returns a fast-check property over a Runner.

import fc from 'fast-check';
import type { LatoError } from '../../src/domain/errors.js';
import { normaliseHeader } from '../../src/io/table.js';
import { FuzzFailure, KINDS, type Kind, type Runner } from './harness.js';
import { DELIMITERS, ENCODINGS, SPECS, anyCell, encode, table, type TableSpec } from './generators.js';

const readable = fc.constantFrom('utf-8', 'utf-8-bom', 'windows-1252') as fc.Arbitrary<
  'utf-8' | 'utf-8-bom' | 'windows-1252'
>;
const delimiter = fc.constantFrom(...DELIMITERS);
const eol = fc.constantFrom('\r\n', '\n');

function fail(msg: string, e?: LatoError): never {
  throw new FuzzFailure(e ? `${msg}\n  got: ${e.message}\n  ${JSON.stringify(e.problems)}` : msg);
}

/** 1. Random bytes: an answer, never a crash, never a write on rejection. */
export function randomBytes(r: Runner, kind: Kind) {
  return fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
    await r.run({ kind, bytes });
  });
}

/** 2. The importer's header over random cells, any encoding, delimiter and line end. */
export function randomTable(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(
    fc.array(fc.array(anyCell, { maxLength: spec.header.length + 2 }), { maxLength: 8 }),
    fc.constantFrom(...ENCODINGS),
    delimiter,
    eol,
    fc.boolean(),
    async (rows, enc, d, e, closeQuotes) => {
      let text = table([spec.header, ...rows], d, e);
      if (!closeQuotes) text = text.replace(/"(?=[^"]*$)/, '');
      const out = await r.run({ kind: spec.kind, bytes: encode(text, enc) });
      if (enc.startsWith('utf-16') && out.ok) fail(`${spec.kind}: a UTF-16 file was imported`);
    },
  );
}

function validRows(spec: TableSpec, min = 1) {
  return fc
    .integer({ min, max: Math.min(spec.maxRows, 12) })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spec.row(i))));
}

/**
 * A problem names the defect: its line, and its column (or the field in the message, not counting
 * the bad value itself, which may happen to contain the column's name).
 */
export function named(e: LatoError, line: number, column: string, value = ''): boolean {
  const col = normaliseHeader(column);
  const mentions = (text: string) => normaliseHeader(value ? text.replaceAll(value, '') : text).includes(col);
  if (
    e.problems.some(
      (p) =>
        p.line === line &&
        ((p.column !== undefined && normaliseHeader(p.column) === col) || mentions(p.message)),
    )
  )
    return true;
  // a reader that stops at the first bad line says it in the message: "FILE, line L, column "C": …"
  return e.message.includes(`line ${line}`) && mentions(e.message);
}

/** 3. Valid rows with exactly one bad cell: rejected, and that line and column named. */
export function oneDefect(r: Runner, spec: TableSpec) {
  const columns = Object.keys(spec.defects);
  return fc.asyncProperty(
    validRows(spec),
    fc.constantFrom(...columns),
    fc.nat(),
    fc.nat(),
    readable,
    delimiter,
    eol,
    async (rows, column, which, at, enc, d, e) => {
      const bad = spec.defects[column]!;
      const value = bad[which % bad.length]!;
      const i = at % rows.length;
      const ci = spec.header.indexOf(column);
      const body = rows.map((row) => [...row]);
      body[i]![ci] = value;
      const bytes = encode(table([spec.header, ...body], d, e), enc);
      const out = await r.run({ kind: spec.kind, bytes });
      if (out.ok) fail(`${spec.kind}: "${value}" in column ${column} on line ${i + 2} was accepted`);
      if (!named(out.error, i + 2, column, value))
        fail(`${spec.kind}: "${value}" in column ${column} on line ${i + 2} not named`, out.error);
    },
  );
}

/** 3b. A row repeated (same key): rejected, the second line named at the key column. */
export function duplicateRow(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(validRows(spec, 2), fc.nat(), fc.nat(), delimiter, async (rows, a, b, d) => {
    const from = a % rows.length;
    let to = b % rows.length;
    if (to === from) to = (to + 1) % rows.length;
    const body = rows.map((row) => [...row]);
    body[to] = [...body[from]!];
    const line = Math.max(from, to) + 2;
    const out = await r.run({ kind: spec.kind, bytes: encode(table([spec.header, ...body], d), 'utf-8') });
    if (out.ok) fail(`${spec.kind}: line ${line} repeats line ${Math.min(from, to) + 2} and was accepted`);
    if (!named(out.error, line, spec.key!))
      fail(`${spec.kind}: the repeated ${spec.key} on line ${line} not named`, out.error);
  });
}

/** 3c. Valid rows read with the wrong --encoding or --delimiter: an answer, never a crash. */
export function wrongOptions(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(
    validRows(spec),
    readable,
    delimiter,
    fc.constantFrom('utf-8', 'windows-1252', 'latin1', 'utf-16', 'ebcdic'),
    fc.constantFrom(';', ',', 'tab', '|', '::', ''),
    async (rows, enc, d, encoding, delim) => {
      const bytes = encode(table([spec.header, ...rows], d), enc);
      await r.run({ kind: spec.kind, bytes, opts: { encoding, delimiter: delim } });
    },
  );
}

/** 4. Valid rows alone are imported (so that the defect, not the rows, is what is rejected). */
export function allValid(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(
    validRows(spec),
    readable,
    delimiter,
    eol,
    fc.boolean(),
    async (rows, enc, d, e, dryRun) => {
      const bytes = encode(table([spec.header, ...rows], d, e), enc);
      // a dry run must leave the database as it was (the runner compares it)
      const out = await r.run({ kind: spec.kind, bytes, opts: { dryRun } });
      if (!out.ok) fail(`${spec.kind}: valid rows rejected`, out.error);
    },
  );
}

/** 5. A quote opened in a valid file and never closed: rejected, the line named. */
export function openQuote(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(validRows(spec), fc.nat(), fc.nat(), delimiter, async (rows, at, col, d) => {
    const i = at % rows.length;
    const lines = [spec.header, ...rows].map((row) =>
      row.map((c) => (c.includes(d) ? c.replaceAll(d, ' ') : c)),
    );
    const ci = col % spec.header.length;
    lines[i + 1]![ci] = `"${lines[i + 1]![ci]}`;
    const text = lines.map((l) => l.join(d)).join('\r\n') + '\r\n';
    const out = await r.run({ kind: spec.kind, bytes: encode(text, 'utf-8') });
    if (out.ok) fail(`${spec.kind}: an unclosed quote on line ${i + 2} was accepted`);
    if (!`${out.error.message}${JSON.stringify(out.error.problems)}`.includes(`line ${i + 2}`))
      fail(`${spec.kind}: the unclosed quote on line ${i + 2} not named`, out.error);
  });
}

/** 6. Thousands of columns: an answer, never a crash. */
export function manyColumns(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(fc.integer({ min: 1000, max: 5000 }), delimiter, async (n, d) => {
    const extra = Array.from({ length: n }, (_, i) => `extra ${i}`);
    const rows = [
      [...spec.header, ...extra],
      ...Array.from({ length: 3 }, () => [...spec.header.map(() => '1'), ...extra]),
    ];
    await r.run({ kind: spec.kind, bytes: encode(table(rows, d), 'utf-8') });
  });
}

/** 7. One huge field (megabytes): an answer, never a crash. */
export function hugeField(r: Runner, spec: TableSpec) {
  return fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.nat(), fc.boolean(), async (mb, col, quoted) => {
    const big = 'x'.repeat(mb << 20);
    const row = spec.header.map((_, i) => (i === col % spec.header.length ? big : '1'));
    const text = `${spec.header.join(';')}\r\n${row.map((c) => (quoted && c === big ? `"${c}"` : c)).join(';')}\r\n`;
    await r.run({ kind: spec.kind, bytes: encode(text, 'utf-8') });
  });
}

/** 8. Project group JSON: any JSON value, and member lists with wrong types. */
export function projectGroupJson(r: Runner) {
  return fc.asyncProperty(
    fc.oneof(
      fc.jsonValue(),
      fc.record({ project_leader: fc.jsonValue(), members: fc.array(fc.jsonValue(), { maxLength: 5 }) }),
      fc.string(),
    ),
    async (v) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      await r.run({ kind: 'projectgroup', bytes: Buffer.from(text), name: `pg-${r.cases}.json` });
    },
  );
}

export { KINDS, SPECS };
