// The README's walkthrough ("One school year with lato") runs exactly as written: every command
// line of its sh blocks, in order, through a shell, in a folder laid out as the lato folder is for
// a user (the shipped data/ and `npx lato` resolving to this build). A line may say
// `# exits N`; every other line must exit 0. Files a command writes with --out must exist.

import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers.js';

interface Step {
  line: string;
  exit: number;
}

function walkthrough(): Step[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## One school year with lato');
  const end = readme.indexOf('\n## ', start + 5);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const steps: Step[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const m = /#\s*exits (\d)/.exec(line);
      steps.push({ line, exit: m ? Number(m[1]) : 0 });
    }
  }
  return steps;
}

function sh(line: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.LATO_DB;
    delete env.LATO_DEBUG;
    execFile('bash', ['-c', line], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('README: One school year with lato', () => {
  const steps = walkthrough();

  it('has the walkthrough, from init to the yearly report, every line a lato command', () => {
    expect(steps.length).toBeGreaterThan(15);
    expect(steps[0]!.line).toBe('npx lato init');
    expect(steps.some((s) => s.line.startsWith('npx lato report yearly'))).toBe(true);
    for (const s of steps) expect(s.line).toMatch(/^npx lato /);
  });

  it('runs every command exactly as written', async () => {
    const dir = tempDir('lato-readme-');
    symlinkSync(join(ROOT, 'data'), join(dir, 'data'));
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(BIN, join(dir, 'node_modules', '.bin', 'lato'));
    for (const step of steps) {
      const r = await sh(step.line, dir);
      expect(r.code, `${step.line}\n${r.stderr}\n${r.stdout.slice(0, 2000)}`).toBe(step.exit);
      const out = /--out (\S+)/.exec(step.line)?.[1];
      if (out) expect(existsSync(join(dir, out)), `${step.line} wrote ${out}`).toBe(true);
    }
    expect(statSync(join(dir, 'jaarverslag-2018-2019.pdf')).size).toBeGreaterThan(10_000);
    // the statement paid what the walkthrough issued: five invoices stay open in November
    const open = await sh('npx lato invoices outstanding --as-of 2018-11-15 --json', dir);
    expect(JSON.parse(open.stdout).invoices).toHaveLength(5);
  }, 600_000);
});
