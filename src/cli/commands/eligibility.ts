// `lato eligibility check REF|--all|--name …|--candidates FILE` and `lato eligibility settings`.

import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { act } from '../run.js';

interface CheckOptions {
  all?: boolean;
  name?: string;
  municipality?: string;
  sector?: string;
  kind?: string;
  pupils?: string;
  postalCode?: string;
  board?: string;
  candidates?: string;
  encoding?: string;
  delimiter?: string;
}

interface SettingsOptions {
  covenantPeriod?: string;
  majority?: string;
  minReferences?: string;
  projectGroupSize?: string;
  projectLeader?: string;
  extendedRequiresBasisArea?: string;
}

export function registerEligibility(program: Command): void {
  const cmd = program
    .command('eligibility')
    .description('which membership an organisation qualifies for under the admission rules (Lid worden)');

  cmd
    .command('check [ref]')
    .description(
      'check a partner (code, KvK or name), --all partners, a candidate given by flags, or a CSV of --candidates; exit 1 when any is not (yet) eligible',
    )
    .option('--all', 'every partner in the registry')
    .option('--name <name>', 'a candidate that is not a partner yet: its name')
    .option('--municipality <name>', 'the candidate’s municipality (gemeente)')
    .option('--sector <code>', 'the candidate’s sector: VSE, PO, VO, MBO, HO, WO or OVERIG')
    .option(
      '--kind <kind>',
      'school_board, school, childcare, college, university, museum, company, foundation, …',
    )
    .option('--pupils <yes|no>', 'whether the candidate has participants or pupils')
    .option(
      '--postal-code <code>',
      'the candidate’s postal code (decides where an area covers part of a municipality)',
    )
    .option('--board <ref>', 'the partner that is the candidate school’s board')
    .option(
      '--candidates <file>',
      'a CSV of candidates: name, municipality, sector, kind, pupils, postal code, board',
    )
    .option('--encoding <encoding>', 'of --candidates: utf-8 or windows-1252 (default: detected)')
    .option('--delimiter <char>', 'of --candidates: ; , tab or | (default: detected)')
    .option('--json', 'print the verdicts as JSON')
    .action(
      act<CheckOptions>(async (ctx, opts, [ref]) => {
        const modes = [ref !== undefined, !!opts.all, opts.name !== undefined, opts.candidates !== undefined];
        if (modes.filter(Boolean).length !== 1) {
          throw new UsageError(
            'give one of: a partner REF, --all, --name (a candidate), or --candidates FILE',
          );
        }
        const candidateFlags = (
          ['municipality', 'sector', 'kind', 'pupils', 'postalCode', 'board'] as const
        ).filter((k) => opts[k] !== undefined);
        if (opts.name === undefined && candidateFlags.length > 0) {
          throw new UsageError(
            `--${candidateFlags[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} describes a candidate: give its --name too`,
          );
        }
        if (opts.candidates === undefined && (opts.encoding !== undefined || opts.delimiter !== undefined)) {
          throw new UsageError('--encoding and --delimiter go with --candidates FILE');
        }
        const app = await import('../../app/eligibility.js');
        const render = await import('../../render/eligibility.js');
        const db = await ctx.db();
        const verdicts = opts.candidates
          ? await app.checkCandidatesFile(db, opts.candidates, opts)
          : opts.name !== undefined
            ? [
                app.checkCandidate(db, {
                  name: opts.name,
                  municipality: opts.municipality,
                  sector: opts.sector,
                  kind: opts.kind,
                  pupils: opts.pupils,
                  postalCode: opts.postalCode,
                  board: opts.board,
                }),
              ]
            : app.checkPartners(db, opts.all ? null : ref!);
        if (ctx.json) ctx.out.json(verdicts.map(render.verdictJson));
        else if (verdicts.length === 1) for (const l of render.verdictDetail(verdicts[0]!)) ctx.out.line(l);
        else if (verdicts.length > 0) ctx.out.line(render.verdictTable(verdicts));
        const notYet = verdicts.filter((v) => v.eligible !== true).length;
        if (verdicts.length !== 1 || notYet > 0) ctx.out.info(render.verdictSummary(verdicts));
        return notYet > 0 ? 1 : 0;
      }),
    );

  cmd
    .command('settings')
    .description(
      'show or change the parameters of the rules: covenant period, majority rule, references, project group',
    )
    .option('--covenant-period <years>', 'the covenant period in calendar years, like 2019-2022')
    .option(
      '--majority <rule>',
      'seats (default: more than half of the project group’s full size), members (more than half of the members in office) or votes-cast (more yes than no among the votes cast)',
    )
    .option('--min-references <n>', 'references an applicant for the extended membership supplies')
    .option('--project-group-size <n>', 'the number of seats in the project group')
    .option('--project-leader <name>', 'the project leader, who nominates applicants')
    .option(
      '--extended-requires-basis-area <yes|no>',
      'whether the extended membership needs rule 1’s municipalities',
    )
    .option('--json', 'print the settings as JSON')
    .action(
      act<SettingsOptions>(async (ctx, opts) => {
        const admin = await import('../../app/eligibility-admin.js');
        const db = await ctx.db();
        const changed = admin.changeEligibilitySettings(db, opts);
        for (const k of changed) ctx.out.info(`Changed ${k}.`);
        const s = admin.eligibilitySettings(db);
        const { majorityRuleText } = await import('../../domain/applications.js');
        if (ctx.json) {
          ctx.out.json(s);
          return;
        }
        ctx.out.line(`covenant period:        ${s.covenant_period.from}-${s.covenant_period.to}`);
        ctx.out.line(`majority:               ${majorityRuleText(s.majority, s.project_group_size)}`);
        ctx.out.line(`references required:    ${s.min_references}`);
        ctx.out.line(`project group size:     ${s.project_group_size}`);
        ctx.out.line(`project leader:         ${s.project_leader ?? '(not set)'}`);
        ctx.out.line(`extended needs area ${s.basis_area}: ${s.extended_requires_basis_area ? 'yes' : 'no'}`);
        ctx.out.line(`city of rule 3:         ${s.city}`);
        ctx.out.line(
          `areas of rule 4:        ${Object.entries(s.school_areas)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
        ctx.out.line(`areas of rule 5:        ${s.preschool_areas.join(', ')}`);
      }),
    );
}
