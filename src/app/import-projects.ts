// `lato import projects FILE`: the plan's projects (Uitwerking hoofdthema's, 1a-3d). Columns:
// code, naam, thema, status, trekker, partners (as the plan writes them). Upserts by code.

import type { Db } from '../db/connection.js';
import { upsertProject, type Project } from '../db/projects.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import { runImport } from './import-run.js';
import { cellProblem, isBlank, isDuplicate, recordTally } from './import-cells.js';

type Field = 'code' | 'name' | 'theme' | 'status' | 'lead' | 'partners';

const FIELDS: FieldSpec<Field>[] = [
  { key: 'code', aliases: ['onderdeel', 'nummer', 'nr'], required: true },
  { key: 'name', aliases: ['naam', 'project', 'titel'], required: true },
  { key: 'theme', aliases: ['thema', 'hoofdthema'] },
  { key: 'status', aliases: ['stand'] },
  { key: 'lead', aliases: ['trekker', 'trekkers', 'lead'] },
  { key: 'partners', aliases: ['partners', 'betrokken partners'] },
];

export async function importProjects(db: Db, file: string, opts: ImportOptions): Promise<ImportSummary> {
  return runImport(db, 'projects', file, opts, async (run) => {
    const src = await openCsv(file, opts);
    const { map, problems } = mapColumns(src, FIELDS);
    for (const p of problems) run.problems.add(p);
    if (problems.length > 0) return;
    const seen = new Map<string, number>();
    const rows: Project[] = [];
    for await (const rec of src.records()) {
      if (isBlank(rec)) continue;
      run.rows.total++;
      const code = map.get(rec, 'code').trim();
      const name = map.get(rec, 'name').trim();
      if (!code) cellProblem(run, rec, map, 'code', 'the project code is empty', 'like 1a or 3d');
      if (!name) cellProblem(run, rec, map, 'name', 'the project name is empty');
      if (code && isDuplicate(run, rec, map, 'code', seen, code.toLowerCase(), `project ${code}`)) continue;
      if (!code || !name) continue;
      const opt = (f: Field) => map.get(rec, f).trim() || null;
      rows.push({
        code,
        name,
        theme: opt('theme'),
        status: opt('status'),
        lead: opt('lead'),
        partners: opt('partners'),
      });
    }
    if (run.problems.length > 0) return;
    const t = { new: 0, changed: 0, unchanged: 0, removed: 0 };
    for (const r of rows) t[upsertProject(db, r, run.importId)]++;
    recordTally(run, t, 'project');
  });
}
