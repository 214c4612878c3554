// `lato import projectgroup FILE`: the project group's members from a JSON file (as in
// data/example/projectgroup.json, which may also name the project leader) or a CSV file with the
// columns name, role and partner. Upserts by name; one transaction through runImport.

import { normaliseText } from '../domain/text.js';
import { readFile } from 'node:fs/promises';
import { setSetting, getSetting } from '../db/settings.js';
import { findPartnerByRef } from '../db/organisations.js';
import {
  addMember,
  findMemberByName,
  listMembers,
  memberCompensation,
  setMemberCompensation,
} from '../db/projectgroup.js';
import { openCsv } from '../io/csv.js';
import { mapColumns, type FieldSpec } from '../io/table.js';
import type { Importer } from './import-types.js';
import { runImport, type ImportRun } from './import-run.js';
import { setting } from './defaults.js';

interface MemberRow {
  line?: number;
  /** the name column's header as written (CSV), for messages */
  nameColumn?: string;
  name: string;
  role: string;
  partner: string;
  /** time (by the employer, in kind) or money (by LATO); '' keeps what is recorded */
  compensation?: string;
}

interface ProjectGroupFile {
  project_leader?: unknown;
  members?: unknown[];
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
        run.problems.add({ ...where, column: r.nameColumn ?? 'name', message: 'the name is missing' });
        continue;
      }
      if (seen.has(r.name.toLowerCase())) {
        run.problems.add({ ...where, column: r.nameColumn ?? 'name', message: `${r.name} is listed twice` });
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
      const before = findMemberByName(db, r.name);
      const role = r.role || null;
      const c = (r.compensation ?? '').toLowerCase();
      const compensation =
        c === 'time' || c === 'tijd' ? 'time' : c === 'money' || c === 'geld' ? 'money' : null;
      if (c !== '' && compensation === null) {
        run.problems.add({
          ...where,
          message: `${r.name}: compensation "${r.compensation}" is not time or money`,
        });
        continue;
      }
      const sameCompensation =
        compensation === null || (before && memberCompensation(db, before.id) === compensation);
      if (
        before &&
        before.active &&
        before.role === role &&
        before.partnerId === partnerId &&
        sameCompensation
      ) {
        run.rows.unchanged++;
        continue;
      }
      const after = addMember(db, { name: r.name, role, partnerId });
      if (compensation !== null) setMemberCompensation(db, after.id, compensation);
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
  if (typeof data !== 'object' || data === null || !Array.isArray(data.members)) {
    run.problems.add({
      file: run.name,
      message: 'no "members" list',
      hint: 'see data/example/projectgroup.json',
    });
    return { rows: [], leader: undefined };
  }
  const problem = (message: string) =>
    run.problems.add({ file: run.name, message, hint: 'see data/example/projectgroup.json' });
  const leader = data.project_leader;
  if (leader !== undefined && leader !== null && typeof leader !== 'string')
    problem('"project_leader" must be a name (text)');
  const rows: MemberRow[] = [];
  data.members.forEach((m: unknown, i) => {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) {
      problem(`member ${i + 1} of "members" is not an object with a name, role and partner`);
      return;
    }
    const text = (key: 'name' | 'role' | 'partner' | 'compensation'): string => {
      const v = (m as Record<string, unknown>)[key];
      if (v === undefined || v === null) return '';
      if (typeof v === 'string' || typeof v === 'number') return normaliseText(String(v));
      problem(`member ${i + 1}: "${key}" must be text`);
      return '';
    };
    rows.push({
      name: text('name'),
      role: text('role'),
      partner: text('partner'),
      compensation: text('compensation'),
    });
  });
  return { leader: typeof leader === 'string' ? normaliseText(leader) || undefined : undefined, rows };
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
      nameColumn: map.headerOf('name'),
      name: map.get(rec, 'name'),
      role: map.get(rec, 'role'),
      partner: map.get(rec, 'partner'),
    });
  }
  return { rows, leader: undefined };
}
