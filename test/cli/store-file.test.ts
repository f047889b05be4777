// The SQLite store file as each command opens it, with real `weft` processes: a file that is not
// a Weft store (text, a folder, another program's SQLite file, a truncated store, a path that
// cannot be opened) is one line naming it and exit 2, and its bytes stay as they were; a path
// with no store makes none (`runs`/`stats` say so, exit 0; the others exit 1); a store read by
// `runs`, `show`, `stats` and `watch` keeps its bytes and mtime, and one in a folder that cannot
// be written is read (as the user `nobody`, where there is one) while commands that write refuse it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliBundle, jsonOf, runWeft, startWeft } from './weft-process.js';

const FLOW = `
workflow Hello {
  input name: string = "world"
  output greeting: string
  set greet { greeting = "hello \${name}" }
  start -> greet -> end
}
`;

/** Every command that opens the store, with the arguments it needs (`R`: a run id). */
const COMMANDS: ReadonlyArray<readonly string[]> = [
    ['run', 'flow.weft'], ['runs'], ['show', 'R'], ['stats'], ['watch', 'R'], ['approve', 'R', 'check'], ['cancel', 'R'],
    ['pause', 'R'], ['resume', 'R'], ['emit', 'parcel.arrived'], ['prune', '--older-than', '1d'], ['set', 'R', 'x', '1'],
    ['retry', 'R', 'greet'], ['skip', 'R', 'greet'],
];

function sqlite(): typeof import('node:sqlite') {
    return process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
}

/**
 * The user `nobody` when this process may become it (root with `runuser`) and `nobody` may run
 * this Node and read the CLI (a checkout in a folder only root may enter, such as `mktemp -d`'s,
 * cannot be used so): tests as a user who cannot write.
 */
function nobody(bundle: string): boolean {
    if (process.getuid?.() !== 0) return false;
    try {
        execFileSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', `require('node:fs').accessSync(${JSON.stringify(bundle)})`], { stdio: 'ignore' });
        return true;
    } catch {
        return false;
    }
}

