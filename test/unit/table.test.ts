// The box tables drawn without cli-table3 are the ones cli-table3 draws, line for line.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import { renderBox, renderTable } from '../../src/render/table.js';

const Table = createRequire(import.meta.url)('cli-table3') as typeof TableType;

function cliTable(head: string[], rows: string[][], align: ('left' | 'right')[]): string {
  const t = new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: align,
  });
  for (const r of rows) t.push(r);
  return t.toString();
}

const narrow = fc.string({
  unit: fc
    .oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0xa0, max: 0x2ff }),
      fc.integer({ min: 0x2010, max: 0x2027 }),
      fc.integer({ min: 0x20a0, max: 0x20bf }),
    )
    .map((c) => String.fromCharCode(c)),
  maxLength: 12,
});

describe('renderBox', () => {
  it('draws what cli-table3 draws, for any narrow text, alignment and number of rows', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((cols) =>
            fc.tuple(
              fc.array(narrow, { minLength: cols, maxLength: cols }),
              fc.array(fc.array(narrow, { minLength: cols, maxLength: cols }), { maxLength: 6 }),
              fc.array(fc.constantFrom<'left' | 'right'>('left', 'right'), {
                minLength: cols,
                maxLength: cols,
              }),
            ),
          ),
        ([head, rows, align]) => {
          expect(renderBox(head, rows, align)).toBe(cliTable(head, rows, align));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves wide characters, newlines and ragged rows to cli-table3', () => {
    const head = ['Code', 'Naam'];
    for (const rows of [[['A', '漢字']], [['A', 'twee\nregels']], [['A']], [['A', '😀']]]) {
      expect(renderTable(head, rows)).toBe(cliTable(head, rows, ['left', 'left']));
    }
  });
});
