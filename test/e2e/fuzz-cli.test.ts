// A handful of fuzzed files through the built binary (issue 7, part 5): whatever the file, the
// user sees one error message with the problems and exit code 1, never a stack trace, and the
// database file is byte-for-byte what it was. The thousands of cases run in test/unit/fuzz-imports.

import { describe, expect, it, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { lato, tempDir } from '../helpers.js';
import { SPECS, encode, table } from '../fuzz/generators.js';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('fuzzed files through lato import: an error, never a stack trace, nothing written', () => {
  const dir = tempDir();
  const db = join(dir, 'lato.db');
  beforeAll(() => {
    expect(lato(['init', '--example', '--db', db]).code).toBe(0);
  });

  const [bytes] = fc.sample(fc.uint8Array({ minLength: 200, maxLength: 400 }), { numRuns: 1, seed: 7 });
  const [defect] = fc.sample(SPECS.partners!.row(0), { numRuns: 1, seed: 7 });
  const files: [string, string[], Uint8Array | string][] = [
    ['random bytes as counts', ['import', 'counts', '--year', '2019-2020'], bytes!],
    [
      'UTF-16 partners',
      ['import', 'partners'],
      encode(table([SPECS.partners!.header, defect!], ';'), 'utf-16le-bom'),
    ],
    [
      'a quote left open in rates',
      ['import', 'rates', '--year', '2019-2020'],
      'categorie;bedrag\r\n"PO;2,50\r\nVO;3,00\r\n',
    ],
    [
      'a 3 MB field in a budget',
      ['import', 'budget', '--year', '2019-2020'],
      `kant;omschrijving;bedrag\r\nbaten;${'x'.repeat(3 << 20)};€ x\r\n`,
    ],
    [
      '3000 columns in figures',
      ['import', 'figures'],
      `metriek;periode;waarde;${Array.from({ length: 3000 }, (_, i) => `k${i}`).join(';')}\r\ndeelname;2019-2020;veel\r\n`,
    ],
    [
      'project group JSON of the wrong shape',
      ['import', 'projectgroup'],
      '{"project_leader": [], "members": [1, {"name": {}}]}',
    ],
    [
      'a bank statement with a bad date',
      ['payments', 'import'],
      '"Datum";"Naam / Omschrijving";"Af Bij";"Bedrag (EUR)"\r\n"2018133";"X";"Bij";"1,00"\r\n',
    ],
  ];

  it.each(files)('%s', (title, args, content) => {
    const file = join(dir, title.replace(/\W+/g, '-') + (title.includes('JSON') ? '.json' : '.csv'));
    writeFileSync(file, content);
    const before = sha(db);
    const r = lato([...args, file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: /);
    expect(r.stderr).not.toMatch(/\n\s+at |unexpected|TypeError|RangeError/);
    expect(r.stderr.length).toBeLessThan(20_000);
    expect(sha(db)).toBe(before);
  });
});
