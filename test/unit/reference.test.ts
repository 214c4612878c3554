// The command reference (docs/commands.md) is generated from --help; this fails when it is out of date.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { commandReference, withReference } from '../../src/cli/reference.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { ROOT } from '../helpers.js';

function allCommands(cmd: Command, path: string[] = []): [string, Command][] {
  return cmd.commands.flatMap((c) => [
    [[...path, c.name()].join(' '), c] as [string, Command],
    ...allCommands(c, [...path, c.name()]),
  ]);
}

describe('command reference', () => {
  it('docs/commands.md holds the reference generated from --help (run `npm run docs` to update it)', async () => {
    const page = readFileSync(`${ROOT}/docs/commands.md`, 'utf8');
    expect(page).toContain('<!-- command reference');
    expect(page).toBe(withReference(page, commandReference(await buildProgram('all'))));
  });

  it('every command group is described as its entry says, and every command and option has help text', async () => {
    const program = await buildProgram('all');
    for (const entry of COMMANDS) {
      expect(program.commands.find((c) => c.name() === entry.name)?.description(), entry.name).toBe(
        entry.description,
      );
    }
    for (const [name, cmd] of allCommands(program)) {
      expect(cmd.description(), name).not.toBe('');
      for (const o of cmd.options) expect(o.description, `${name} ${o.flags}`).not.toBe('');
    }
  });
});
