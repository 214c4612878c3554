// One vocabulary (issue 14, item 3): every command that has --json, run on the example database,
// prints one JSON document whose keys are all snake_case; membership values are the Dutch words
// users type. A command that gains --json without an entry here fails the test, so the list stays
// complete.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, lato, tempDir } from '../helpers.js';

const dir = tempDir();
const DB = join(dir, 'example.db');
const Y = '2018-2019';
const EX = (f: string) => join(ROOT, 'data', 'example', f);
const MANDATES = join(dir, 'mandates.csv');
const ACTIVITIES = join(dir, 'activiteiten.csv');
/** a collection date the bank takes: a Wednesday some weeks ahead */
const COLLECT_ON = (() => {
  const d = new Date(Date.now() + 30 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((3 - d.getUTCDay() + 7) % 7));
  return d.toISOString().slice(0, 10);
})();

/** Every command with --json, in an order that runs on one example database, with arguments. */
const RUNS: [command: string, args: string[]][] = [
  ['import partners', [EX('partners.csv'), '--dry-run']],
  ['import counts', [EX('counts-2018-2019.csv'), '--dry-run']],
  ['import rates', [EX('rates-2018-2019.csv'), '--dry-run']],
  ['import budget', [EX('budget-2018-2019.csv'), '--year', Y, '--dry-run']],
  ['import in-kind', [EX('in-kind-2018-2019.csv'), '--year', Y, '--dry-run']],
  ['import projectgroup', [EX('projectgroup.json'), '--dry-run']],
  ['import settings', [EX('settings.json'), '--dry-run']],
  ['import figures', [EX('figures.csv'), '--dry-run']],
  ['import projects', [EX('projects.csv'), '--dry-run']],
  ['import activities', [ACTIVITIES, '--dry-run']],
  ['import covenant', [EX('covenant-parties.csv'), '--dry-run']],
  ['import mandates', [MANDATES, '--dry-run']],
  ['import list', []],
  ['partners list', []],
  ['partners show', ['SCOL']],
  [
    'partners add',
    [
      ...['--code', 'NIEUW', '--name', 'Nieuw Museum', '--sector', 'OVERIG', '--membership', 'uitgebreid'],
      ...['--street', 'Rapenburg 1', '--postal-code', '2311 EJ', '--city', 'Leiden', '--kvk', '12345678'],
    ],
  ],
  ['partners edit', ['NIEUW', '--notes', 'test']],
  ['rates list', []],
  ['rates set', ['--year', '2019-2020', '--sector', 'PO', '--amount', '2,50']],
  ['rates copy', ['--from', Y, '--to', '2020-2021']],
  ['fees compute', ['--year', Y]],
  ['fees explain', ['SCOL', '--year', Y]],
  ['fees policy', []],
  ['budget show', ['--year', Y]],
  ['budget check', ['--year', Y]],
  ['budget years', ['--from', Y, '--to', '2019-2020']],
  ['budget cofinancing', []],
  ['in-kind propose', ['--year', Y]],
  ['in-kind rate', ['--amount', '80']],
  ['eligibility check', ['--all']],
  ['eligibility settings', []],
  ['covenant list', []],
  ['covenant add', ['NIEUW', '--date', '2019-03-01']],
  [
    'applications new',
    [
      ...['--organisation', 'Bedrijf B', '--municipality', 'Leiden', '--pupils', 'no'],
      ...['--reference', 'An; Bedrijf A; an@a.nl', '--reference', 'Bo; Bedrijf C; bo@c.nl'],
    ],
  ],
  ['applications edit', ['1', '--profile', 'Een bedrijf in Leiden.']],
  ['applications list', []],
  ['applications show', ['1']],
  ['applications vote', ['1', '--member', '#1', '--vote', 'yes']],
  ['applications decide', ['1', '--close-vote']],
  ['areas list', []],
  ['projectgroup list', []],
  ['settings list', []],
  ['invoices run', ['--year', Y]],
  ['invoices issue', ['--year', Y, '--date', '2018-10-15', '--yes']],
  ['archive', ['--year', Y, '--out', join(dir, 'archief')]],
  ['invoices list', []],
  ['invoices show', ['LATO-2018-0001']],
  ['invoices outstanding', ['--as-of', '2019-01-31']],
  ['invoices credit', ['LATO-2018-0002', '--reason', 'dubbel', '--date', '2018-12-01', '--yes']],
  ['invoices pdf', ['LATO-2018-0001', '--out', join(dir, 'pdf')]],
  ['invoices export', ['--year', Y, '--format', 'csv', '--out', join(dir, 'facturen.csv')]],
  ['invoices remind', ['--out', join(dir, 'remind'), '--as-of', '2019-01-31', '--dry-run']],
  [
    'mandates add',
    ['--partner', 'SCOL', '--reference', 'M-1', '--signed', '2018-09-01', '--iban', 'NL91ABNA0417164300'],
  ],
  ['mandates list', []],
  ['mandates show', ['M-1']],
  ['invoices collect', ['--year', Y, '--date', COLLECT_ON, '--dry-run']],
  ['mandates revoke', ['M-1', '--date', '2019-03-01']],
  ['payments add', ['LATO-2018-0003', '--amount', '10', '--date', '2018-12-01']],
  ['payments import', [join(ROOT, 'test', 'fixtures', 'bank', 'camt053.xml'), '--dry-run']],
  ['log', ['--limit', '20']],
  ['check', []],
  ['report yearly', ['--year', Y]],
  ['backup', [join(dir, 'copy.db')]],
  ['import undo', ['LAST', '--dry-run']],
  ['restore', [join(dir, 'copy.db'), '--yes']],
  ['demo', ['--out', join(dir, 'demo')]],
];

