// Safety (issue 12, items 1-4), through the built binary: output files are written only as new or
// regular files (never through a symbolic link, onto a device, a pipe or /proc/self/fd/1); a file
// that is not lato's own database is refused byte-for-byte unchanged; read-only databases can be
// read but not changed; environment problems (disk full, read-only, permission, not a database,
// an empty LATO_DB, settings nested too deep) get plain messages and exit 1; init --force and demo
// never replace a database without a backup; pruning removes only lato's own automatic backups.

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, latoAsync, runLato, tempDir } from '../helpers.js';

const Y = '2018-2019';
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const dir = tempDir('lato-safety-');
const exampleDb = join(dir, 'example.db');

/** A plain refusal: exit 1, the words given, never "unexpected … report it". */
function refused(r: { code: number; stderr: string }, ...words: (string | RegExp)[]): void {
  expect(r.stderr).not.toMatch(/unexpected|report it/i);
  for (const w of words) expect(r.stderr).toMatch(w);
  expect(r.code).toBe(1);
}

function works(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Read-only files and folders, as root (who may write anything), need chattr +i; read-only and
// full disks need a tmpfs mount. Both are probed here: tests that need them say why they skip.
const probe = join(dir, 'probe');
writeFileSync(probe, '');
const canChattr = works('chattr', ['+i', probe]) && works('chattr', ['-i', probe]);
const mountPoint = join(dir, 'mnt-probe');
mkdirSync(mountPoint);
const canMount =
  works('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]) && works('umount', [mountPoint]);
if (!canChattr) console.log('skipping the chattr tests: chattr +i does not work here (not root, or no ext4)');
if (!canMount) console.log('skipping the tmpfs tests: mounting a tmpfs is not allowed here');

const immutable: string[] = [];
const mounts: string[] = [];
function chattr(path: string): void {
  execFileSync('chattr', ['+i', path]);
  immutable.push(path);
}
function unchattr(path: string): void {
  execFileSync('chattr', ['-i', path]);
  immutable.splice(immutable.indexOf(path), 1);
}
function tmpfs(path: string, kb: number): string {
  mkdirSync(path, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k`, 'tmpfs', path]);
  mounts.push(path);
  return path;
}
afterAll(() => {
  for (const p of immutable) works('chattr', ['-i', p]);
  for (const m of mounts.reverse()) works('umount', ['-l', m]);
});

beforeAll(async () => {
  const r = await runLato(['init', '--example', '--db', exampleDb]);
  expect(r.code).toBe(0);
});

/** A fresh, empty lato database. */
async function freshDb(name: string, where = dir): Promise<string> {
  const file = join(where, name);
  const r = await runLato(['init', '--db', file]);
  expect(r.code).toBe(0);
  return file;
}

describe('output files are written only as new or regular files', () => {
  const fees = (out: string) => runLato(['fees', 'compute', '--year', Y, '--csv', out, '--db', exampleDb]);

  it('a CSV replaces a regular file, and leaves no temporary file', async () => {
    const out = join(dir, 'out', 'fees.csv');
    mkdirSync(join(dir, 'out'));
    writeFileSync(out, 'old');
    expect((await fees(out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Universiteit Leiden');
    expect(readdirSync(join(dir, 'out'))).toEqual(['fees.csv']);
  });

  it('a symbolic link as the target is refused; the file it points to is unchanged', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const link = join(dir, 'link.csv');
    symlinkSync(victim, link);
    refused(await fees(link), /link\.csv: it is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  /**
   * Symbolic links planted on the temporary names lato used to write through (`.<name>.<pid>.tmp`
   * for a CSV, `<file>.<pid>.tmp` for a backup), for the next few hundred process ids: the output
   * must still land in its own place, and the file the links point to must stay as it was.
   */
  function plantLinks(folder: string, names: (pid: number) => string[], victim: string): void {
    const last = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    for (let pid = last + 1; pid <= last + 400; pid++)
      for (const n of names(pid)) symlinkSync(victim, join(folder, n));
  }

  it('links planted on temporary names redirect nothing (the temporary file is new, with a random name)', async () => {
    const folder = join(dir, 'planted');
    mkdirSync(folder);
    const victim = join(dir, 'planted-victim.txt');
    writeFileSync(victim, 'precious');
    plantLinks(folder, (pid) => [`.fees.csv.${pid}.tmp`, `copy.db.${pid}.tmp`], victim);
    expect((await fees(join(folder, 'fees.csv'))).code).toBe(0);
    expect((await runLato(['backup', join(folder, 'copy.db'), '--db', exampleDb])).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(join(folder, 'fees.csv')).isFile()).toBe(true);
    expect(lstatSync(join(folder, 'copy.db')).isFile()).toBe(true);
    expect(readFileSync(join(folder, 'copy.db')).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('a device node, /proc/self/fd/1 and a named pipe are refused, and stay what they were', async () => {
    // a device node of its own (the null device, made with mknod), never /dev/null itself: run
    // against a lato without this check, as root, the test would replace the machine's /dev/null
    const device = join(dir, 'null.csv');
    if (works('mknod', ['-m', '666', device, 'c', '1', '3'])) {
      refused(await fees(device), /null\.csv: it is a device/);
      expect(statSync(device).isCharacterDevice()).toBe(true);
    } else console.log('no device node test: mknod is not allowed here');
    refused(await fees('/proc/self/fd/1'), /it is a symbolic link/);
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    refused(await fees(fifo), /pipe\.csv: it is a named pipe/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a backup never goes through a symbolic link, also a dangling one', async () => {
    const victim = join(dir, 'victim2.db');
    writeFileSync(victim, 'precious');
    const link = join(dir, 'backup-link.db');
    symlinkSync(victim, link);
    refused(await runLato(['backup', link, '--db', exampleDb]), /already exists/);
    const dangling = join(dir, 'dangling.db');
    symlinkSync(join(dir, 'nowhere.db'), dangling);
    refused(await runLato(['backup', dangling, '--db', exampleDb]));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(join(dir, 'nowhere.db'))).toBe(false);
  });

  it("what a killed backup left (lato's own temporary files) is removed at the next run; other files stay", async () => {
    const db = await freshDb('killed.db');
    const backups = `${db}.backups`;
    mkdirSync(backups);
    // a process that has ended: its pid names the leftovers
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.on('close', r));
    const left = `.killed-20260101T000000000Z.db.${gone.pid}-0123456789ab.lato.tmp`;
    writeFileSync(join(backups, left), 'half a copy');
    writeFileSync(join(backups, `${left}-journal`), 'journal');
    // and what a killed restore left next to the database
    const restoreLeft = join(dir, `.killed.db.${gone.pid}-ba9876543210.lato.tmp`);
    writeFileSync(restoreLeft, 'half a restore');
    writeFileSync(join(backups, 'notes.tmp'), 'mine');
    writeFileSync(join(backups, 'copy.db-journal'), 'mine');
    expect((await runLato(['backup', '--db', db])).code).toBe(0);
    expect(existsSync(restoreLeft)).toBe(false);
    const now = readdirSync(backups);
    expect(now).not.toContain(left);
    expect(now).not.toContain(`${left}-journal`);
    expect(now).toEqual(expect.arrayContaining(['notes.tmp', 'copy.db-journal']));
    expect(now.filter((f) => f.endsWith('.tmp') || f.endsWith('-journal'))).toHaveLength(2);
  });
});

describe('opening a database changes nothing until lato knows it is its own', () => {
  it("another application's SQLite file is refused byte-for-byte unchanged", async () => {
    const other = join(dir, 'other.db');
    const o = new Database(other);
    o.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (1)');
    o.close();
    const before = sha(other);
    for (const args of [['partners', 'list'], ['check'], ['backup']]) {
      refused(await runLato([...args, '--db', other]), /other\.db is not a lato database/);
      expect(sha(other)).toBe(before);
    }
    expect(existsSync(`${other}-wal`)).toBe(false);
    expect(existsSync(`${other}.backups`)).toBe(false);
  });

  it('a 0-byte file is refused unchanged (no tables added)', async () => {
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, '');
    refused(
      await runLato(['partners', 'list', '--db', empty]),
      /empty\.db is not a lato database \(the file is empty\)/,
    );
    expect(statSync(empty).size).toBe(0);
  });

  it('a text file is refused: not a database', async () => {
    const text = join(dir, 'text.db');
    writeFileSync(text, 'Dit is geen database.\n'.repeat(20));
    const before = sha(text);
    refused(
      await runLato(['partners', 'list', '--db', text]),
      /text\.db is not a lato database \(not an SQLite database file\)/,
    );
    expect(sha(text)).toBe(before);
  });

  it("a newer lato's database is refused before anything is switched (still not WAL)", async () => {
    const newer = await freshDb('newer.db');
    const n = new Database(newer);
    n.pragma('journal_mode = DELETE');
    n.pragma('user_version = 999');
    n.close();
    const before = sha(newer);
    refused(
      await runLato(['partners', 'list', '--db', newer]),
      /schema version 999, written by a newer lato/,
    );
    expect(sha(newer)).toBe(before);
    expect(readFileSync(newer)[18]).toBe(1); // the header's write version: 1 rollback, 2 WAL
  });

  it('LATO_DB= empty is a plain message, not a throw-away database', async () => {
    refused(
      await runLato(['partners', 'list'], { cwd: dir, env: { LATO_DB: '' } }),
      /LATO_DB is set but empty/,
    );
  });

  it.skipIf(!canChattr)(
    'a read-only (immutable) file: read commands work, changes are refused plainly',
    async () => {
      const db = await freshDb('ro-file.db');
      chattr(db);
      try {
        const list = await runLato(['partners', 'list', '--db', db]);
        expect(list.code).toBe(0);
        expect(list.stdout).toContain('Membership');
        refused(
          await runLato(['settings', 'set', 'backups.keep', '3', '--db', db]),
          /ro-file\.db is read-only \(the file is write-protected\)/,
        );
      } finally {
        unchattr(db);
      }
    },
  );

  it.skipIf(!canChattr)('a read-only folder: read commands work, changes are refused plainly', async () => {
    const folder = join(dir, 'ro-folder');
    mkdirSync(folder);
    const db = await freshDb('lato.db', folder);
    chattr(folder);
    try {
      expect((await runLato(['partners', 'list', '--db', db])).code).toBe(0);
      refused(
        await runLato(['import', 'partners', join(ROOT, 'data', 'example', 'partners.csv'), '--db', db]),
        /is read-only \(the folder .* is write-protected\)/,
      );
    } finally {
      unchattr(folder);
    }
  });

  it.skipIf(!canMount)('a read-only mount: read commands work, changes are refused plainly', async () => {
    const mnt = tmpfs(join(dir, 'ro-mount'), 2048);
    const db = await freshDb('lato.db', mnt);
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    expect((await runLato(['partners', 'list', '--db', db])).code).toBe(0);
    refused(
      await runLato(['settings', 'set', 'backups.keep', '3', '--db', db]),
      /is read-only \(it is on a read-only file system\)/,
    );
  });
});

describe('environment problems get plain messages', () => {
  it.skipIf(!canMount)('a full disk under the database', async () => {
    const mnt = tmpfs(join(dir, 'full'), 2048);
    const db = await freshDb('lato.db', mnt);
    expect((await runLato(['settings', 'set', 'backups.keep', '0', '--db', db])).code).toBe(0);
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      // dd stops when the disk is full: that is the point
    }
    refused(
      await runLato(['import', 'partners', join(ROOT, 'data', 'example', 'partners.csv'), '--db', db]),
      /disk .*is full/,
      /free some space/,
    );
  });

  it.skipIf(!canMount)('a full disk under a backup', async () => {
    const mnt = tmpfs(join(dir, 'full-backup'), 128);
    refused(
      await runLato(['backup', join(mnt, 'copy.db'), '--db', exampleDb]),
      /cannot write the backup .*copy\.db: the disk is full/,
    );
    expect(readdirSync(mnt)).toEqual([]);
  });

  it.skipIf(!canChattr)('permission denied: an output folder that may not be written', async () => {
    const folder = join(dir, 'locked-out');
    mkdirSync(folder);
    chattr(folder);
    try {
      refused(
        await runLato(['fees', 'compute', '--year', Y, '--csv', join(folder, 'f.csv'), '--db', exampleDb]),
        /not writable/,
      );
      refused(await runLato(['backup', join(folder, 'b.db'), '--db', exampleDb]), /permission denied/);
    } finally {
      unchattr(folder);
    }
  });

  it('settings JSON nested too deep', async () => {
    const db = await freshDb('deep.db');
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `{"issuer":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    refused(await runLato(['import', 'settings', deep, '--db', db]), /nested more than 32 levels deep/);
    refused(
      await runLato([
        'settings',
        'set',
        'backups.keep',
        `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        '--db',
        db,
      ]),
      /nested more than 32 levels deep/,
    );
  });
});

describe('a database is never replaced without a backup', () => {
  const partnersCsv = join(ROOT, 'data', 'example', 'partners.csv');
  const count = (file: string, table: string) => {
    const d = new Database(file, { readonly: true });
    try {
      return d.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } finally {
      d.close();
    }
  };

  it('init --force asks (no terminal: refused, unchanged); with --yes it backs the old file up first and says where', async () => {
    const db = await freshDb('force.db');
    expect((await runLato(['import', 'partners', partnersCsv, '--db', db])).code).toBe(0);
    const before = sha(db);
    const ask = await runLato(['init', '--force', '--db', db]);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toMatch(/backed up first .*--yes/s);
    expect(sha(db)).toBe(before);
    const r = await runLato(['init', '--force', '--yes', '--db', db]);
    expect(r.code).toBe(0);
    const where = /Backed up the old .*force\.db to (\S+)\.\n/.exec(r.stderr)?.[1];
    expect(where).toBeDefined();
    expect(count(where!, 'partners')).toBe(59);
    expect(count(db, 'partners')).toBe(0);
    // the backup of the old database is never pruned by the new one's automatic backups
    expect((await runLato(['settings', 'set', 'backups.keep', '1', '--db', db])).code).toBe(0);
    expect((await runLato(['import', 'partners', partnersCsv, '--db', db])).code).toBe(0);
    expect((await runLato(['settings', 'set', 'backups.keep', '2', '--db', db])).code).toBe(0);
    expect(existsSync(where!)).toBe(true);
  });

  it('init --force keeps the bytes of a file that is not a lato database', async () => {
    const file = join(dir, 'notes.db');
    writeFileSync(file, 'my notes');
    const r = await runLato(['init', '--force', '--yes', '--db', file]);
    expect(r.code).toBe(0);
    const where = /Backed up the old .*notes\.db to (\S+)\.\n/.exec(r.stderr)?.[1];
    expect(readFileSync(where!, 'utf8')).toBe('my notes');
  });

  it('demo refuses a folder holding a database it did not make, and replaces its own', async () => {
    const folder = join(dir, 'demo-user');
    mkdirSync(folder);
    const db = await freshDb('lato.db', folder);
    const before = sha(db);
    refused(await runLato(['demo', '--out', folder]), /did not make; the demo does not replace it/);
    expect(sha(db)).toBe(before);
    const own = join(dir, 'demo-own');
    expect((await runLato(['demo', '--out', own])).code).toBe(0);
    expect((await runLato(['demo', '--out', own])).code).toBe(0);
  });

  it("pruning removes only lato's own automatic backups, also of a database named like one", async () => {
    const db = await freshDb('lato-auto-archief.db');
    const manual = [];
    for (let i = 0; i < 2; i++) {
      const r = await runLato(['backup', '--json', '--db', db]);
      manual.push(JSON.parse(r.stdout).file as string);
    }
    const keepsake = join(`${db}.backups`, 'lato-auto-archief-mijn-kopie.db');
    writeFileSync(keepsake, 'mine');
    expect((await runLato(['settings', 'set', 'backups.keep', '1', '--db', db])).code).toBe(0);
    for (const [kind, file] of [
      ['settings', 'settings.json'],
      ['partners', 'partners.csv'],
      ['covenant', 'covenant-parties.csv'],
    ] as const) {
      const r = await runLato(['import', kind, join(ROOT, 'data', 'example', file), '--db', db]);
      expect(r.code).toBe(0);
    }
    for (const f of [...manual, keepsake]) expect(existsSync(f)).toBe(true);
    const auto = readdirSync(`${db}.backups`).filter((f) => /Z-auto-/.test(f));
    expect(auto.length).toBeGreaterThan(0);
    expect(auto.length).toBe(1);
  });

  it('init --example is atomic: a kill leaves no database or a complete one, and a next run works', async () => {
    const steps = (
      JSON.parse(readFileSync(join(ROOT, 'data', 'example', 'manifest.json'), 'utf8')) as { steps: unknown[] }
    ).steps.length;
    const folder = join(dir, 'kills');
    mkdirSync(folder);
    const db = join(folder, 'lato.db');
    // how long a whole run takes here: the kills fall across it (and one just after)
    const started = performance.now();
    expect((await runLato(['init', '--example', '--db', db])).code).toBe(0);
    const full = performance.now() - started;
    execFileSync('rm', ['-rf', db]);
    const seen = new Set<string>();
    for (const f of [0.3, 0.5, 0.7, 0.85, 1, 1.5, 2.5]) {
      const ms = Math.round(full * f);
      const child = latoAsync(['init', '--example', '--db', db]);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await new Promise((r) => child.on('close', r));
      clearTimeout(timer);
      if (existsSync(db)) {
        expect(count(db, 'imports')).toBe(steps);
        seen.add('complete');
        const again = await runLato(['init', '--example', '--db', db]);
        expect(again.stderr).toMatch(/already exists/);
        execFileSync('rm', ['-rf', db, `${db}.backups`]);
      } else seen.add('none');
    }
    console.log(`init --example (${Math.round(full)} ms) killed: ${[...seen].join(', ')}`);
    const r = await runLato(['init', '--example', '--db', db]);
    expect(r.code).toBe(0);
    expect(count(db, 'imports')).toBe(steps);
    // what the killed runs left is cleaned up
    expect(readdirSync(folder).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
