// Fuzzing the importers (issue 7, part 5): random bytes, encodings, delimiters, huge fields,
// thousands of columns, quotes left open, and valid rows with exactly one defect, fed to every
// importer on a copy of the example database. Never a crash, never a partial write, the defect
// always named. LATO_FUZZ_RUNS multiplies the runs (`npm run fuzz`); the regular run does >10,000.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FuzzFailure, Runner, baseImage } from '../fuzz/harness.js';
import { LatoError } from '../../src/domain/errors.js';
import * as P from '../fuzz/properties.js';

const SCALE = Number(process.env.LATO_FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const seed = process.env.LATO_FUZZ_SEED ? Number(process.env.LATO_FUZZ_SEED) : undefined;
/**
 * Per test, five minutes per unit of scale: room for a loaded machine (the slowest property takes
 * about 50 s alone); the number of cases, not the clock, is what these tests are about.
 */
const TIMEOUT = 300_000 * Math.max(1, SCALE);
const params = (n: number) => ({ numRuns: runs(n), ...(seed !== undefined ? { seed } : {}) });

let runner: Runner;
beforeAll(async () => {
  runner = new Runner(await baseImage());
});
afterAll(() => {
  console.log(`fuzz: ${runner.cases} import cases`);
  if (SCALE >= 1) expect(runner.cases).toBeGreaterThanOrEqual(10_000);
  runner.close();
});

const TABLES = Object.values(P.SPECS);

describe('fuzzing the importers', () => {
  it(
    'random bytes: an answer, never a crash, nothing written on rejection',
    async () => {
      for (const kind of P.KINDS) await fc.assert(P.randomBytes(runner, kind), params(200));
    },
    TIMEOUT,
  );
  it(
    'random cells under each header, in every encoding, delimiter and line end',
    async () => {
      for (const spec of TABLES) await fc.assert(P.randomTable(runner, spec), params(220));
    },
    TIMEOUT,
  );
  it(
    'valid rows are imported',
    async () => {
      for (const spec of TABLES) await fc.assert(P.allValid(runner, spec), params(50));
    },
    TIMEOUT,
  );
  it(
    'valid rows with one defect: rejected, its line and column named',
    async () => {
      for (const spec of TABLES) await fc.assert(P.oneDefect(runner, spec), params(450));
    },
    TIMEOUT,
  );
  it(
    'a row repeated: rejected, the key column of the second line named',
    async () => {
      for (const spec of TABLES.filter((s) => s.key))
        await fc.assert(P.duplicateRow(runner, spec), params(60));
    },
    TIMEOUT,
  );
  it(
    'valid rows under the wrong --encoding or --delimiter',
    async () => {
      for (const spec of TABLES) await fc.assert(P.wrongOptions(runner, spec), params(40));
    },
    TIMEOUT,
  );
  it(
    'a quote left open: rejected, its line named',
    async () => {
      for (const spec of TABLES) await fc.assert(P.openQuote(runner, spec), params(80));
    },
    TIMEOUT,
  );
  it(
    'project group JSON of any shape',
    async () => {
      await fc.assert(P.projectGroupJson(runner), params(300));
    },
    TIMEOUT,
  );
  it(
    'thousands of columns',
    async () => {
      for (const spec of TABLES) await fc.assert(P.manyColumns(runner, spec), params(2));
    },
    TIMEOUT,
  );
  it(
    'fields of megabytes',
    async () => {
      for (const spec of TABLES) await fc.assert(P.hugeField(runner, spec), params(1));
    },
    TIMEOUT,
  );

  it('regressions the fuzzer found', async () => {
    // a member named "3" was taken for member #3, whose role was overwritten (now: a new member,
    // refused because the group is full)
    const before = await runner.run({ kind: 'projectgroup', bytes: Buffer.from('naam;rol\r\n3;x\r\n') });
    expect(before.ok).toBe(false);
    if (!before.ok) expect(before.error.problems[0]?.message).toMatch(/would have 15 members/);
    // project group JSON of the wrong shape was a TypeError
    const json = await runner.run({
      kind: 'projectgroup',
      bytes: Buffer.from('{"project_leader": [], "members": [1, {"name": {}}]}'),
      name: 'pg.json',
    });
    expect(json.ok).toBe(false);
    if (!json.ok)
      expect(json.error.problems.map((p) => p.message)).toEqual([
        '"project_leader" must be a name (text)',
        'member 1 of "members" is not an object with a name, role and partner',
        'member 2: "name" must be text',
      ]);
  });

  it('the harness catches what it must: a crash, a write left behind on rejection', async () => {
    const bytes = Buffer.from('x\r\n');
    const crash = runner.run({
      kind: 'partners',
      bytes,
      importer: async () => {
        throw new TypeError('boom');
      },
    });
    await expect(crash).rejects.toThrow(FuzzFailure);
    await expect(crash).rejects.toThrow(/not a LatoError: TypeError: boom/);
    const partial = runner.run({
      kind: 'partners',
      bytes,
      importer: async (db) => {
        db.prepare("UPDATE partners SET name = 'changed' WHERE id = 1").run();
        throw new LatoError('rejected');
      },
    });
    await expect(partial).rejects.toThrow(/rejected \(rejected\) but the database changed/);
    runner.reset();
  });
});
