// Build script: transpiles every TypeScript source to ESM under out/ (for tests and the
// benchmarks, no type checking: `npm run typecheck` does that) and bundles what ships to dist/
// (extension, language server, CLI, debug adapter, webview). A file that fails to transpile is
// reported and the build exits non-zero, but the other files are still written.
import * as esbuild from 'esbuild';
import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const sourceDirs = ['extension', 'language-server', 'runtime', 'cli', 'test', 'bench', 'webview'];
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// WEFT_OUT lets several people build side by side in one checkout (default: out/).
const outDir = process.env.WEFT_OUT || 'out';

async function* walk(dir) {
  let entries;
  try { entries = await fs.readdir(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === 'fixtures' || e.name.startsWith('out')) continue;
      yield* walk(p);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) yield p;
  }
}

async function transpileAll() {
  const files = [];
  for (const d of sourceDirs) for await (const f of walk(path.join(root, d))) files.push(f);
  let failed = 0;
  await Promise.all(files.map(async (file) => {
    const rel = path.relative(root, file);
    const out = path.join(root, outDir, rel.replace(/\.ts$/, '.js'));
    const src = await fs.readFile(file, 'utf8');
    try {
      const r = await esbuild.transform(src, {
        loader: 'ts', format: 'esm', target: 'node22', sourcemap: 'external',
        sourcefile: path.relative(path.dirname(out), file),
      });
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, r.code + `//# sourceMappingURL=${path.basename(out)}.map\n`);
      await fs.writeFile(out + '.map', r.map);
    } catch (err) {
      failed++;
      for (const e of err.errors ?? [err]) {
        const loc = e.location ? `${rel}:${e.location.line}:${e.location.column + 1}` : rel;
        console.error(`${loc}: error: ${e.text ?? e.message}`);
      }
    }
  }));
  return failed;
}

/** What ships: each entry is bundled only once its source exists. */
const bundles = [
  { entry: 'extension/extension.ts', out: 'dist/extension.cjs', platform: 'node', format: 'cjs', external: ['vscode'] },
  { entry: 'language-server/main.ts', out: 'dist/language-server.cjs', platform: 'node', format: 'cjs' },
  { entry: 'cli/main.ts', out: 'dist/cli.cjs', platform: 'node', format: 'cjs' },
  { entry: 'cli/debug-adapter.ts', out: 'dist/debug-adapter.cjs', platform: 'node', format: 'cjs' },
  { entry: 'runtime/executors/script/script-worker.ts', out: 'dist/script-worker.cjs', platform: 'node', format: 'cjs' },
  { entry: 'runtime/executors/script/script-host.ts', out: 'dist/script-host.cjs', platform: 'node', format: 'cjs' },
  { entry: 'webview/main.ts', out: 'dist/webview/diagram.js', platform: 'browser', format: 'iife' },
];

async function bundleAll() {
  let failed = 0;
  for (const b of bundles) {
    if (!existsSync(path.join(root, b.entry))) continue;
    try {
      await esbuild.build({
        entryPoints: [path.join(root, b.entry)],
        outfile: path.join(root, b.out),
        bundle: true,
        platform: b.platform,
        format: b.format,
        target: b.platform === 'node' ? 'node22' : 'chrome120',
        external: b.external ?? [],
        sourcemap: !production,
        minify: production,
        logLevel: 'warning',
        // import.meta.url has no meaning in a CJS bundle; code that needs its own location
        // reads the injected __weft_bundle_url instead.
        define: b.format === 'cjs' ? { 'import.meta.url': '__weft_bundle_url' } : {},
        banner: b.format === 'cjs' ? { js: 'const __weft_bundle_url = require("url").pathToFileURL(__filename).href;' } : {},
      });
    } catch {
      failed++;
    }
  }
  const elkWorker = path.join(root, 'node_modules/elkjs/lib/elk-worker.min.js');
  if (existsSync(elkWorker)) {
    await fs.mkdir(path.join(root, 'dist/webview'), { recursive: true });
    await fs.copyFile(elkWorker, path.join(root, 'dist/webview/elk-worker.js'));
  }
  return failed;
}

const failed = (await transpileAll()) + (process.argv.includes('--no-bundle') ? 0 : await bundleAll());
if (failed) {
  console.error(`esbuild: ${failed} file(s) or bundle(s) failed`);
  process.exitCode = 1;
}
if (watch) console.error('watch mode is not supported; rerun the build');
