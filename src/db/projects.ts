// The plan's projects (1a-3d) with status, lead (trekker) and partners. Audited.

import type { Db } from './connection.js';
import { audit } from './audit.js';

import type { Project } from '../domain/yearly-report.js';

export type { Project };

export function upsertProject(db: Db, p: Project, importId: number | null): 'new' | 'changed' | 'unchanged' {
  const before = db
    .prepare('SELECT code, name, theme, status, lead, partners FROM projects WHERE code = ?')
    .get(p.code) as Project | undefined;
  if (before && JSON.stringify(before) === JSON.stringify(p)) return 'unchanged';
  db.prepare(
    `INSERT INTO projects (code, name, theme, status, lead, partners, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, theme = excluded.theme, status = excluded.status,
       lead = excluded.lead, partners = excluded.partners, import_id = excluded.import_id`,
  ).run(p.code, p.name, p.theme, p.status, p.lead, p.partners, importId);
  audit(db, { entity: 'project', entityId: p.code, action: before ? 'update' : 'create', before, after: p });
  return before ? 'changed' : 'new';
}

export function listProjects(db: Db): Project[] {
  return db
    .prepare('SELECT code, name, theme, status, lead, partners FROM projects ORDER BY code')
    .all() as Project[];
}
