// `lato applications new|edit|list|show|vote|decide`: the extended-membership procedure of rule 2,
// from the project leader's nomination to the project group's (or the regiegroep's) decision.

import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { act, type Ctx } from '../run.js';
import type { NewApplicationAnswers, VoteAnswers } from '../prompts.js';

const collect = (v: string, all: string[]) => [...all, v];

interface NewOptions {
  partner?: string;
  membership?: string;
  organisation?: string;
  municipality?: string;
  kind?: string;
  sector?: string;
  kvk?: string;
  pupils?: string;
  profile?: string;
  profileFile?: string;
  reference: string[];
  nominatedBy?: string;
  date?: string;
  doubt?: string;
}

interface VoteOptions {
  member?: string;
  vote?: string;
  date?: string;
  doubt?: string;
}

interface DecideOptions {
  date?: string;
  effective?: string;
  code?: string;
  closeVote?: boolean;
  doubt?: string;
  regiegroep?: string;
  note?: string;
}

async function profileText(opts: { profile?: string; profileFile?: string }): Promise<string | undefined> {
  if (opts.profile !== undefined && opts.profileFile !== undefined) {
    throw new UsageError('give --profile or --profile-file, not both');
  }
  if (opts.profileFile === undefined) return opts.profile;
  const { readFile } = await import('node:fs/promises');
  const { LatoError } = await import('../../domain/errors.js');
  return readFile(opts.profileFile, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new LatoError(
      `cannot read ${opts.profileFile}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`,
    );
  });
}

/** Prints an application as JSON or as text. */
async function printApplication(ctx: Ctx, id: number): Promise<void> {
  const apps = await import('../../app/applications.js');
  const { applicationState } = await import('../../app/eligibility.js');
  const render = await import('../../render/eligibility.js');
  const db = await ctx.db();
  const a = apps.requireApplication(db, id);
  const s = applicationState(db, a);
  const f = apps.applicationFinding(db, a);
  if (ctx.json) ctx.out.json(render.applicationJson(a, s, f));
  else for (const l of render.applicationDetail(a, s, f)) ctx.out.line(l);
}

