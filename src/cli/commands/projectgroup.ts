// `lato projectgroup list|add|remove`: the project group, whose members vote on extended memberships.

import type { Command } from 'commander';
import { act } from '../run.js';

export function registerProjectGroup(program: Command): void {
  const cmd = program
    .command('projectgroup')
    .description('the project group (projectgroep): the members who vote on extended memberships');

  cmd
    .command('list')
    .description('the members, and how many of the seats are filled')
    .option('--all', 'include former members')
    .option('--json', 'print as JSON')
    .action(
      act<{ all?: boolean }>(async (ctx, opts) => {
        const { listMembers } = await import('../../app/eligibility-admin.js');
        const { setting } = await import('../../app/defaults.js');
        const render = await import('../../render/eligibility.js');
        const db = await ctx.db();
        const members = listMembers(db, { includeInactive: !!opts.all });
        if (ctx.json) {
          ctx.out.json(render.membersJson(members));
          return;
        }
        ctx.out.line(render.membersTable(members));
        const active = members.filter((m) => m.active).length;
        ctx.out.info(`${active} of ${setting<number>(db, 'projectgroup.size')} seats filled.`);
      }),
    );

  cmd
    .command('add <name>')
    .description('add a member')
    .option('--role <text>', 'what the member stands for, like "PO – Onderwijs op Maat"')
    .option('--partner <ref>', 'the partner (code, KvK or name) that delegates the member')
    .action(
      act<{ role?: string; partner?: string }>(async (ctx, opts, [name]) => {
        const admin = await import('../../app/eligibility-admin.js');
        const db = await ctx.db();
        const m = admin.addProjectGroupMember(db, { name: name!, role: opts.role, partner: opts.partner });
        ctx.out.info(`${m.name} is a member of the project group (#${m.id}).`);
      }),
    );

  cmd
    .command('remove <name>')
    .description('remove a member (kept as former member, so that the votes cast stay attributable)')
    .action(
      act(async (ctx, _opts, [name]) => {
        const admin = await import('../../app/eligibility-admin.js');
        const db = await ctx.db();
        const m = admin.removeProjectGroupMember(db, name!);
        ctx.out.info(`${m.name} is no longer a member of the project group.`);
      }),
    );
}
