// `lato import activities FILE`: what was done of the promises, one line per activity. Columns:
// soort (vergadering, gesprek or monitoring), datum, orgaan (for a meeting: regiegroep,
// projectgroep, netwerk, …), partner (for a talk: the partner code), wie, omschrijving.
// Importing the same activity again changes nothing.

import type { Db } from '../db/connection.js';
import { upsertActivity, type NewActivity } from '../db/activities.js';
import { findPartner } from '../db/partners.js';
import { parseDate } from '../domain/dates.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport } from './import-run.js';
import { cellProblem, isBlank, recordTally } from './import-cells.js';

type Field = 'kind' | 'date' | 'body' | 'partner' | 'who' | 'note';

const FIELDS: FieldSpec<Field>[] = [
  { key: 'kind', aliases: ['soort', 'type', 'activiteit'], required: true },
  { key: 'date', aliases: ['datum', 'held on', 'op'], required: true },
  { key: 'body', aliases: ['orgaan', 'overleg', 'gremium'] },
  { key: 'partner', aliases: ['code', 'partnercode', 'partner code'] },
  { key: 'who', aliases: ['wie', 'aanwezig', 'aanwezigen', 'attendees'] },
  { key: 'note', aliases: ['omschrijving', 'opmerking', 'toelichting', 'notes'] },
];

const KINDS: Record<string, NewActivity['kind']> = {
  vergadering: 'meeting',
  bijeenkomst: 'meeting',
  meeting: 'meeting',
  gesprek: 'talk',
  partnergesprek: 'talk',
  talk: 'talk',
  monitoring: 'monitoring',
  monitoringsmoment: 'monitoring',
};

export async function importActivities(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(db, 'activities', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, FIELDS);
    for (const p of problems) run.problems.add(p);
    if (problems.length > 0) return;
    const rows: NewActivity[] = [];
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const rawKind = map.get(rec, 'kind').trim();
      const kind = KINDS[rawKind.toLowerCase()];
      if (!kind) {
        cellProblem(
          run,
          rec,
          map,
          'kind',
          rawKind ? `"${rawKind}" is not a kind of activity` : 'the kind is empty',
          'write vergadering, gesprek or monitoring',
        );
      }
      const d = parseDate(map.get(rec, 'date').trim());
      if (!d.ok) cellProblem(run, rec, map, 'date', d.error);
      const body = map.get(rec, 'body').trim().toLowerCase() || null;
      if (kind === 'meeting' && !body) {
        cellProblem(
          run,
          rec,
          map,
          'body',
          'a meeting needs the body that met',
          'e.g. regiegroep, projectgroep, netwerk',
        );
      }
      const code = map.get(rec, 'partner').trim();
      const partner = code ? findPartner(db, { code: code.toUpperCase() }) : undefined;
      if (code && !partner) {
        cellProblem(run, rec, map, 'partner', `no partner ${code}`, 'lato partners list shows the codes');
      }
      if (kind === 'talk' && !code) {
        cellProblem(
          run,
          rec,
          map,
          'partner',
          'a talk needs the partner it was with',
          'give its partner code',
        );
      }
      if (!kind || !d.ok || (code && !partner)) continue;
      rows.push({
        kind,
        heldOn: d.date,
        body: kind === 'talk' ? null : body,
        partnerId: partner?.id ?? null,
        partner: partner?.code ?? null,
        who: map.get(rec, 'who').trim() || null,
        note: map.get(rec, 'note').trim() || null,
      });
    }
    if (run.problems.length > 0) return;
    const t = { new: 0, changed: 0, unchanged: 0, removed: 0 };
    for (const r of rows) t[upsertActivity(db, r, run.importId)]++;
    recordTally(run, t, 'activity');
  });
}