/** Commands whose exit code 1 is an answer (a check that found problems), not a failure. */
const MAY_FIND_PROBLEMS = new Set(['budget check', 'check', 'eligibility check', 'invoices collect']);

const run = (args: string[]) => lato([...args, '--db', DB, '--json'], { cwd: dir });

/** Paths of the keys that are not snake_case (camelCase, or with upper case after a lower case). */
function camelKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => camelKeys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(/^[a-z][a-z0-9]*[A-Z]/.test(k) ? [`${path}.${k}`] : []),
    ...camelKeys(v, `${path}.${k}`),
  ]);
}

/** Every value of a field named `membership` anywhere in the document. */
function memberships(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(memberships);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k === 'membership' && typeof v === 'string' ? [v] : []),
    ...memberships(v),
  ]);
}

beforeAll(() => {
  writeFileSync(
    ACTIVITIES,
    'soort;datum;orgaan;partner;wie;omschrijving\nvergadering;2018-10-01;regiegroep;;;\ngesprek;2018-12-01;;SCOL;;jaargesprek\n',
  );
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
  writeFileSync(MANDATES, 'partner;kenmerk;ondertekend;iban\nPCSL;M-2;2018-09-01;NL91ABNA0417164300\n');
});

describe('--json everywhere (built binary)', () => {
  it('the list names every command that has --json', async () => {
    const { buildProgram } = (await import(join(ROOT, 'dist', 'cli', 'main.js'))) as {
      buildProgram: (only: string) => Promise<Command>;
    };
    const withJson: string[] = [];
    const walk = (c: Command, path: string[]) => {
      for (const s of c.commands) {
        const full = [...path, s.name()];
        if (s.options.some((o) => o.long === '--json')) withJson.push(full.join(' '));
        walk(s, full);
      }
    };
    walk(await buildProgram('all'), []);
    expect(RUNS.map(([c]) => c).sort()).toEqual(withJson.sort());
  });

  it('every --json output is one JSON document with snake_case keys', () => {
    const bad: string[] = [];
    const failed: string[] = [];
    const seen = new Set<string>();
    for (const [command, args] of RUNS) {
      let a = args;
      if (command === 'import undo') {
        const batches = JSON.parse(run(['import', 'list']).stdout) as { batch: string; kind: string }[];
        const figures = batches.filter((b) => b.kind === 'figures');
        a = args.map((x) => (x === 'LAST' ? figures[figures.length - 1]!.batch : x));
      }
      if (command === 'invoices collect')
        expect(
          lato(['settings', 'set', 'direct_debit.creditor_id', 'NL57ZZZ999999999999', '--db', DB]).code,
        ).toBe(0);
      const r = run([...command.split(' '), ...a]);
      const okCode = r.code === 0 || (r.code === 1 && MAY_FIND_PROBLEMS.has(command));
      if (!okCode) {
        failed.push(`${command}: exit ${r.code}: ${r.stderr.slice(0, 300)}`);
        continue;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(r.stdout);
      } catch {
        failed.push(`${command}: not one JSON document: ${r.stdout.slice(0, 200)}`);
        continue;
      }
      for (const k of camelKeys(doc)) bad.push(`${command}: ${k}`);
      for (const m of memberships(doc)) seen.add(m);
    }
    expect(failed).toEqual([]);
    expect(bad).toEqual([]);
    // membership values are the Dutch words users type, never the internal English names
    expect([...seen].filter((m) => ['covenant', 'extended', 'funder', 'none'].includes(m))).toEqual([]);
    expect(seen.has('convenant')).toBe(true);
  });

  it('invoices show --json has each field once (due_on, no invoice.dueOn twin)', () => {
    const show = JSON.parse(run(['invoices', 'show', 'LATO-2018-0001']).stdout) as Record<string, unknown>;
    expect(show).toMatchObject({ number: 'LATO-2018-0001', due_on: '2018-11-14', year: Y });
    expect(show).not.toHaveProperty('invoice');
    expect(show).not.toHaveProperty('dueOn');
    expect(Array.isArray(show.lines)).toBe(true);
    expect(Array.isArray(show.payments)).toBe(true);
  });
});
