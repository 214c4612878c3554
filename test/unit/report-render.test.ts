// Formatting the yearly report: the Dutch view (result statements from the data's texts, chart
// axes, percentages) and the Markdown (text from the data never read as Markdown syntax).
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { loadReference } from '../../src/app/init.js';
import { reportTexts } from '../../src/app/report-settings.js';
import { axis, percentNl, reportView, resultStatement } from '../../src/render/yearly-report-view.js';
import { mdText, reportMarkdown } from '../../src/render/yearly-report-md.js';
import { buildYearlyReport, type YearlyReport } from '../../src/domain/yearly-report.js';
import { schoolYearStarting } from '../../src/domain/school-year.js';
import { totalsOf } from '../../src/domain/fees.js';

const db = openDb(':memory:', { create: true });
loadReference(db);
const texts = reportTexts(db);

function report(result: Partial<YearlyReport['budget']['result']>): YearlyReport {
  const r = buildYearlyReport({
    year: schoolYearStarting(2018),
    preparedOn: '2019-10-01',
    organisation: texts.organisation,
    sectors: [{ code: 'PO', name: 'Primair onderwijs' }],
    partners: [],
    fees: { lines: [], totals: totalsOf([]) },
    invoices: [],
    budget: { lines: [], actual: [], stated: {} },
    inKind: { budget: [], actual: [], statedCents: null },
    figures: [],
    metrics: [],
    programme: [],
  });
  // a stated result stands for a year with a budget
  const hasBudget = Object.keys(result).length > 0 || r.budget.has_budget;
  return { ...r, budget: { ...r.budget, has_budget: hasBudget, result: { ...r.budget.result, ...result } } };
}

describe('the result stated in words (texts from the setting report.texts)', () => {
  it('a surplus, a deficit, balanced; PM lines left out are said', () => {
    expect(
      resultStatement(report({ basis: 'realisation', outcome: 'surplus', amount_cents: 466_385 }), texts),
    ).toBe(
      'Het schooljaar sluit met een overschot van € 4.663,85. Volgens het convenant doen de moderatoren, in overleg met de projectgroep, een voorstel aan de regiegroep voor de besteding van het overschot.',
    );
    expect(
      resultStatement(report({ basis: 'realisation', outcome: 'deficit', amount_cents: 100 }), texts),
    ).toMatch(/^Het schooljaar sluit met een tekort van € 1,00\. .*om het tekort op te lossen\.$/);
    expect(
      resultStatement(
        report({ basis: 'realisation', outcome: 'balanced', amount_cents: 0, open: true }),
        texts,
      ),
    ).toBe(
      'Het schooljaar sluit zonder overschot of tekort: de baten en de lasten zijn gelijk. Regels op PM zijn hierin niet meegeteld.',
    );
  });

  it('without realisation: the budget’s result', () => {
    expect(
      resultStatement(report({ basis: 'budget', outcome: 'deficit', amount_cents: 200_000 }), texts),
    ).toBe('Er is nog geen realisatie. De begroting sluit met een begroot tekort van € 2.000,00.');
    expect(resultStatement(report({ basis: 'budget', outcome: 'balanced', amount_cents: 0 }), texts)).toBe(
      'Er is nog geen realisatie. De begroting sluit: de begrote baten en lasten zijn gelijk.',
    );
  });

  it('without a budget: no word of a closing budget', () => {
    expect(resultStatement(report({}), texts)).toBe(
      'Voor 2018-2019 is geen begroting ingevoerd en nog geen realisatie: over het resultaat van dit schooljaar zegt dit verslag daarom niets.',
    );
  });
});

describe('numbers in the view', () => {
  it('chart axes end on a round number above the largest value', () => {
    expect(axis(123).map((t) => t.value)).toEqual([0, 50, 100, 150]);
    expect(axis(607).map((t) => t.label)).toEqual(['0', '200', '400', '600', '800']);
    expect(axis(0).at(-1)!.value).toBeGreaterThan(0);
    expect(axis(9_500_000).at(-1)!.label).toBe('10.000.000');
  });

  it('percentages with a decimal comma', () => {
    expect(percentNl(98.3)).toBe('98,3%');
    expect(percentNl(100)).toBe('100,0%');
    expect(percentNl(null)).toBe('–');
  });

  it('an empty year still gives every chapter, each saying what is missing', () => {
    const view = reportView(report({}), texts);
    expect(view.sections.map((s) => [s.number, s.title])).toEqual([
      [null, 'Samenvatting'],
      ['1', 'Het netwerk'],
      ['2', 'Abonnementsgelden'],
      ['3', 'Begroting en realisatie'],
      ['4', 'Bijdrage in natura'],
      ['5', 'Deelname aan activiteiten'],
      ['6', 'Digitaal bereik'],
      ['7', 'Programma 2018-2019'],
      ['8', 'Ontbrekende gegevens'],
      [null, 'Over dit verslag'],
    ]);
    for (const s of view.sections.slice(1, 8))
      expect(s.blocks[0], s.title).toMatchObject({ type: 'callout', tone: 'missing', title: 'Ontbreekt' });
  });
});

describe('Markdown', () => {
  it('text from the data is escaped: a name is never a table cell break, a link or emphasis', () => {
    expect(mdText('Stichting | *Leiden* [x](y) <b> #1 _a_')).toBe(
      'Stichting \\| \\*Leiden\\* \\[x\\](y) \\<b\\> \\#1 \\_a\\_',
    );
    const md = reportMarkdown(reportView(report({}), texts));
    expect(md).toMatch(/^# Jaarverslag en verantwoording 2018-2019\n/);
    expect(md).toContain('## 8. Ontbrekende gegevens');
    expect(md).not.toContain('undefined');
  });
});
