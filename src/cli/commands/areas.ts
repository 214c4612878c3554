// `lato areas list|add|remove|add-municipality`: the municipalities of LATO's area (rule 1) and of
// the samenwerkingsverbanden's areas (rules 4 and 5).

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerAreas(program: Command): void {
  const cmd = program
    .command('areas')
    .description(
      'the areas of the admission rules: LATO (rule 1), PPO_LEIDEN and SWV_VO_2801 (rules 4 and 5)',
    );

  cmd
    .command('list')
    .description('each area with its municipalities; --municipalities lists the registered municipalities')
    .option('--municipalities', 'list the registered municipalities instead')
    .option('--json', 'print as JSON')
    .action(
      act<{ municipalities?: boolean }>(async (ctx, opts) => {
        const { listAreas, listMunicipalities } = await import('../../app/eligibility-admin.js');
        const render = await import('../../render/eligibility.js');
        const db = await ctx.db();
        if (opts.municipalities) {
          const list = listMunicipalities(db);
          if (ctx.json) ctx.out.json(list.map((m) => ({ name: m.name, cbs_code: m.cbsCode })));
          else for (const m of list) ctx.out.line(`${m.cbsCode ?? '    '}  ${m.name}`);
          return;
        }
        const areas = listAreas(db);
        if (ctx.json) ctx.out.json(render.areasJson(areas));
        else ctx.out.line(render.areasTable(areas));
      }),
    );

  cmd
    .command('add <area> <municipalities...>')
    .description('add municipalities to an area (a new area code creates the area)')
    .option(
      '--except-postcodes <list>',
      'four-digit postcodes of the municipality outside the area, like 2355,2451',
    )
    .action(
      act<{ exceptPostcodes?: string }>(async (ctx, opts, [area, ...municipalities]) => {
        const admin = await import('../../app/eligibility-admin.js');
        const except = opts.exceptPostcodes === undefined ? null : admin.parsePostcodes(opts.exceptPostcodes);
        const db = await ctx.db();
        for (const r of admin.addToArea(db, area!, municipalities, except)) {
          ctx.out.info(
            `${r.municipality}: ${r.result === 'unchanged' ? 'already in' : `${r.result} in`} ${admin.areaCode(area!)}`,
          );
        }
      }),
    );

  cmd
    .command('remove <area> <municipalities...>')
    .description('remove municipalities from an area')
    .action(
      act(async (ctx, _opts, [area, ...municipalities]) => {
        const admin = await import('../../app/eligibility-admin.js');
        const db = await ctx.db();
        for (const m of admin.removeFromArea(db, area!, municipalities)) {
          ctx.out.info(`${m}: removed from ${admin.areaCode(area!)}`);
        }
      }),
    );

  cmd
    .command('add-municipality <name>')
    .description('register a municipality, so that partners, candidates and areas can name it')
    .option('--cbs-code <code>', 'its four-digit CBS code (gemeentecode), like 0546')
    .action(
      act<{ cbsCode?: string }>(async (ctx, opts, [name]) => {
        const admin = await import('../../app/eligibility-admin.js');
        const db = await ctx.db();
        ctx.out.info(`Registered ${admin.registerMunicipality(db, name!, opts.cbsCode)}.`);
      }),
    );
}
