// `lato report yearly` and `lato import figures` through the built binary, on the example data: the
// JSON and the Markdown hold the same numbers; the PDF holds the totals `lato budget show` gives and
// the plan's figures; missing data is said; bad input is refused with nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatEuro, formatInteger } from '../../src/domain/money.js';
import type { YearlyReport } from '../../src/domain/yearly-report.js';
import { lato, ROOT, runLato, tempDir } from '../helpers.js';

const dir = tempDir('lato-report-');
const DB = join(dir, 'example.db');
const YEAR = '2018-2019';
const run = (...args: string[]) => lato([...args, '--db', DB]);

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

let json: YearlyReport;
let md: string;

beforeAll(() => {
  expect(lato(['init', '--example', '--db', DB]).code).toBe(0);
  const j = run('report', 'yearly', '--year', YEAR, '--format', 'json', '--date', '2019-10-01');
  expect(j.code).toBe(0);
  json = JSON.parse(j.stdout) as YearlyReport;
  const m = run('report', 'yearly', '--year', YEAR, '--format', 'md', '--date', '2019-10-01');
  expect(m.code).toBe(0);
  md = m.stdout;
});

/** Every amount (fields ending in _cents) and every count of the JSON, as the documents write them. */
function amountsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) amountsOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('_cents') && typeof v === 'number') out.add(formatEuro(Math.abs(v)));
      else amountsOf(v, out);
    }
  }
  return out;
}

/** The chapter of the Markdown with this title. */
function chapter(title: string): string {
  const parts = md.split(/^## /m);
  const found = parts.find((p) => p.replace(/^\d+\. /, '').startsWith(title));
  expect(found, `a chapter "${title}"`).toBeDefined();
  return found!;
}

/** The Markdown table row that starts with `label`, as its cells. */
function row(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`| ${label} |`) || l.startsWith(`| **${label}** |`));
  expect(line, `a row "${label}"`).toBeDefined();
  return line!
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim().replace(/\*\*/g, ''));
}

describe('the Markdown and the JSON hold the same numbers', () => {
  it('every amount in the Markdown is an amount of the JSON, and the other way round', () => {
    const fromJson = amountsOf(json);
    const inMd = new Set([...md.matchAll(/[+-]?€ [\d.]+,\d\d/g)].map((m) => m[0].replace(/^[+-]/, '')));
    expect(inMd.size).toBeGreaterThan(40);
    for (const a of inMd) expect(fromJson.has(a), `${a} from the Markdown is in the JSON`).toBe(true);
    for (const a of fromJson) expect(inMd.has(a), `${a} from the JSON is in the Markdown`).toBe(true);
  });

  it('budget and realisation line by line', () => {
    const budget = chapter('Begroting en realisatie');
    for (const l of [...json.budget.income, ...json.budget.costs]) {
      const cells = row(budget, l.label);
      expect(cells[1]).toBe(l.budget_pm ? 'PM' : formatEuro(l.budget_cents));
      expect(cells[2]).toBe(l.actual_pm ? 'PM' : formatEuro(l.actual_cents));
    }
    const result = row(budget, 'Resultaat (baten − lasten)');
    expect(result[2]).toBe(`+${formatEuro(json.budget.result.actual_cents)}`);
  });

  it('fees per sector: budget, computed, invoiced, paid, outstanding', () => {
    const fees = chapter('Abonnementsgelden');
    for (const f of json.fees.by_sector) {
      const cells = row(fees, f.sector);
      expect(cells.slice(3)).toEqual([
        formatEuro(f.invoiced_cents),
        formatEuro(f.paid_cents),
        formatEuro(f.outstanding_cents),
      ]);
      expect(cells[2]).toBe(f.pm ? 'PM' : formatEuro(f.computed_cents));
    }
  });

  it('partners, participation and digital reach', () => {
    const network = chapter('Het netwerk');
    for (const s of json.partners.by_sector) {
      expect(row(network, `${s.sector} – ${s.name}`).slice(1)).toEqual(
        [s.start, s.joined, s.left, s.end].map((n) => formatInteger(n)),
      );
    }
    for (const s of json.partners.series) expect(row(network, s.period)[1]).toBe(formatInteger(s.value));
    const participation = chapter('Deelname aan activiteiten');
    for (const r of json.participation.rows) {
      expect(row(participation, r.label).slice(1)).toEqual(
        r.values.map((v) => (v === null ? '–' : formatInteger(v))),
      );
    }
    const reach = chapter('Digitaal bereik')
      .split('\n')
      .filter((l) => /^\| (Nieuwsbrief|Facebook|Twitter)/.test(l));
    const numbersInMd = reach.flatMap((l) => [...l.matchAll(/\d+/g)].map((m) => Number(m[0])));
    const numbersInJson = json.digital_reach.rows.flatMap((r) =>
      r.values.filter((v): v is number => v !== null),
    );
    expect(numbersInMd.sort()).toEqual(numbersInJson.sort());
  });
});

