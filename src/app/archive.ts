// `lato archive --year Y --out DIR`: every issued document of a year as it was sent, for the
// accountant and the seven years of keeping (art. 52 AWR): the PDFs and UBL files from the
// database byte for byte, the chain entries of the year as files, a manifest (number, kind, date,
// party, amount, file, sha256) and SHA256SUMS, so that `sha256sum -c SHA256SUMS` in DIR proves
// every file is what lato recorded when it was issued, and KETENKOP.txt with the chain's heads.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LatoError, UsageError } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import { findInvoices } from '../db/invoices.js';
import { chainEntries, chainHead, storedDocument, type ChainEntry } from '../db/documents.js';
import { toDutchCsv } from '../io/csv-write.js';
import { checkOutputDir, ensureDir, fileNameOf, writeAtomic } from '../io/files.js';
import { parseSchoolYear } from '../domain/school-year.js';
import type { Invoice } from '../domain/invoice.js';
import { sha256 } from './hash.js';
import { FRESH_SUFFIX, freshNotice, today } from './invoices.js';
import { loadInvoiceSettings } from './invoice-settings.js';
import { sealUnchainedAll } from './documents.js';
import { writeTransaction } from '../db/transaction.js';
import { DOCUMENT_KIND_WORD } from '../domain/vocabulary.js';

const FOLDER = { invoice: 'facturen', credit_note: 'creditnotas', reminder: 'herinneringen' } as const;

export const MANIFEST_HEADER = [
  'Nummer',
  'Soort',
  'Datum',
  'Partij',
  'Naam',
  'Bedrag',
  'Bestand',
  'SHA-256',
  'Zoals verzonden',
] as const;

export interface ArchiveSummary {
  year: string;
  out: string;
  documents: number;
  files: number;
  /** documents issued before lato kept them: made anew, named so */
  made_anew: string[];
  heads: { series: string; position: number; number: string; hash: string }[];
}

interface Entry {
  number: string;
  kind: keyof typeof DOCUMENT_KIND_WORD;
  date: string;
  partner: string;
  name: string;
  cents: number | null;
  file: string;
  sha: string;
  asSent: boolean;
}

/** Which documents a year means: a calendar year (2026: issued in 2026) or a school year (2025-2026). */
function selectYear(
  db: Db,
  raw: string,
): { label: string; invoices: Invoice[]; inYear: (date: string) => boolean } {
  const y = raw.trim();
  if (/^\d{4}$/.test(y)) {
    return {
      label: y,
      invoices: findInvoices(db, { status: 'issued' }).filter((i) => i.issuedOn!.startsWith(`${y}-`)),
      inYear: (d) => d.startsWith(`${y}-`),
    };
  }
  const sy = parseSchoolYear(y);
  if (!sy.ok) throw new UsageError(`--year: ${sy.error}, or a calendar year like 2026`);
  const { start, end } = sy.year;
  return {
    label: sy.year.label,
    invoices: findInvoices(db, { status: 'issued', year: sy.year.label }),
    inYear: (d) => d >= start && d <= end,
  };
}

