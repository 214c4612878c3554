// `lato completion bash|zsh|fish`: a shell completion script, made from the program itself (every
// command, subcommand and option), so it never lags behind. Install with, for example,
// `lato completion bash > ~/.local/share/bash-completion/completions/lato`.

import type { Command } from 'commander';
import { act } from '../run.js';

interface Node {
  path: string[];
  subcommands: string[];
  options: string[];
}

function nodes(program: Command): Node[] {
  const out: Node[] = [];
  const walk = (c: Command, path: string[]) => {
    out.push({
      path,
      subcommands: c.commands.map((s) => s.name()),
      options: [...c.options.map((o) => o.long ?? o.short ?? ''), '--help'].filter(Boolean),
    });
    for (const s of c.commands) walk(s, [...path, s.name()]);
  };
  walk(program, []);
  return out;
}

export function bashScript(program: Command): string {
  const cases = nodes(program)
    .map((n) => `    "${n.path.join(' ')}") words="${[...n.subcommands, ...n.options].join(' ')}" ;;`)
    .join('\n');
  return `# bash completion for lato (lato completion bash)
_lato() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path="" w words i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    [[ $w == -* ]] && continue
    case "\${path:+$path }$w" in
${nodes(program)
  .filter((n) => n.path.length > 0)
  .map((n) => `      "${n.path.join(' ')}") path="${n.path.join(' ')}" ;;`)
  .join('\n')}
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words --db" -- "$cur"))
}
complete -o default -F _lato lato
`;
}

export function zshScript(program: Command): string {
  return `#compdef lato
# zsh completion for lato (lato completion zsh): the bash completion, through bashcompinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(program)}`;
}

export function fishScript(program: Command): string {
  const all = nodes(program);
  const lines = [
    '# fish completion for lato (lato completion fish)',
    'complete -c lato -f',
    'complete -c lato -l db -r',
  ];
  for (const n of all) {
    const cond =
      n.path.length === 0
        ? `not __fish_seen_subcommand_from ${all[0]!.subcommands.join(' ')}`
        : [
            ...n.path.map((p) => `__fish_seen_subcommand_from ${p}`),
            ...(n.subcommands.length ? [`not __fish_seen_subcommand_from ${n.subcommands.join(' ')}`] : []),
          ].join('; and ');
    if (n.subcommands.length) lines.push(`complete -c lato -n '${cond}' -a '${n.subcommands.join(' ')}'`);
    for (const o of n.options)
      if (o.startsWith('--')) lines.push(`complete -c lato -n '${cond}' -l ${o.slice(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function registerCompletion(program: Command, full: () => Promise<Command>): void {
  program
    .command('completion <shell>')
    .description(
      'a shell completion script for bash, zsh or fish (e.g. lato completion bash > /etc/bash_completion.d/lato)',
    )
    .action(
      act(async (ctx, _opts, [shell]) => {
        const { UsageError } = await import('../../domain/errors.js');
        const make = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell as 'bash'];
        if (!make) throw new UsageError(`no completion for "${shell}"`, 'valid: bash, zsh or fish');
        process.stdout.write(make(await full()));
        void ctx;
      }),
    );
}
