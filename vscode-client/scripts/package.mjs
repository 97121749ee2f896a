// Builds meshprobe-<version>.vsix: the minified bundle, the server jar and the rule pages
// (../docs/rules/<id>.md, opened by a diagnostic's code link).
//   MESHPROBE_JAR   the server jar to bundle (default: ../server/target/meshprobe.jar, built by
//                   `mvn -B package` at the repository root)
//   MESHPROBE_VSIX_OUT  where to write the .vsix (default: meshprobe-<version>.vsix here)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const jar = resolve(root, process.env.MESHPROBE_JAR || '../server/target/meshprobe.jar');
const out = resolve(root, process.env.MESHPROBE_VSIX_OUT || `meshprobe-${version}.vsix`);

if (!existsSync(jar)) {
  console.error(`No server jar at ${jar}. Build it with \`mvn -B package\` at the repository root, or set MESHPROBE_JAR.`);
  process.exit(1);
}
mkdirSync(join(root, 'server'), { recursive: true });
mkdirSync(dirname(out), { recursive: true });
copyFileSync(jar, join(root, 'server', 'meshprobe.jar'));
console.log(`server/meshprobe.jar <- ${jar} (${statSync(jar).size} bytes)`);
const docs = resolve(root, '..', 'docs', 'rules');
rmSync(join(root, 'rules'), { recursive: true, force: true });
mkdirSync(join(root, 'rules'));
const pages = readdirSync(docs).filter((f) => f.endsWith('.md') && f !== 'README.md');
for (const page of pages) {
  copyFileSync(join(docs, page), join(root, 'rules', page));
}
console.log(`rules/ <- ${docs} (${pages.length} pages)`);

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
run(process.execPath, ['esbuild.mjs', '--production']);
// The bundle carries the dependencies, so vsce need not (and must not) look at node_modules.
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out]);
console.log(`Packaged ${out}`);
