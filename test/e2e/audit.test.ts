// End-to-end: every kind of change, made through the built binary, appends to the audit log with
// time, OS user, the full command line, and the values before and after; `lato log` shows them.
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lato, runLato, tempDir } from '../helpers.js';
import { shellQuote } from '../../src/cli/run.js';

const dir = tempDir();
const DB = join(dir, 'audit.db');
const Y = '2018-2019';

interface Entry {
  id: number;
  os_user: string;
  command: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: string | null;
  after: string | null;
}

function entriesAfter(id: number): Entry[] {
  const db = new Database(DB, { readonly: true });
  try {
    return db.prepare('SELECT * FROM audit_log WHERE id > ? ORDER BY id').all(id) as Entry[];
  } finally {
    db.close();
  }
}
const lastId = () => entriesAfter(0).at(-1)?.id ?? 0;

beforeAll(() => {
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
});

/**
 * Each step: a command that changes something, and the entry it must append (entity and action),
 * with `before` set when it changes or removes something that was there.
 */
const STEPS: { args: string[]; entity: string; action: string; before: boolean }[] = [
  {
    args: [
      'partners',
      'add',
      '--code',
      'TST',
      '--name',
      'Test BV',
      '--sector',
      'OVERIG',
      '--membership',
      'basis',
      '--street',
      'Breestraat 1',
      '--postal-code',
      '2311 CS',
      '--city',
      'Leiden',
    ],
    entity: 'partner',
    action: 'create',
    before: false,
  },
  {
    args: ['partners', 'edit', 'TST', '--name', 'Test B.V.'],
    entity: 'partner',
    action: 'update',
    before: true,
  },
  {
    args: ['partners', 'leave', 'TST', '--date', '2019-07-31'],
    entity: 'partner',
    action: 'leave',
    before: true,
  },
  {
    args: ['rates', 'set', '--year', '2019-2020', '--sector', 'PO', '--amount', '2,60'],
    entity: 'rate',
    action: 'create',
    before: false,
  },
  {
    args: ['rates', 'set', '--year', '2019-2020', '--sector', 'PO', '--amount', '2,70'],
    entity: 'rate',
    action: 'update',
    before: true,
  },
  {
    args: ['rates', 'copy', '--from', Y, '--to', '2019-2020', '--replace'],
    entity: 'rate',
    action: 'delete',
    before: true,
  },
  {
    args: ['settings', 'set', 'invoice_series.padding', '5'],
    entity: 'setting',
    action: 'update',
    before: true,
  },
  { args: ['fees', 'policy', 'pro_rata_month'], entity: 'setting', action: 'update', before: true },
  { args: ['budget', 'cofinancing', '--share', '40'], entity: 'setting', action: 'update', before: true },
  { args: ['in-kind', 'rate', '--amount', '85'], entity: 'setting', action: 'update', before: true },
  {
    args: ['eligibility', 'settings', '--min-references', '3'],
    entity: 'setting',
    action: 'update',
    before: true,
  },
  {
    args: ['eligibility', 'settings', '--project-group-size', '16'],
    entity: 'setting',
    action: 'update',
    before: true,
  },
  {
    args: ['areas', 'add-municipality', 'Testdorp', '--cbs-code', '9998'],
    entity: 'municipality',
    action: 'create',
    before: false,
  },
  { args: ['areas', 'add', 'LATO', 'Testdorp'], entity: 'area', action: 'create', before: false },
  { args: ['areas', 'remove', 'LATO', 'Testdorp'], entity: 'area', action: 'delete', before: true },
  {
    args: ['projectgroup', 'add', 'Test Lid', '--role', 'test'],
    entity: 'project_group_member',
    action: 'create',
    before: false,
  },
  {
    args: ['in-kind', 'compensation', 'Test Lid', 'money'],
    entity: 'project_group_member',
    action: 'update',
    before: true,
  },
  {
    args: ['projectgroup', 'remove', 'Test Lid'],
    entity: 'project_group_member',
    action: 'deactivate',
    before: true,
  },
  {
    args: ['in-kind', 'propose', '--year', '2019-2020', '--save'],
    entity: 'in_kind',
    action: 'create',
    before: false,
  },
  {
    args: [
      'applications',
      'new',
      '--organisation',
      'Museum Test',
      '--municipality',
      'Leiden',
      '--profile',
      'Een museum.',
      '--reference',
      'A. Jansen, Museum X',
      '--reference',
      'B. de Vries, Museum Y',
      '--reference',
      'C. Bakker, Museum Z',
    ],
    entity: 'application',
    action: 'create',
    before: false,
  },
  {
    args: ['applications', 'edit', '1', '--profile', 'Een museum voor talent.'],
    entity: 'application',
    action: 'update',
    before: true,
  },
  { args: ['invoices', 'run', '--year', Y], entity: 'invoice', action: 'draft-create', before: false },
  {
    args: ['invoices', 'issue', '--yes', '--year', Y, '--date', '2018-10-15'],
    entity: 'invoice',
    action: 'issue',
    before: true,
  },
];