export function registerApplications(program: Command): void {
  const cmd = program
    .command('applications')
    .description(
      'extended-membership applications (rule 2): nomination, profile, references, votes, decision',
    );

  cmd
    .command('new')
    .description('record the project leader’s nomination of an organisation for the extended membership')
    .option('--organisation <name>', 'the applicant')
    .option(
      '--partner <ref>',
      'an existing partner (code, KvK or name) applying to change its membership (with --membership uitgebreid)',
    )
    .option('--membership <membership>', 'the membership applied for: uitgebreid (extended)')
    .option('--municipality <name>', 'where it is established')
    .option('--kind <kind>', 'company, museum, foundation or other (default other)')
    .option('--sector <code>', 'its sector (default OVERIG: without participants or pupils)')
    .option('--kvk <number>', 'its KvK number')
    .option(
      '--pupils <yes|no>',
      'whether it has participants or pupils (rule 2 is for organisations without)',
    )
    .option('--profile <text>', 'the profile description (profielbeschrijving)')
    .option('--profile-file <file>', 'read the profile description from a text file')
    .option(
      '--reference <text>',
      'a reference as "NAME; ORGANISATION; CONTACT" (repeat for more)',
      collect,
      [],
    )
    .option('--nominated-by <name>', 'the project leader (default: the one in lato eligibility settings)')
    .option('--date <date>', 'the date of the nomination (default today)')
    .option('--doubt <text>', 'record a doubt at once (sends the outcome to the regiegroep)')
    .option('--json', 'print the application as JSON')
    .action(
      act<NewOptions>(async (ctx, opts) => {
        const apps = await import('../../app/applications.js');
        const db = await ctx.db();
        let answers: NewApplicationAnswers = {
          organisation: opts.organisation,
          municipality: opts.municipality,
          kind: opts.kind,
          nominatedBy: opts.nominatedBy,
          profile: await profileText(opts),
          references: opts.reference,
        };
        const leader = apps.projectLeader(db);
        if (opts.partner !== undefined) {
          if (opts.organisation !== undefined || opts.municipality !== undefined) {
            throw new UsageError(
              '--partner takes the organisation and municipality from the registry: leave out --organisation and --municipality',
            );
          }
          const a = apps.createApplication(db, {
            partner: opts.partner,
            membership: opts.membership ?? 'uitgebreid',
            organisation: '',
            municipality: '',
            profile: answers.profile,
            references: answers.references,
            nominatedBy: answers.nominatedBy,
            date: opts.date,
            doubt: opts.doubt,
          });
          ctx.out.info(
            `Application ${a.id}: ${a.partner} ${a.organisation} for the extended membership, nominated by ${a.nominatedBy} on ${a.nominatedOn}.`,
          );
          return printApplication(ctx, a.id);
        }
        if (
          ctx.interactive &&
          (!answers.organisation || !answers.municipality || (!answers.nominatedBy && !leader))
        ) {
          const { completeNewApplication, inquirerPrompter } = await import('../prompts.js');
          const { resolveMunicipality } = await import('../../app/eligibility-admin.js');
          const { municipalityHint } = await import('../../app/eligibility.js');
          answers = await completeNewApplication(answers, await inquirerPrompter(), {
            checkMunicipality: (raw) =>
              resolveMunicipality(db, raw) ? true : `unknown municipality; ${municipalityHint(db, raw)}`,
            kinds: ['company', 'museum', 'foundation', 'institute', 'other'],
            projectLeader: leader,
          });
        }
        if (!answers.organisation) throw new UsageError('missing --organisation <name>');
        if (!answers.municipality) throw new UsageError('missing --municipality <name>');
        let pupils: boolean | undefined;
        if (opts.pupils !== undefined) {
          const { parseYesNo } = await import('../../app/eligibility.js');
          pupils = parseYesNo(opts.pupils);
          if (pupils === undefined) throw new UsageError(`--pupils: "${opts.pupils}" is not yes or no`);
        }
        const a = apps.createApplication(db, {
          organisation: answers.organisation,
          municipality: answers.municipality,
          membership: opts.membership,
          kind: answers.kind,
          sector: opts.sector,
          kvk: opts.kvk,
          pupils,
          profile: answers.profile,
          references: answers.references,
          nominatedBy: answers.nominatedBy,
          date: opts.date,
          doubt: opts.doubt,
        });
        ctx.out.info(
          `Application ${a.id}: ${a.organisation}, nominated by ${a.nominatedBy} on ${a.nominatedOn}.`,
        );
        await printApplication(ctx, a.id);
      }),
    );

  cmd
    .command('edit <id>')
    .description('complete an open application: the profile, more references, or a doubt')
    .option('--profile <text>', 'the profile description (replaces an earlier one)')
    .option('--profile-file <file>', 'read the profile description from a text file')
    .option(
      '--reference <text>',
      'add a reference "NAME; ORGANISATION; CONTACT" (repeat for more)',
      collect,
      [],
    )
    .option('--doubt <text>', 'record a doubt (sends the outcome to the regiegroep)')
    .option('--json', 'print the application as JSON')
    .action(
      act<{ profile?: string; profileFile?: string; reference: string[]; doubt?: string }>(
        async (ctx, opts, [id]) => {
          const apps = await import('../../app/applications.js');
          const n = apps.parseApplicationId(id!);
          const db = await ctx.db();
          apps.editApplication(db, n, {
            profile: await profileText(opts),
            references: opts.reference,
            doubt: opts.doubt,
          });
          ctx.out.info(`Application ${n} changed.`);
          await printApplication(ctx, n);
        },
      ),
    );

  cmd
    .command('list')
    .description('the applications with their votes, status and what they still miss')
    .option('--status <status>', 'only open, regiegroep, granted or refused')
    .option('--json', 'print as JSON')
    .action(
      act<{ status?: string }>(async (ctx, opts) => {
        const { APPLICATION_STATUSES } = await import('../../domain/applications.js');
        const status = opts.status?.trim().toLowerCase();
        if (status !== undefined && !(APPLICATION_STATUSES as readonly string[]).includes(status)) {
          throw new UsageError(
            `--status: "${opts.status}" is not a status`,
            `use ${APPLICATION_STATUSES.join(', ')}`,
          );
        }
        const apps = await import('../../app/applications.js');
        const { applicationState } = await import('../../app/eligibility.js');
        const { listApplications } = await import('../../app/applications.js');
        const render = await import('../../render/eligibility.js');
        const db = await ctx.db();
        const rows = listApplications(db, status as Parameters<typeof listApplications>[1]).map((a) => ({
          a,
          s: applicationState(db, a),
          f: apps.applicationFinding(db, a),
        }));
        if (ctx.json) ctx.out.json(rows.map(({ a, s, f }) => render.applicationJson(a, s, f)));
        else if (rows.length === 0) ctx.out.info('No applications.');
        else ctx.out.line(render.applicationsTable(rows));
      }),
    );

  cmd
    .command('show <id>')
    .description('one application: nomination, profile, references, every vote, the outcome')
    .option('--json', 'print as JSON')
    .action(
      act(async (ctx, _opts, [id]) => {
        const apps = await import('../../app/applications.js');
        await printApplication(ctx, apps.parseApplicationId(id!));
      }),
    );

  cmd
    .command('vote <id>')
    .description('record the vote of a project-group member: yes, no or abstain (one vote per member)')
    .option('--member <name>', 'the project-group member (name or #number)')
    .option('--vote <vote>', 'yes, no or abstain')
    .option('--date <date>', 'when the vote was cast (default today)')
    .option('--doubt <text>', 'the member’s doubt, which sends the outcome to the regiegroep')
    .option('--json', 'print the application as JSON')
    .action(
      act<VoteOptions>(async (ctx, opts, [id]) => {
        const apps = await import('../../app/applications.js');
        const n = apps.parseApplicationId(id!);
        const db = await ctx.db();
        let answers: VoteAnswers = { member: opts.member, vote: opts.vote };
        if (ctx.interactive && (!answers.member || !answers.vote)) {
          const { completeVote, inquirerPrompter } = await import('../prompts.js');
          const { listMembers } = await import('../../app/eligibility-admin.js');
          const a = apps.requireApplication(db, n);
          const voted = new Set(a.votes.map((v) => v.memberId));
          const notVoted = listMembers(db)
            .filter((m) => !voted.has(m.id))
            .map((m) => m.name);
          answers = await completeVote(answers, await inquirerPrompter(), notVoted);
        }
        if (!answers.member) throw new UsageError('missing --member <name>');
        if (!answers.vote) throw new UsageError('missing --vote <yes|no|abstain>');
        const r = apps.castVote(db, n, {
          member: answers.member,
          vote: apps.parseVote(answers.vote),
          date: opts.date,
          doubt: opts.doubt,
        });
        const t = r.state.tally;
        const waiting = r.state.electorate - t.yes - t.no - t.abstain;
        ctx.out.info(
          `${r.member} voted ${apps.parseVote(answers.vote)} on application ${n}: ${t.yes} yes, ${t.no} no, ${t.abstain} abstain of ${r.state.electorate}${waiting > 0 ? `; ${waiting} to vote` : `; everyone voted: decide with lato applications decide ${n}`}.`,
        );
        if (ctx.json) await printApplication(ctx, n);
      }),
    );

  cmd
    .command('decide <id>')
    .description(
      'the project group’s decision from the votes (granted, refused, or referred to the regiegroep on a tie or doubt); with --regiegroep, the regiegroep’s decision',
    )
    .option('--date <date>', 'the date of the decision (default today)')
    .option(
      '--effective <date>',
      'when a granted membership starts (default: the next school year, 1 August)',
    )
    .option('--code <code>', 'the partner code of a granted applicant (default: made from its name)')
    .option('--close-vote', 'decide although not every member has voted')
    .option('--doubt <text>', 'record a doubt now (sends the outcome to the regiegroep)')
    .option('--regiegroep <decision>', 'grant or refuse: the regiegroep’s decision on a referred application')
    .option('--note <text>', 'with --regiegroep: the decision’s grounds')
    .option('--json', 'print the application as JSON')
    .action(
      act<DecideOptions>(async (ctx, opts, [id]) => {
        const apps = await import('../../app/applications.js');
        const n = apps.parseApplicationId(id!);
        if (opts.note !== undefined && opts.regiegroep === undefined) {
          throw new UsageError('--note goes with --regiegroep');
        }
        const db = await ctx.db();
        let d;
        if (opts.regiegroep !== undefined) {
          const decision = opts.regiegroep.trim().toLowerCase();
          if (decision !== 'grant' && decision !== 'refuse') {
            throw new UsageError(`--regiegroep: "${opts.regiegroep}" is not grant or refuse`);
          }
          if (opts.closeVote || opts.doubt !== undefined) {
            throw new UsageError(
              '--close-vote and --doubt belong to the project group’s decision, not to --regiegroep',
            );
          }
          d = apps.decideByRegiegroep(db, n, { ...opts, decision });
        } else {
          d = apps.decideApplication(db, n, opts);
        }
        const a = d.application;
        const by = a.decidedBy === 'regiegroep' ? 'the regiegroep' : 'the project group';
        if (a.status === 'granted') {
          ctx.out.info(
            `Application ${n} granted by ${by}: ${d.result.reason}. ${a.organisation} is partner ${d.partner}, extended member from ${a.effectiveFrom}.`,
          );
        } else if (a.status === 'refused') {
          ctx.out.info(`Application ${n} refused by ${by}: ${d.result.reason}.`);
        } else {
          ctx.out.info(`Application ${n} referred to the regiegroep: ${d.result.reason}.`);
        }
        for (const w of d.warnings) ctx.out.warn(w);
        if (ctx.json) await printApplication(ctx, n);
      }),
    );
}
