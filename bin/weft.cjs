#!/usr/bin/env node
// The `weft` command installed by npm (package.json "bin"): runs the bundled CLI (all logic is
// in cli/main.ts -> dist/cli.cjs). Langium needs Node 22; on an older node this re-runs itself
// with the project's Node 22 (the `node` devDependency) when present.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
    const local = path.join(__dirname, '..', 'node_modules', 'node', 'bin', 'node');
    if (fs.existsSync(local)) {
        const { spawn } = require('node:child_process');
        const child = spawn(local, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
        // Ctrl-C in a terminal reaches this process and the child alike (one process group): the
        // child decides what it means (`weft run` halts and says how to resume), and this one
        // waits for it instead of dying first and handing the terminal back too early. A SIGTERM
        // or SIGHUP sent to this process alone is passed on.
        process.on('SIGINT', () => {});
        for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
        child.on('error', (err) => {
            process.stderr.write(`weft: cannot start ${local}: ${err.message}\n`);
            process.exit(3);
        });
        child.on('exit', (code, signal) => process.exit(code ?? 128 + (require('node:os').constants.signals[signal] ?? 0)));
        return;
    }
    if (typeof Object.groupBy !== 'function') {
        Object.groupBy = (items, key) => {
            const groups = Object.create(null);
            let i = 0;
            for (const item of items) (groups[key(item, i++)] ??= []).push(item);
            return groups;
        };
    }
}
require('../dist/cli.cjs');
