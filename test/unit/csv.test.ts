import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvParser, detectDelimiter } from '../../src/io/csv.js';

function parseAll(text: string, chunkSize = text.length || 1, delimiter = ';') {
  const p = new CsvParser(delimiter);
  const out: { line: number; cells: string[] }[] = [];
  for (let i = 0; i < text.length; i += chunkSize) out.push(...p.push(text.slice(i, i + chunkSize)));
  out.push(...p.end('t.csv'));
  return out;
}

describe('CsvParser', () => {
  it('splits plain lines, CRLF and LF, and skips blank lines', () => {
    expect(parseAll('a;b\r\nc;d\n\ne;f')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 4, cells: ['e', 'f'] },
    ]);
  });
  it('reads quoted fields with delimiters, doubled quotes and newlines, keeping line numbers', () => {
    const text = 'x;"a;b";"say ""hi"""\n"multi\nline";2\nlast;3\n';
    expect(parseAll(text)).toEqual([
      { line: 1, cells: ['x', 'a;b', 'say "hi"'] },
      { line: 2, cells: ['multi\nline', '2'] },
      { line: 4, cells: ['last', '3'] },
    ]);
  });
  it('gives the same records whatever the chunk boundaries', () => {
    const text = 'h1;h2\r\n"q;1";"a\r\nb"\r\nplain;"x"""\r\n';
    const whole = parseAll(text);
    for (let size = 1; size < text.length; size++) expect(parseAll(text, size)).toEqual(whole);
  });
  it('reports an unclosed quote with its line', () => {
    expect(() => parseAll('a;b\n"open;c\nd')).toThrow(/line 2: a quote/);
  });
  it('round-trips random tables written with RFC 4180 quoting', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', ';', '"', '\n', '\r\n', ' ', '1'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, chunk) => {
          const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
          const text = rows.map((r) => r.map(quote).join(';')).join('\r\n') + '\r\n';
          expect(parseAll(text, chunk).map((r) => r.cells)).toEqual(rows);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('detectDelimiter', () => {
  it('prefers what the header uses', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb')).toBe('\t');
    expect(detectDelimiter('"a,b";c')).toBe(';');
  });
});
