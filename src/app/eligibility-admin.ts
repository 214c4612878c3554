// Editing the data the admission rules read: the areas and their municipalities, the project
// group, and the settings (covenant period, majority rule, references, project leader). Every
// change is validated first and written in one transaction with its audit entry.

import { optionText } from '../domain/text.js';
import type { MajorityRule } from '../domain/applications.js';
import { MAJORITY_RULES } from '../domain/applications.js';
import { LatoError, UsageError } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import {
  addMunicipality,
  listAreas,
  listMunicipalities,
  putAreaMunicipality,
  removeAreaMunicipality,
  resolveMunicipality,
} from '../db/areas.js';
import { findPartnerByRef } from '../db/organisations.js';
import {
  addMember,
  deactivateMember,
  findMember,
  listMembers,
  type ProjectGroupMember,
} from '../db/projectgroup.js';
import { setSetting } from '../db/settings.js';
import { optionalSetting, setting } from './defaults.js';
import { municipalityHint } from './eligibility.js';
import { writeTransaction } from '../db/transaction.js';

// read as they are stored, for the commands that list them
export { listAreas, listMunicipalities, resolveMunicipality } from '../db/areas.js';
export { listMembers } from '../db/projectgroup.js';

// ---------------------------------------------------------------------------------------------
// Areas

export function areaCode(raw: string): string {
  const code = raw
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  if (!/^[A-Z][A-Z0-9_]*$/.test(code)) {
    throw new UsageError(`"${raw}" is not an area code`, 'use letters, digits and _, like PPO_LEIDEN');
  }
  return code;
}

function requireMunicipality(db: Db, raw: string): string {
  const m = resolveMunicipality(db, raw);
  if (!m) {
    throw new LatoError(`unknown municipality "${raw.trim()}"`, { hint: municipalityHint(db, raw) });
  }
  return m;
}

/** `2355, 2451` → ['2355', '2451'] (four-digit postcodes). */
export function parsePostcodes(raw: string): string[] {
  const list = raw
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((s) => !/^\d{4}$/.test(s));
  if (bad.length > 0) {
    throw new UsageError(`not a four-digit postcode: ${bad.join(', ')}`, 'write them like 2355,2451');
  }
  return [...new Set(list)].sort();
}

export function addToArea(
  db: Db,
  rawArea: string,
  rawMunicipalities: readonly string[],
  exceptPostcodes: string[] | null,
): { municipality: string; result: 'added' | 'changed' | 'unchanged' }[] {
  return writeTransaction(db, () => {
    const area = areaCode(rawArea);
    const names = resolveAll(db, rawMunicipalities);
    return names.map((m) => ({ municipality: m, result: putAreaMunicipality(db, area, m, exceptPostcodes) }));
  });
}

export function removeFromArea(db: Db, rawArea: string, rawMunicipalities: readonly string[]): string[] {
  return writeTransaction(db, () => {
    const area = areaCode(rawArea);
    const names = resolveAll(db, rawMunicipalities);
    const current = listAreas(db).find((a) => a.code === area);
    if (!current)
      throw new LatoError(`there is no area ${area}`, { hint: 'lato areas list shows the areas' });
    const absent = names.filter((n) => !current.municipalities.some((m) => m.name === n));
    if (absent.length > 0) {
      throw new LatoError(
        `${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} not in the area ${area}`,
      );
    }
    return names.filter((m) => removeAreaMunicipality(db, area, m));
  });
}

function resolveAll(db: Db, raws: readonly string[]): string[] {
  const unknown = raws.filter((r) => !resolveMunicipality(db, r));
  if (unknown.length > 1) {
    throw new LatoError('unknown municipalities', {
      problems: unknown.map((u) => ({ message: `unknown municipality "${u.trim()}"` })),
      hint: 'check the spelling (lato areas list --municipalities) or register them with lato areas add-municipality NAME',
    });
  }
  return raws.map((r) => requireMunicipality(db, r));
}

export function registerMunicipality(db: Db, rawName: string, cbsCode: string | undefined): string {
  return writeTransaction(db, () => {
    const name = rawName.trim().replace(/\s+/g, ' ');
    if (!name) throw new UsageError('the municipality has no name');
    const existing = resolveMunicipality(db, name);
    if (existing) throw new LatoError(`the municipality ${existing} is already registered`);
    if (cbsCode !== undefined && !/^\d{4}$/.test(cbsCode.trim())) {
      throw new UsageError(`CBS code "${cbsCode}" is not four digits`, 'like 0546 for Leiden');
    }
    const code = cbsCode?.trim() ?? null;
    if (code && listMunicipalities(db).some((m) => m.cbsCode === code)) {
      throw new LatoError(`CBS code ${code} belongs to another municipality`);
    }
    addMunicipality(db, name, code);
    return name;
  });
}

// ---------------------------------------------------------------------------------------------
// The project group