describe('the example year in the report', () => {
  it('has the plan’s figures of 2015/16 to 2017/18 and the programme', () => {
    expect(json.partners.series.slice(0, 3).map((s) => [s.period, s.value, s.published])).toEqual([
      ['2015-2016', 40, 40],
      ['2016-2017', 45, 45],
      ['2017-2018', 50, 50],
    ]);
    const p = Object.fromEntries(json.participation.rows.map((r) => [r.key, r.values.slice(0, 3)]));
    expect(p).toEqual({ VSE: [38, 57, 56], PO: [83, 32, 11], VO: [32, 123, 102], HO: [0, 8, 1] });
    const reach = Object.fromEntries(json.digital_reach.rows.map((r) => [r.key, r.values]));
    expect(json.digital_reach.periods).toEqual(['2015', '2016', '2017', '2018', '2018 (1)', '2018 (2)']);
    expect(reach).toEqual({
      newsletter_subscribers: [null, null, 415, null, 572, 607],
      facebook_followers: [null, null, 11, null, 99, 131],
      twitter_followers: [151, 151, 151, 159, null, null],
    });
    expect(json.programme.groups.map((g) => [g.sector, g.activities.length])).toEqual([
      ['VSE', 5],
      ['PO', 7],
      ['VO', 6],
      ['MBO', 1],
      ['HO', 4],
    ]);
    expect(json.programme.network).toHaveLength(4);
  });

  it('states the surplus of the (illustrative) realisation and the covenant’s proposal', () => {
    expect(json.budget.result).toMatchObject({
      outcome: 'surplus',
      amount_cents: 466_385,
      basis: 'realisation',
    });
    expect(md).toContain(
      'Het schooljaar sluit met een overschot van € 4.663,85. Volgens het convenant doen de moderatoren, in overleg met de projectgroep, een voorstel aan de regiegroep voor de besteding van het overschot.',
    );
  });

  it('warns on stderr about what is missing, and says it in the report', () => {
    const r = run('report', 'yearly', '--year', YEAR, '--format', 'md');
    expect(r.stderr).toContain('Warning: participation: no participation figures for 2018-2019');
    expect(r.stderr).toContain('Warning: budget: budget line "MBO" is PM');
    expect(r.stdout).toContain('Voor 2018-2019 zijn nog geen deelnamecijfers ingevoerd.');
    expect(r.stdout).toContain('## 8. Ontbrekende gegevens');
  });

  it('the PDF holds the totals `lato budget show --json` gives, and the plan’s figures', () => {
    const out = join(dir, 'jaarverslag.pdf');
    const r = run('report', 'yearly', '--year', YEAR, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${out} (yearly report 2018-2019, PDF).`);
    const text = pdfText(out);
    for (const kind of ['begroting', 'realisatie']) {
      const b = JSON.parse(run('budget', 'show', '--year', YEAR, '--kind', kind, '--json').stdout);
      for (const cents of [b.income_total_cents, b.costs_total_cents, b.result_cents, b.in_kind.total_cents])
        expect(text, `${kind}: ${formatEuro(cents)}`).toContain(formatEuro(cents));
    }
    expect(text).toMatch(/2015-2016 +40 +gepubliceerd/);
    expect(text).toMatch(/2016-2017 +45 +gepubliceerd/);
    expect(text).toMatch(/2017-2018 +50 +gepubliceerd/);
    expect(text).toMatch(/VSE +38 +57 +56/);
    expect(text).toMatch(/PO +83 +32 +11/);
    expect(text).toMatch(/VO +32 +123 +102/);
    expect(text).toMatch(/HO +0 +8 +1/);
    expect(text).toMatch(/Nieuwsbriefabonnees +– +– +415 +572 \/ 607/);
    expect(text).toContain('Inhoud');
    expect(text).toContain('Jaarverslag en verantwoording 2018-2019');
  });

  it('JSON to stdout with --json; the format from the extension; a summary with --json --out', () => {
    const j = run('report', 'yearly', '--year', YEAR, '--json');
    expect(JSON.parse(j.stdout).year).toBe(YEAR);
    const out = join(dir, 'verslag.md');
    const m = run('report', 'yearly', '--year', YEAR, '--out', out, '--json');
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ year: YEAR, format: 'md', file: out });
    expect(readFileSync(out, 'utf8')).toMatch(/^# Jaarverslag en verantwoording 2018-2019/);
  });
});

describe('missing data', () => {
  it('a year with only a budget (with a PM line): the report says what is missing where', () => {
    const f = join(dir, 'begroting-2019.csv');
    writeFileSync(
      f,
      'kant;omschrijving;bedrag\nbaten;Gemeente Leiden;€ 10.000\nbaten;MBO;PM\nlasten;Netwerk;€ 12.000\n',
    );
    expect(run('import', 'budget', f, '--year', '2019-2020').code).toBe(0);
    const r = run('report', 'yearly', '--year', '2019-2020', '--format', 'md');
    expect(r.code).toBe(0);
    for (const w of [
      'there is no realisation (realisatie) for 2019-2020',
      'budget line "MBO" is PM',
      'no participation figures for 2019-2020',
      'no programme for 2019-2020',
      'there is no in-kind budget for 2019-2020',
    ])
      expect(r.stderr).toContain(w);
    expect(r.stdout).toContain(
      'Voor 2019-2020 is nog geen realisatie ingevoerd: het verslag toont alleen de begroting.',
    );
    expect(r.stdout).toContain(
      'Er is nog geen realisatie. De begroting sluit met een begroot tekort van € 2.000,00.',
    );
    expect(r.stdout).toContain('| MBO | PM |');
    const pdf = join(dir, 'verslag-2019.pdf');
    expect(run('report', 'yearly', '--year', '2019-2020', '--out', pdf).code).toBe(0);
    expect(pdfText(pdf)).toContain('Voor 2019-2020 is geen programma ingevoerd.');
  });
});

describe('bad input: clear errors, exit 1, nothing written', () => {
  it('an unknown year, and a year that is not one', () => {
    const r = run('report', 'yearly', '--year', '2030-2031', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Error: lato knows nothing about 2030-2031');
    expect(r.stderr).toContain('years with data: 2015-2016, 2016-2017, 2017-2018, 2018-2019');
    const bad = run('report', 'yearly', '--year', '2018-2020', '--format', 'json');
    expect(bad.code).toBe(2); // a malformed --year is wrong usage
    expect(bad.stderr).toContain('"2018-2020" is not a school year');
  });

  it('an output path that cannot be written, checked before anything else', () => {
    const missing = run('report', 'yearly', '--year', '2030-2031', '--out', join(dir, 'nope', 'r.pdf'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `cannot write ${join(dir, 'nope', 'r.pdf')}: the folder ${join(dir, 'nope')} does not exist`,
    );
    expect(existsSync(join(dir, 'nope'))).toBe(false);
    const folder = run('report', 'yearly', '--year', YEAR, '--out', dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('it is a folder');
    const underFile = join(DB, 'r.pdf');
    const notDir = run('report', 'yearly', '--year', YEAR, '--out', underFile);
    expect(notDir.code).toBe(1);
    expect(notDir.stderr).toContain(`${DB} is not a folder`);
  });

  it('a template with an error: Typst’s message with its line, the hint that it is the template, the old file kept', () => {
    const templates = join(dir, 'broken');
    mkdirSync(templates);
    writeFileSync(
      join(templates, 'yearly-report.typ'),
      '#let data = json(bytes(sys.inputs.data))\n\n#data.view.nosuch\n',
    );
    const out = join(dir, 'kept.pdf');
    writeFileSync(out, 'the previous report');
    const r = run('report', 'yearly', '--year', YEAR, '--out', out, '--templates', templates);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: your template yearly-report.typ does not compile');
    expect(r.stderr).toContain(
      `${join(templates, 'yearly-report.typ')}, line 3: column 12: dictionary does not contain key "nosuch"`,
    );
    expect(r.stderr).toContain('the error is in the template, not in your data');
    expect(readFileSync(out, 'utf8')).toBe('the previous report');
    const env = lato(['report', 'yearly', '--year', YEAR, '--out', out, '--db', DB], {
      env: { LATO_TEMPLATES: templates },
    });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain('line 3');
  });

  it('a user template replaces lato’s, as for the invoices', () => {
    const templates = join(dir, 'own');
    mkdirSync(templates);
    const source = readFileSync(join(ROOT, 'templates', 'yearly-report.typ'), 'utf8');
    writeFileSync(
      join(templates, 'yearly-report.typ'),
      source.replace('"Inhoud"', '"Inhoudsopgave van de regiegroep"'),
    );
    copyFileSync(join(ROOT, 'templates', 'lato.typ'), join(templates, 'lato.typ'));
    const out = join(dir, 'own.pdf');
    const r = run('report', 'yearly', '--year', YEAR, '--out', out, '--templates', templates);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Using your templates: lato.typ, yearly-report.typ');
    expect(pdfText(out)).toContain('Inhoudsopgave van de regiegroep');
  });

  it('usage: a PDF without --out, an unknown format (exit 2); a bad --date (exit 2, usage)', () => {
    const noOut = run('report', 'yearly', '--year', YEAR);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('a PDF needs a file: give --out FILE');
    const fmt = run('report', 'yearly', '--year', YEAR, '--format', 'docx');
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('--format docx is not one of pdf, md, json');
    const date = run('report', 'yearly', '--year', YEAR, '--format', 'json', '--date', '31-02-2019');
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--date: "31-02-2019" is not an existing date');
    expect(run('report', 'yearly', '--format', 'json').code).toBe(2);
  });
});

describe('lato import figures (built binary)', () => {
  it('the example figures again: a dry run finds them unchanged', () => {
    const r = run('import', 'figures', join(ROOT, 'data', 'example', 'figures.csv'), '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('25 rows: 0 new, 0 changed, 25 unchanged');
  });

  it('a bad file: every problem with line and column, nothing written', () => {
    const f = join(dir, 'cijfers.csv');
    writeFileSync(f, 'metriek;periode;werkveld;waarde\ndeelname;2019-2020;VO;12\ndeelname;2019;VO;x\n');
    const r = run('import', 'figures', f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cijfers.csv: 2 problems; nothing was imported');
    expect(r.stderr).toContain('cijfers.csv, line 3, column "periode": "2019" is not a school year');
    expect(r.stderr).toContain('cijfers.csv, line 3, column "waarde": the value "x" is not a whole number');
    const j = JSON.parse(run('report', 'yearly', '--year', YEAR, '--json').stdout) as YearlyReport;
    expect(j.participation.periods).not.toContain('2019-2020');
  });
});

describe('lato demo: the whole year', () => {
  it('writes the database, fees, invoices, exports and the yearly report, and says where', async () => {
    const out = join(dir, 'demo');
    const r = await runLato(['demo', '--out', out]);
    expect(r.code).toBe(0);
    for (const name of [
      'abonnementsgelden-2018-2019.csv',
      'facturen-2018-2019.csv',
      'jaarverslag-2018-2019.pdf',
      'jaarverslag-2018-2019.md',
      'jaarverslag-2018-2019.json',
    ]) {
      expect(r.stdout).toContain(join(out, name));
      expect(statSync(join(out, name)).size).toBeGreaterThan(500);
    }
    expect(r.stdout).toMatch(/Invoices 2018-2019: 46 issued on 2018-10-15, 46 PDFs/);
    expect(r.stdout).toContain('Yearly report 2018-2019: PDF, Markdown and JSON');
    const report = JSON.parse(readFileSync(join(out, 'jaarverslag-2018-2019.json'), 'utf8')) as YearlyReport;
    expect(report.fees.total.invoiced_cents).toBe(report.fees.total.computed_cents);
    expect(report.fees.total.paid_cents).toBeGreaterThan(0);
    expect(report.fees.total.outstanding_cents).toBe(
      report.fees.total.invoiced_cents - report.fees.total.paid_cents,
    );
    expect(report.missing.map((m) => m.section)).not.toContain('programme');
  });
});
