// Interactive completion of `applications new` and `applications vote`: asks only for what a
// required flag left out, and only in a terminal. The questions go through a Prompter so that the
// logic is tested without a terminal; inquirer is loaded only when a question is really asked.

export interface Choice<T> {
  name: string;
  value: T;
}

export interface Prompter {
  input(
    message: string,
    opts?: { required?: boolean; default?: string; validate?: (value: string) => true | string },
  ): Promise<string>;
  select<T>(message: string, choices: readonly Choice<T>[]): Promise<T>;
}

export async function inquirerPrompter(): Promise<Prompter> {
  const { input, select } = await import('@inquirer/prompts');
  return {
    input: (message, opts = {}) =>
      input({
        message,
        required: !!opts.required,
        ...(opts.default ? { default: opts.default } : {}),
        ...(opts.validate ? { validate: opts.validate } : {}),
      }),
    select: <T>(message: string, choices: readonly Choice<T>[]) =>
      select<T>({ message, choices: [...choices] }),
  };
}

export interface NewApplicationAnswers {
  organisation?: string | undefined;
  municipality?: string | undefined;
  kind?: string | undefined;
  nominatedBy?: string | undefined;
  profile?: string | undefined;
  references: string[];
}

/**
 * Asks for the organisation, municipality and nominator when missing; once it asks anything,
 * it also offers the kind, the profile and references (empty answers skip them).
 */
export async function completeNewApplication(
  given: NewApplicationAnswers,
  ask: Prompter,
  known: {
    /** true for a registered municipality, else the message to show (with a suggestion) */
    checkMunicipality: (raw: string) => true | string;
    kinds: readonly string[];
    projectLeader: string | undefined;
  },
): Promise<NewApplicationAnswers> {
  const a: NewApplicationAnswers = { ...given, references: [...given.references] };
  const missing = !a.organisation || !a.municipality || (!a.nominatedBy && !known.projectLeader);
  if (!missing) return a;
  a.organisation ||= await ask.input('Organisation (name of the applicant):', { required: true });
  a.municipality ||= await ask.input('Municipality (gemeente):', {
    required: true,
    validate: known.checkMunicipality,
  });
  a.kind ||= await ask.select(
    'Kind of organisation:',
    known.kinds.map((k) => ({ name: k, value: k })),
  );
  if (!a.nominatedBy && !known.projectLeader) {
    a.nominatedBy = await ask.input('Nominated by (the project leader):', { required: true });
  }
  if (!a.profile) a.profile = (await ask.input('Profile description (empty: later):')) || undefined;
  for (;;) {
    const r = await ask.input(
      `Reference ${a.references.length + 1} as "NAME; ORGANISATION; CONTACT" (empty: done):`,
    );
    if (!r.trim()) break;
    a.references.push(r);
  }
  return a;
}

export interface VoteAnswers {
  member?: string | undefined;
  vote?: string | undefined;
}

/** Asks who votes (among the members who have not voted yet) and how, when missing. */
export async function completeVote(
  given: VoteAnswers,
  ask: Prompter,
  notVoted: readonly string[],
): Promise<VoteAnswers> {
  const a = { ...given };
  if (!a.member && notVoted.length > 0) {
    a.member = await ask.select(
      'Who votes?',
      notVoted.map((m) => ({ name: m, value: m })),
    );
  }
  a.vote ||= await ask.select('Vote:', [
    { name: 'yes', value: 'yes' },
    { name: 'no', value: 'no' },
    { name: 'abstain', value: 'abstain' },
  ]);
  return a;
}