export function addProjectGroupMember(
  db: Db,
  input: { name: string; role?: string | undefined; partner?: string | undefined },
): ProjectGroupMember {
  return writeTransaction(db, () => {
    const name = optionText(input.name, 'name', 'the name') ?? '';
    if (!name) throw new UsageError('the member has no name');
    const role = optionText(input.role, 'line', '--role');
    const existing = findMember(db, name);
    if (existing?.active) throw new LatoError(`${existing.name} is already a member of the project group`);
    let partnerId: number | null = null;
    if (input.partner) {
      partnerId = findPartnerByRef(db, input.partner)?.id ?? null;
      if (partnerId === null) {
        throw new LatoError(`no partner "${input.partner}"`, {
          hint: 'give a partner code, KvK number or name',
        });
      }
    }
    const size = setting<number>(db, 'projectgroup.size');
    const active = listMembers(db).length;
    if (active >= size) {
      throw new LatoError(`the project group already has ${active} members; its size is ${size}`, {
        hint: 'remove a member first (lato projectgroup remove NAME), or change the size (lato eligibility settings --project-group-size N)',
      });
    }
    return addMember(db, { name, role, partnerId });
  });
}

export function removeProjectGroupMember(db: Db, ref: string): ProjectGroupMember {
  return writeTransaction(db, () => {
    const m = findMember(db, ref);
    if (!m || !m.active) {
      throw new LatoError(`${ref.trim()} is not a member of the project group`, {
        hint: 'lato projectgroup list shows the members',
      });
    }
    deactivateMember(db, m);
    return m;
  });
}

// ---------------------------------------------------------------------------------------------
// Settings

export interface EligibilitySettings {
  covenant_period: { from: number; to: number };
  majority: MajorityRule;
  min_references: number;
  project_group_size: number;
  project_leader: string | null;
  extended_requires_basis_area: boolean;
  city: string;
  basis_area: string;
  school_areas: Record<string, string>;
  preschool_areas: string[];
}

export function eligibilitySettings(db: Db): EligibilitySettings {
  return {
    covenant_period: setting(db, 'eligibility.covenant_period'),
    majority: setting(db, 'applications.majority'),
    min_references: setting(db, 'applications.min_references'),
    project_group_size: setting(db, 'projectgroup.size'),
    project_leader: optionalSetting<string>(db, 'applications.project_leader') ?? null,
    extended_requires_basis_area: setting(db, 'eligibility.extended_requires_basis_area'),
    city: setting(db, 'eligibility.city'),
    basis_area: setting(db, 'eligibility.basis_area'),
    school_areas: setting(db, 'eligibility.school_areas'),
    preschool_areas: setting(db, 'eligibility.preschool_areas'),
  };
}

export interface SettingsChange {
  covenantPeriod?: string | undefined;
  majority?: string | undefined;
  minReferences?: string | undefined;
  projectGroupSize?: string | undefined;
  projectLeader?: string | undefined;
  extendedRequiresBasisArea?: string | undefined;
}

function positiveInt(raw: string, flag: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1)
    throw new UsageError(`${flag}: "${raw}" is not a positive whole number`);
  return n;
}

/** Validates every given setting, then writes them all (audited); returns the keys changed. */
export function changeEligibilitySettings(db: Db, c: SettingsChange): string[] {
  return writeTransaction(db, () => {
    const writes: [string, unknown][] = [];
    if (c.covenantPeriod !== undefined) {
      const m = /^\s*(\d{4})\s*-\s*(\d{4})\s*$/.exec(c.covenantPeriod);
      if (!m || Number(m[2]) < Number(m[1])) {
        throw new UsageError(
          `--covenant-period: "${c.covenantPeriod}" is not a period of calendar years`,
          'like 2019-2022',
        );
      }
      writes.push(['eligibility.covenant_period', { from: Number(m[1]), to: Number(m[2]) }]);
    }
    if (c.majority !== undefined) {
      const v = c.majority.trim().toLowerCase().replace(/-/g, '_');
      if (!(MAJORITY_RULES as readonly string[]).includes(v)) {
        throw new UsageError(
          `--majority: "${c.majority}" is not a majority rule`,
          'use seats, members or votes-cast',
        );
      }
      writes.push(['applications.majority', v]);
    }
    if (c.minReferences !== undefined) {
      writes.push(['applications.min_references', positiveInt(c.minReferences, '--min-references')]);
    }
    if (c.projectGroupSize !== undefined) {
      const size = positiveInt(c.projectGroupSize, '--project-group-size');
      const active = listMembers(db).length;
      if (size < active) {
        throw new LatoError(`the project group has ${active} members, more than ${size}`, {
          hint: 'remove members first (lato projectgroup remove NAME)',
        });
      }
      writes.push(['projectgroup.size', size]);
    }
    if (c.projectLeader !== undefined) {
      const name = c.projectLeader.trim();
      if (!name) throw new UsageError('--project-leader: the name is empty');
      writes.push(['applications.project_leader', name]);
    }
    if (c.extendedRequiresBasisArea !== undefined) {
      const v = c.extendedRequiresBasisArea.trim().toLowerCase();
      if (!['yes', 'no', 'true', 'false'].includes(v)) {
        throw new UsageError(
          `--extended-requires-basis-area: "${c.extendedRequiresBasisArea}" is not yes or no`,
        );
      }
      writes.push(['eligibility.extended_requires_basis_area', v === 'yes' || v === 'true']);
    }
    if (writes.length === 0) return [];
    const changed: string[] = [];
    for (const [key, value] of writes) {
      if (JSON.stringify(optionalSetting(db, key)) === JSON.stringify(value)) continue;
      setSetting(db, key, value);
      changed.push(key);
    }
    return changed;
  });
}
