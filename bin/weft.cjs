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
        const { spawnSync } = require('node:child_process');
        const r = spawnSync(local, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
        process.exit(r.status ?? 1);
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