export async function archiveYear(
  db: Db,
  rawYear: string,
  out: string,
  opts: { templatesDir?: string | undefined } = {},
): Promise<ArchiveSummary> {
  const { label, invoices, inYear } = selectYear(db, rawYear);
  checkOutputDir(out, db.name);
  let existing: string[] = [];
  try {
    existing = readdirSync(out);
  } catch {
    // a new folder
  }
  if (existing.length > 0) {
    throw new LatoError(`cannot archive into ${out}: the folder is not empty`, {
      hint: 'an archive is a folder of its own: give a new or empty folder with --out',
    });
  }
  if (invoices.length === 0) {
    throw new LatoError(`no issued invoices or credit notes for ${label}: nothing to archive`);
  }
  // documents issued before lato kept them are entered in the chain first (as check does not write)
  writeTransaction(db, () => sealUnchainedAll(db));
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const entries: Entry[] = [];
  const files: { rel: string; bytes: Buffer | string; sha: string }[] = [];
  const fresh: { inv: Invoice; rel: string }[] = [];
  for (const inv of [...invoices].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'invoice' ? -1 : 1) || a.number!.localeCompare(b.number!),
  )) {
    const folder = FOLDER[inv.kind];
    const base = {
      number: inv.number!,
      kind: inv.kind,
      date: inv.issuedOn!,
      partner: inv.buyer?.code ?? inv.partner,
      name: inv.buyer?.name ?? inv.partner,
      cents: inv.totalCents,
    };
    const pdf = storedDocument(db, inv.id, 'pdf');
    if (pdf) {
      const rel = `${folder}/${pdf.file_name}`;
      files.push({ rel, bytes: pdf.bytes, sha: pdf.sha256 });
      entries.push({ ...base, file: rel, sha: pdf.sha256, asSent: true });
    } else {
      const rel = `${folder}/${fileNameOf(`${inv.number!}${FRESH_SUFFIX}`, 'pdf')}`;
      fresh.push({ inv, rel });
      entries.push({ ...base, file: rel, sha: '', asSent: false });
    }
    const ubl = storedDocument(db, inv.id, 'ubl');
    if (ubl) {
      const rel = `${folder}/${ubl.file_name}`;
      files.push({ rel, bytes: ubl.bytes, sha: ubl.sha256 });
      entries.push({ ...base, file: rel, sha: ubl.sha256, asSent: true });
    }
  }
  // the reminders sent in the year (of any invoice)
  const reminders = db
    .prepare(
      `SELECT r.id, r.invoice_id, r.level, r.sent_on, r.open_cents, i.number,
              coalesce(json_extract(i.buyer, '$.code'), p.code) AS partner, json_extract(i.buyer, '$.name') AS name
       FROM invoice_reminders r JOIN invoices i ON i.id = r.invoice_id JOIN partners p ON p.id = i.partner_id
       ORDER BY i.number, r.level`,
    )
    .all() as {
    id: number;
    invoice_id: number;
    level: number;
    sent_on: string;
    open_cents: number;
    number: string;
    partner: string;
    name: string | null;
  }[];
  for (const r of reminders.filter((x) => inYear(x.sent_on))) {
    const pdf = storedDocument(db, r.invoice_id, 'pdf', r.id);
    if (!pdf) continue; // sent before lato kept documents: the data is in the chain
    const rel = `${FOLDER.reminder}/${pdf.file_name}`;
    files.push({ rel, bytes: pdf.bytes, sha: pdf.sha256 });
    entries.push({
      number: `${r.number}-herinnering-${r.level}`,
      kind: 'reminder',
      date: r.sent_on,
      partner: r.partner,
      name: r.name ?? r.partner,
      cents: r.open_cents,
      file: rel,
      sha: pdf.sha256,
      asSent: true,
    });
  }
  if (fresh.length) {
    const { renderPdfBytes } = await import('../render/pdf-batch.js');
    const texts = loadInvoiceSettings(db).texts;
    const pdfs = await renderPdfBytes(
      fresh.map(({ inv }) => ({ doc: inv.kind, invoice: inv, texts, notice: freshNotice(today()) })),
      { templatesDir: opts.templatesDir },
    );
    for (const [i, { rel }] of fresh.entries()) {
      const sha = sha256(pdfs[i]!);
      files.push({ rel, bytes: pdfs[i]!, sha });
      entries.find((e) => e.file === rel)!.sha = sha;
    }
  }
  // the chain entries of these documents, each as the file its content hash is the sha256 of
  const chainRows: ChainEntry[] = chainEntries(db).filter((e) =>
    e.entry === 'lost'
      ? false
      : e.series === 'reminder'
        ? reminders.some((r) => r.id === e.reminder_id && inYear(r.sent_on))
        : byId.has(e.invoice_id!),
  );
  const ketenRows: (string | number)[][] = [];
  for (const e of chainRows) {
    const name =
      e.series === 'reminder'
        ? `${e.number}-herinnering-${reminders.find((r) => r.id === e.reminder_id)?.level ?? e.position}`
        : e.number;
    const rel = `keten/${fileNameOf(`${e.series}-${String(e.position).padStart(6, '0')}-${name}`, 'json')}`;
    files.push({ rel, bytes: e.content, sha: e.content_hash });
    ketenRows.push([e.series, e.position, e.number, rel, e.content_hash, e.prev_hash, e.hash]);
  }
  const heads = (['invoice', 'credit_note', 'reminder'] as const).flatMap((series) => {
    const h = chainHead(db, series);
    if (!h) return [];
    const number = chainEntries(db, series).at(-1)!.number;
    return [{ series, position: h.position, number, hash: h.hash }];
  });
  const manifest = toDutchCsv(
    MANIFEST_HEADER,
    entries.map((e) => [
      e.number,
      DOCUMENT_KIND_WORD[e.kind],
      e.date,
      e.partner,
      e.name,
      e.cents === null ? null : { cents: e.cents },
      e.file,
      e.sha,
      e.asSent ? 'ja' : 'nee, opnieuw opgemaakt',
    ]),
  );
  const keten = toDutchCsv(
    ['Reeks', 'Positie', 'Nummer', 'Bestand', 'Inhoud-SHA-256', 'Vorige hash', 'Hash'],
    ketenRows,
  );
  const kop = [
    `lato archief ${label}, gemaakt op ${today()}`,
    'De kop van elke keten (reeks, positie, nummer, hash) op het moment van archiveren.',
    'Een keten-item: hash = sha256(vorige hash + inhoud-hash), als hex-tekst; de inhoud-hash is',
    "de sha256 van het bestand in keten/. Controle: printf '%s%s' VORIGE INHOUD | sha256sum",
    '',
    ...heads.map((h) => `${h.series} ${h.position} ${h.number} ${h.hash}`),
    '',
  ].join('\n');
  for (const [rel, text] of [
    ['manifest.csv', manifest],
    ['keten.csv', keten],
    ['KETENKOP.txt', kop],
  ] as const)
    files.push({ rel, bytes: text, sha: sha256(text) });
  ensureDir(out);
  for (const dir of new Set(files.map((f) => f.rel.split('/').slice(0, -1).join('/')).filter(Boolean)))
    ensureDir(join(out, dir));
  for (const f of files) writeAtomic(join(out, f.rel), f.bytes);
  // the sums last: what lato recorded, so that a file that differs from it fails `sha256sum -c`
  writeAtomic(join(out, 'SHA256SUMS'), files.map((f) => `${f.sha}  ${f.rel}\n`).join(''));
  return {
    year: label,
    out,
    documents: new Set(entries.map((e) => e.number)).size,
    files: files.length + 1,
    made_anew: fresh.map((f) => f.inv.number!),
    heads,
  };
}