describe('audit log (built binary)', () => {
  // async: some 40 commands in a row; a worker blocked that long cannot answer vitest
  it('every kind of change appends an entry: OS user, the command line, before and after', async () => {
    const problems: string[] = [];
    for (const step of STEPS) {
      const from = lastId();
      const args = [...step.args, '--db', DB];
      const r = await runLato(args);
      if (r.code !== 0) {
        problems.push(`${step.args.join(' ')}: exit ${r.code}: ${r.stderr}`);
        continue;
      }
      const added = entriesAfter(from);
      const hit = added.find((e) => e.entity === step.entity && e.action === step.action);
      if (!hit) {
        problems.push(
          `${step.args.join(' ')}: no ${step.entity} ${step.action} entry (got ${added.map((e) => `${e.entity} ${e.action}`).join(', ') || 'none'})`,
        );
        continue;
      }
      for (const e of added) {
        if (e.command !== ['lato', ...args.map(shellQuote)].join(' '))
          problems.push(`${step.args.join(' ')}: command "${e.command}"`);
        if (!e.os_user) problems.push(`${step.args.join(' ')}: no OS user`);
      }
      if (step.before && hit.before === null) problems.push(`${step.args.join(' ')}: no before value`);
      if (step.action !== 'delete' && hit.after === null)
        problems.push(`${step.args.join(' ')}: no after value`);
    }
    expect(problems).toEqual([]);
  });

  it('credit, payment by hand and from a bank statement, votes and decisions are logged too', () => {
    const invoices = (
      JSON.parse(lato(['invoices', 'list', '--year', Y, '--json', '--db', DB]).stdout) as {
        number: string | null;
        total_cents: number;
      }[]
    ).filter((i): i is { number: string; total_cents: number } => i.number !== null && i.total_cents > 0);
    expect(invoices.length).toBeGreaterThan(2);
    const [a, b, c] = invoices;
    const euro = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');
    const statement = join(dir, 'ing.csv');
    writeFileSync(
      statement,
      '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"\r\n' +
        `"20181106";"Partner";"NL91ABNA0417164300";"NL44RABO0123456789";"OV";"Bij";"${euro(b!.total_cents)}";"Overschrijving";"Naam: Partner Omschrijving: ${b!.number} IBAN: NL44RABO0123456789";"10662,50";""\r\n`,
    );
    const steps: [string[], string, string][] = [
      [
        ['invoices', 'credit', '--yes', a!.number, '--reason', 'test', '--date', '2018-11-01'],
        'invoice',
        'credit',
      ],
      [
        ['payments', 'add', c!.number, '--amount', euro(c!.total_cents), '--date', '2018-11-02'],
        'payment',
        'add',
      ],
      [['payments', 'import', statement], 'payment', 'import'],
      [['projectgroup', 'add', 'Stemmer Een'], 'project_group_member', 'create'],
      [
        ['applications', 'vote', '1', '--member', 'Stemmer Een', '--vote', 'yes'],
        'application_vote',
        'create',
      ],
      [['applications', 'decide', '1', '--close-vote'], 'application', 'refused'],
    ];
    const problems: string[] = [];
    for (const [args, entity, action] of steps) {
      const from = lastId();
      const r = lato([...args, '--db', DB]);
      if (r.code !== 0) {
        problems.push(`${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
        continue;
      }
      const added = entriesAfter(from);
      if (!added.some((e) => e.entity === entity && e.action === action && e.after !== null))
        problems.push(
          `${args.join(' ')}: got ${added.map((e) => `${e.entity} ${e.action}`).join(', ') || 'nothing'}`,
        );
    }
    expect(problems).toEqual([]);
  });

  it('lato log: a JSON array with before and after; --entity, --limit and --since filter', () => {
    const all = JSON.parse(lato(['log', '--json', '--db', DB]).stdout) as Record<string, unknown>[];
    expect(all.length).toBeGreaterThan(50);
    expect(Object.keys(all[0]!)).toEqual([
      'at',
      'user',
      'command',
      'entity',
      'id',
      'action',
      'before',
      'after',
    ]);
    const edit = all.find((e) => e.entity === 'partner' && e.action === 'update' && e.id === 'TST')!;
    expect(edit.command).toBe(`lato partners edit TST --name 'Test B.V.' --db ${DB}`);
    expect(edit.before).toMatchObject({ name: 'Test BV' });
    expect(edit.after).toMatchObject({ name: 'Test B.V.' });
    // newest last
    const times = all.map((e) => e.at as string);
    expect([...times].sort()).toEqual(times);

    const partners = JSON.parse(
      lato(['log', '--entity', 'partner', '--limit', '2', '--json', '--db', DB]).stdout,
    );
    expect(partners.map((e: { action: string }) => e.action)).toEqual(['update', 'leave']);

    const future = lato(['log', '--since', '2999-01-01', '--json', '--db', DB]);
    expect(future.code).toBe(0);
    expect(JSON.parse(future.stdout)).toEqual([]);
    const last = all.at(-1)!.at as string;
    const since = JSON.parse(lato(['log', '--since', `${last.slice(0, 19)}Z`, '--json', '--db', DB]).stdout);
    expect(since.length).toBeGreaterThan(0);
    expect(since.length).toBeLessThan(all.length);
    expect(since.every((e: { at: string }) => e.at >= `${last.slice(0, 19)}`)).toBe(true);

    const table = lato(['log', '--entity', 'partner', '--db', DB]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('partner TST update');
    expect(table.stdout).toContain('name: Test BV → Test B.V.');

    for (const bad of ['yesterday', '2026-02-30', '2026-11-30T25:00']) {
      const r = lato(['log', '--since', bad, '--db', DB]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain(`--since: "${bad}" is not a date`);
    }
    expect(lato(['log', '--limit', '0', '--db', DB]).code).toBe(2);
  });

  it('the log is append-only: the database refuses to change or delete an entry', () => {
    const db = new Database(DB);
    try {
      expect(() => db.prepare('UPDATE audit_log SET os_user = ? WHERE id = 1').run('someone')).toThrow(
        /append-only/,
      );
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM import_changes').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM imports').run()).toThrow(/history/);
    } finally {
      db.close();
    }
  });
});
