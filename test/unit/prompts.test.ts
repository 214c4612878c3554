// Interactive completion (src/cli/prompts.ts) with a scripted prompter: it asks only for what is
// missing, and nothing at all when the flags were complete.

import { describe, expect, it } from 'vitest';
import { completeNewApplication, completeVote, type Choice, type Prompter } from '../../src/cli/prompts.js';

function scripted(answers: string[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    const a = answers.shift();
    if (a === undefined) throw new Error(`unexpected question: ${message}`);
    return a;
  };
  return {
    asked,
    input: async (message, opts) => {
      const a = next(message);
      const ok = opts?.validate?.(a) ?? true;
      if (ok !== true) throw new Error(`rejected answer to ${message} ${ok}`);
      return a;
    },
    select: async <T>(message: string, choices: readonly Choice<T>[]) => {
      const a = next(message);
      const c = choices.find((x) => x.name === a);
      if (!c) throw new Error(`"${a}" is not a choice of ${message}`);
      return c.value;
    },
  };
}

const known = {
  checkMunicipality: (raw: string) =>
    ['Leiden', 'Katwijk'].includes(raw) ? (true as const) : `unknown "${raw}"`,
  kinds: ['company', 'museum'],
  projectLeader: 'PL',
};

describe('applications new, interactively', () => {
  it('asks nothing when the flags are complete', async () => {
    const ask = scripted([]);
    const given = { organisation: 'X', municipality: 'Leiden', references: [] };
    expect(await completeNewApplication(given, ask, known)).toEqual(given);
    expect(ask.asked).toEqual([]);
  });

  it('asks for the missing organisation, then the kind, profile and references', async () => {
    const ask = scripted([
      'Technolab',
      'museum',
      'Techniek voor kinderen',
      'Jan; Naturalis',
      'Piet; Boerhaave',
      '',
    ]);
    const a = await completeNewApplication({ municipality: 'Leiden', references: [] }, ask, known);
    expect(a).toEqual({
      organisation: 'Technolab',
      municipality: 'Leiden',
      kind: 'museum',
      profile: 'Techniek voor kinderen',
      references: ['Jan; Naturalis', 'Piet; Boerhaave'],
    });
    expect(ask.asked[0]).toBe('Organisation (name of the applicant):');
  });

  it('asks who nominates only when no project leader is recorded', async () => {
    const ask = scripted(['Katwijk', 'company', 'P. Leider', '', '']);
    const a = await completeNewApplication({ organisation: 'X', references: [] }, ask, {
      ...known,
      projectLeader: undefined,
    });
    expect(a.nominatedBy).toBe('P. Leider');
    expect(a.profile).toBeUndefined();
    expect(ask.asked).toContain('Nominated by (the project leader):');
  });

  it('checks the municipality as it is typed', async () => {
    await expect(
      completeNewApplication({ organisation: 'X', references: [] }, scripted(['Atlantis']), known),
    ).rejects.toThrow('rejected answer to Municipality (gemeente): unknown "Atlantis"');
  });
});

describe('applications vote, interactively', () => {
  it('offers the members who have not voted, then the vote', async () => {
    const ask = scripted(['Lid 2', 'no']);
    expect(await completeVote({}, ask, ['Lid 2', 'Lid 3'])).toEqual({ member: 'Lid 2', vote: 'no' });
  });

  it('asks only for what is missing', async () => {
    const ask = scripted(['abstain']);
    expect(await completeVote({ member: 'Lid 1' }, ask, ['Lid 2'])).toEqual({
      member: 'Lid 1',
      vote: 'abstain',
    });
    expect(ask.asked).toEqual(['Vote:']);
  });
});