describe('weft and its SQLite store file', function () {
    this.timeout(120_000);
    let dir: string;
    const weft = (args: readonly string[], store: string) => runWeft([...args, '--store', store], { cwd: dir });

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-store-file-'));
        writeFileSync(path.join(dir, 'flow.weft'), FLOW);
    });
    afterEach(() => {
        chmodSync(dir, 0o755);
        for (const d of readdirSync(dir)) if (statSync(path.join(dir, d)).isDirectory()) chmodSync(path.join(dir, d), 0o755);
        rmSync(dir, { recursive: true, force: true });
    });

    /** A store holding one completed run of `Hello`; its run id. */
    async function storeWithRun(store: string): Promise<string> {
        const r = await weft(['run', 'flow.weft', '--json'], store);
        assert.equal(r.code, 0, r.stderr);
        return jsonOf<{ runId: string }>(r).runId;
    }

    describe('a file that is not a Weft store: one line naming it, exit 2, nothing written into it', () => {
        const kinds: Array<[string, (file: string) => Promise<void> | void, RegExp, ReadonlyArray<readonly string[]>]> = [
            ['a text file', (f) => writeFileSync(f, 'these are my notes\n'.repeat(100)), /file is not a database/, COMMANDS],
            ['another program\'s SQLite file with a runs table', (f) => {
                const db = new (sqlite().DatabaseSync)(f);
                db.exec("PRAGMA journal_mode = WAL; CREATE TABLE runs (x INTEGER, label TEXT); INSERT INTO runs VALUES (1, 'a');");
                db.close();
            }, /it is not a Weft run store \(a SQLite file whose tables are runs; its runs table has other columns\)/, COMMANDS],
            ['another program\'s SQLite file', (f) => {
                const db = new (sqlite().DatabaseSync)(f);
                db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');");
                db.close();
            }, /it is not a Weft run store \(a SQLite file whose tables are notes\)/, [['run', 'flow.weft'], ['runs'], ['cancel', 'R']]],
            ['a truncated store', async (f) => {
                const full = path.join(dir, 'full.db');
                await storeWithRun(full);
                copyFileSync(full, f);
                truncateSync(f, 8192);
            }, /database disk image is malformed/, [['run', 'flow.weft'], ['runs'], ['show', 'R'], ['approve', 'R', 'check']]],
        ];
        for (const [kind, make, cause, commands] of kinds) {
            it(`${kind}: ${commands.map((c) => c[0]).join(', ')}`, async () => {
                const store = path.join(dir, 'bad.db');
                await make(store);
                const before = readFileSync(store);
                for (const args of commands) {
                    const r = await weft(args, store);
                    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
                    assert.match(r.stderr, new RegExp(`^weft ${args[0]}: cannot use the run store ${store.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${cause.source}\n$`));
                    assert.ok(readFileSync(store).equals(before), `${args.join(' ')} changed ${kind}`);
                }
            });
        }

        it('a folder, and a path that cannot be opened', async () => {
            const folder = path.join(dir, 'adir');
            mkdirSync(folder);
            for (const args of [['run', 'flow.weft'], ['runs'], ['stats'], ['approve', 'R', 'check']]) {
                const r = await weft(args, folder);
                assert.equal(r.code, 2, r.stderr);
                assert.equal(r.stderr, `weft ${args[0]}: cannot use the run store ${folder}: it is a folder, not a file\n`);
            }
            assert.deepEqual(readdirSync(folder), []);
            const r = await weft(['run', 'flow.weft'], '/proc/weft-x.db');
            assert.equal(r.code, 2, r.stderr);
            assert.equal(r.stderr, 'weft run: cannot use the run store /proc/weft-x.db: unable to open database file\n');
            // A folder that cannot be made: procfs answers ENOENT to the mkdir (Node's recursive
            // mkdir retried that for ever, at full CPU).
            const deep = await weft(['run', 'flow.weft'], '/proc/weft-x/runs.db');
            assert.equal(deep.code, 2, deep.stderr);
            assert.equal(deep.stderr, "weft run: cannot use the run store /proc/weft-x/runs.db: ENOENT: no such file or directory, mkdir '/proc/weft-x'\n");
        });

        it('weft serve on a file that is not a store stops at once with the same line', async () => {
            const store = path.join(dir, 'bad.db');
            writeFileSync(store, 'not sqlite');
            const r = await weft(['serve', '--port', '0'], store);
            assert.equal(r.code, 2, r.stderr);
            assert.match(r.stderr, new RegExp(`weft serve: cannot use the run store ${store}: file is not a database\n$`));
            assert.equal(readFileSync(store, 'utf8'), 'not sqlite');
        });
    });

    it('several processes that make a new store together all run (none fails with "database is locked")', async () => {
        // Before session 24 the switch to WAL ran before the busy timeout was set: about one round
        // in seven of three processes lost one of them.
        for (let round = 0; round < 8; round++) {
            const store = path.join(dir, `together-${round}.db`);
            const results = await Promise.all([0, 1, 2].map(() => weft(['run', 'flow.weft', '--json'], store)));
            for (const r of results) assert.equal(r.code, 0, `round ${round}: ${r.stderr}`);
            assert.equal(jsonOf<unknown[]>(await weft(['runs', '--json'], store)).length, 3);
        }
    });

    describe('a path with no store: nothing is made', () => {
        it('weft runs and weft stats say there is no store there, exit 0 (--json: an empty result)', async () => {
            const store = path.join(dir, 'typo-dir', 'deeper', 'runs.db');
            for (const command of ['runs', 'stats']) {
                const r = await weft([command], store);
                assert.deepEqual([r.code, r.stdout, r.stderr], [0, `No runs: no run store at ${store}.\n`, '']);
                const j = await weft([command, '--json'], store);
                assert.deepEqual([j.code, j.stdout, j.stderr], [0, command === 'runs' ? '[]\n' : '{}\n', `weft ${command}: no run store at ${store}\n`]);
            }
            assert.equal(existsSync(path.join(dir, 'typo-dir')), false);
        });

        it('show, watch and the controls exit 1 as for an unknown run', async () => {
            const store = path.join(dir, 'typo-dir', 'runs.db');
            for (const args of COMMANDS.filter((c) => !['run', 'runs', 'stats'].includes(c[0]!))) {
                const r = await weft(args, store);
                assert.deepEqual([r.code, r.stderr], [1, `weft ${args[0]}: no run store at ${store}\n`], args.join(' '));
            }
            assert.equal(existsSync(path.join(dir, 'typo-dir')), false);
        });

        it('a control in a folder with no store makes no .weft folder there', async () => {
            const r = await runWeft(['approve', 'run_x', 'check'], { cwd: dir });
            assert.deepEqual([r.code, r.stderr], [1, `weft approve: no run store at ${path.join(dir, '.weft', 'runs.db')}\n`]);
            assert.equal(existsSync(path.join(dir, '.weft')), false);
        });
    });

    describe('reading a store', () => {
        it('runs, show, stats and watch leave the store file\'s bytes and mtime as they were', async () => {
            const store = path.join(dir, 'runs.db');
            const runId = await storeWithRun(store);
            const bytes = readFileSync(store);
            const mtime = statSync(store).mtimeMs;
            const runs = await weft(['runs'], store);
            assert.equal(runs.code, 0, runs.stderr);
            assert.match(runs.stdout, new RegExp(`${runId}\\s+Hello\\s+0\\.0\\.0\\s+completed`));
            const show = await weft(['show', runId], store);
            assert.equal(show.code, 0, show.stderr);
            assert.match(show.stdout, /completed/);
            const stats = await weft(['stats'], store);
            assert.match(stats.stdout, /Hello: 1 run, 1 completed/);
            const watch = await weft(['watch', runId], store);
            assert.equal(watch.code, 0, watch.stderr);
            assert.ok(readFileSync(store).equals(bytes), 'a read command changed the store file');
            assert.equal(statSync(store).mtimeMs, mtime);
        });

        it('a store in a folder nobody may write is read by runs, show and stats; run and the controls refuse it (as nobody)', async function () {
            if (!nobody(cliBundle)) this.skip();
            const store = path.join(dir, 'runs.db');
            const runId = await storeWithRun(store);
            const archive = path.join(dir, 'archive');
            mkdirSync(archive);
            copyFileSync(store, path.join(archive, 'runs.db'));
            copyFileSync(path.join(dir, 'flow.weft'), path.join(archive, 'flow.weft'));
            const copy = path.join(archive, 'runs.db');
            chmodSync(copy, 0o444);
            chmodSync(archive, 0o555);
            chmodSync(dir, 0o755);
            const bytes = readFileSync(copy);
            const asNobody = (args: readonly string[]) => startWeft([...args, '--store', copy], {
                cwd: archive, command: ['runuser', '-u', 'nobody', '--', process.execPath, cliBundle],
            }).result;
            const runs = await asNobody(['runs']);
            assert.equal(runs.code, 0, runs.stderr);
            assert.match(runs.stdout, new RegExp(`${runId}\\s+Hello`));
            const show = await asNobody(['show', runId, '--json']);
            assert.equal(jsonOf<{ status: string }>(show).status, 'completed');
            assert.equal((await asNobody(['stats'])).code, 0);
            for (const args of [['run', 'flow.weft'], ['cancel', runId], ['prune', '--older-than', '1d']]) {
                const r = await asNobody(args);
                assert.deepEqual([r.code, r.stderr], [2, `weft ${args[0]}: cannot use the run store ${copy}: it is read-only (weft runs, show, stats and watch can read it)\n`]);
            }
            assert.ok(readFileSync(copy).equals(bytes));
            assert.deepEqual(readdirSync(archive).sort(), ['flow.weft', 'runs.db']);
        });
    });
});
