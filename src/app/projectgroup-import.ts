// `lato import projectgroup FILE`: the project group's members from a JSON file (as in
// data/example/projectgroup.json, which may also name the project leader) or a CSV file with the
// columns name, role and partner. Upserts by name; one transaction through runImport.

import { readFile } from 'node:fs/promises';
import { setSetting, getSetting } from '../db/settings.js';
import { findPartnerByRef } from '../db/organisations.js';
import { addMember, findMember, listMembers } from '../db/projectgroup.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { Importer } from './importers.js';
import { runImport, type ImportRun } from './import-run.js';
import { setting } from './defaults.js';

interface MemberRow {
  line?: number;
  name: string;
  role: string;
  partner: string;
}

interface ProjectGroupFile {
  project_leader?: string;
  members?: { name?: string; role?: string; partner?: string }[];
}

const FIELDS: readonly FieldSpec<'name' | 'role' | 'partner'>[] = [
  { key: 'name', aliases: ['naam', 'member', 'lid'], required: true },
  { key: 'role', aliases: ['rol', 'functie', 'werkveld', 'thema'] },
  { key: 'partner', aliases: ['partnercode', 'organisatie', 'organisation', 'code'] },
];

export const importProjectGroup: Importer = (db, file, opts) =>
  runImport(db, 'projectgroup', file, opts, async (run) => {
    const { rows, leader } = file.toLowerCase().endsWith('.json') ? await readJson(run) : await readCsv(run);
    if (run.problems.length > 0) return;
    if (leader !== undefined) {
      run.rows.total++;
      const before = getSetting<string>(db, 'applications.project_leader');
      if (before === leader) run.rows.unchanged++;
      else {
        setSetting(db, 'applications.project_leader', leader);
        run.rows[before === undefined ? 'new' : 'changed']++;
        run.notes.push(`project leader: ${leader}`);
      }
    }
    const seen = new Set<string>();
    for (const r of rows) {
      run.rows.total++;
      const where = { file: run.name, ...(r.line !== undefined ? { line: r.line } : {}) };
      if (!r.name) {
        run.problems.add({ ...where, column: 'name', message: 'the name is missing' });
        continue;
      }
      if (seen.has(r.name.toLowerCase())) {
        run.problems.add({ ...where, column: 'name', message: `${r.name} is listed twice` });
        continue;
      }
      seen.add(r.name.toLowerCase());
      let partnerId: number | null = null;
      if (r.partner) {
        partnerId = findPartnerByRef(db, r.partner)?.id ?? null;
        if (partnerId === null)
          run.notes.push(
            `${r.name}: partner ${r.partner} is not in the registry; the member is not linked to it`,
          );
      }
      const before = findMember(db, r.name);
      const role = r.role || null;
      if (before && before.active && before.role === role && before.partnerId === partnerId) {
        run.rows.unchanged++;
        continue;
      }
      addMember(db, { name: r.name, role, partnerId });
      run.rows[before ? 'changed' : 'new']++;
    }
    const size = setting<number>(db, 'projectgroup.size');
    const active = listMembers(db).length;
    if (active > size) {
      run.problems.add({
        file: run.name,
        message: `the project group would have ${active} members; its size is ${size}`,
        hint: 'remove members first (lato projectgroup remove NAME) or change the size (lato eligibility settings --project-group-size N)',
      });
    }
  });

async function readJson(run: ImportRun): Promise<{ rows: MemberRow[]; leader: string | undefined }> {
  let data: ProjectGroupFile;
  try {
    data = JSON.parse(await readFile(run.file, 'utf8')) as ProjectGroupFile;
  } catch (e) {
    run.problems.add({ file: run.name, message: `not valid JSON: ${(e as Error).message}` });
    return { rows: [], leader: undefined };
  }
  if (!Array.isArray(data.members)) {
    run.problems.add({
      file: run.name,
      message: 'no "members" list',
      hint: 'see data/example/projectgroup.json',
    });
    return { rows: [], leader: undefined };
  }
  return {
    leader: data.project_leader?.trim() || undefined,
    rows: data.members.map((m) => ({
      name: String(m.name ?? '').trim(),
      role: String(m.role ?? '').trim(),
      partner: String(m.partner ?? '').trim(),
    })),
  };
}

async function readCsv(run: ImportRun): Promise<{ rows: MemberRow[]; leader: undefined }> {
  const src = await openCsv(run.file, run.opts);
  const { map, problems } = mapColumns(src, FIELDS);
  for (const p of problems) run.problems.add(p);
  const rows: MemberRow[] = [];
  if (problems.length > 0) return { rows, leader: undefined };
  for await (const rec of src.records()) {
    rows.push({
      line: rec.line,
      name: map.get(rec, 'name'),
      role: map.get(rec, 'role'),
      partner: map.get(rec, 'partner'),
    });
  }
  return { rows, leader: undefined };
}
