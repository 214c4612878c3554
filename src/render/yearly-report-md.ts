// The yearly report as Markdown for the website or the newsletter: the same view as the PDF
// (render/yearly-report-view.ts), laid out as GitHub-flavoured Markdown. Charts are left out: their
// numbers are in the tables beside them.

import type { Block, ReportView, TableBlock } from './yearly-report-view.js';

/**
 * Text in a Markdown table cell or paragraph, shown as written: characters Markdown would read as
 * syntax escaped (emphasis, links, code, tables, headings, strike-through, HTML tags), `&` written
 * as `&amp;` so that `&lt;` in the data is not turned into `<`, what would start a list or a
 * heading at the start of a line escaped, line breaks and control characters made spaces.
 */
export function mdText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/([\\`*_[\]<>|#~])/g, '\\$1')
      .replace(/^(\s*)([-+])(?=\s)/, '$1\\$2')
      .replace(/^(\s*)(=+\s*)$/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
  );
}

function table(t: TableBlock): string[] {
  const out: string[] = [];
  if (t.caption) out.push(`**${mdText(t.caption)}**`, '');
  const cell = (s: string, style: string) => {
    const text = mdText(s);
    return text === '' || style === 'plain' ? text : `**${text}**`;
  };
  out.push(`| ${t.columns.map((c) => mdText(c.label)).join(' | ')} |`);
  out.push(`| ${t.columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join(' | ')} |`);
  for (const r of t.rows) out.push(`| ${r.cells.map((c) => cell(c, r.style)).join(' | ')} |`);
  if (t.notes.length) out.push('', ...t.notes.map((n) => `_${mdText(n)}_`));
  return out;
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'table':
      return table(b);
    case 'text':
      return b.paragraphs.flatMap((p, i) => (i === 0 ? [mdText(p)] : ['', mdText(p)]));
    case 'callout':
      return [
        `> **${mdText(b.title)}**`,
        '>',
        ...b.items.map((i) => (b.items.length > 1 ? `> - ${mdText(i)}` : `> ${mdText(i)}`)),
      ];
    case 'lists':
      return b.groups.flatMap((g, i) => [
        ...(i ? [''] : []),
        `**${mdText(g.title)}**`,
        '',
        ...g.items.map((x) => `- ${mdText(x)}`),
      ]);
    case 'keyfigures':
      return table({
        type: 'table',
        caption: null,
        columns: [
          { label: 'Kerncijfer', align: 'left' },
          { label: 'Waarde', align: 'right' },
          { label: 'Toelichting', align: 'left' },
        ],
        rows: b.items.map((k) => ({ cells: [k.label, k.value, k.detail], style: 'plain' })),
        notes: [],
      });
    case 'bars':
    case 'pairs':
      return [];
  }
}

export function reportMarkdown(v: ReportView): string {
  const out: string[] = [
    `# ${mdText(v.meta.title)}`,
    '',
    `${mdText(v.meta.organisation)} · ${mdText(v.meta.period)}`,
    '',
    `_${mdText(v.meta.audience)}. Opgesteld op ${mdText(v.meta.prepared_on)}._`,
  ];
  for (const s of v.sections) {
    out.push('', `## ${s.number ? `${s.number}. ` : ''}${mdText(s.title)}`);
    for (const b of s.blocks) {
      const lines = block(b);
      if (lines.length) out.push('', ...lines);
    }
  }
  return `${out.join('\n')}\n`;
}
