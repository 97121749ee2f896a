// Bundles the extension (dist/extension.js, dependencies included) and the unit tests (test-out/).
//   node esbuild.mjs               development build with source maps
//   node esbuild.mjs --production  minified, as packaged into the .vsix
//   node esbuild.mjs --tests       unit tests; `vscode` is not resolvable there, so a tested module
//                                  that imports it fails the build
//   node esbuild.mjs --watch
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

if (args.has('--tests')) {
  rmSync('test-out', { recursive: true, force: true });
  await esbuild.build({
    entryPoints: readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`),
    outdir: 'test-out',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
} else {
  const options = {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    platform: 'node',
    // VS Code 1.91 runs extensions on Node 20.
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
  };
  if (args.has('--watch')) {
    const context = await esbuild.context(options);
    await context.watch();
  } else {
    rmSync('dist', { recursive: true, force: true });
    await esbuild.build(options);
  }
}
