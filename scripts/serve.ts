/**
 * `npm start` and the e2e web server: build the app, then the e2e harness
 * pages, build the tiny test models with the exporter, copy them over dist/
 * (CONTRACT.md "Test models") and serve with `vite preview` at
 * http://localhost:4173. Everything the app loads comes from this one origin;
 * real models come from where models.json or the registry says.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { failureLine, parseCli, wholeNumber } from './cli';

const root = path.resolve(import.meta.dirname, '..');
// `--port N` (the e2e config passes E2E_PORT) lets two checkouts serve at once.
const CLI = {
  name: 'serve',
  usage: 'npm start [-- --port N]',
  options: { port: { type: 'string', default: '4173' } },
} as const;
let port: string;
try {
  port = String(wholeNumber(parseCli(CLI, process.argv.slice(2)).values.port, 'port', 1));
} catch (error) {
  console.error(`serve: ${failureLine(error, CLI.usage)}`);
  process.exit(2);
}
const modelsDir = path.join(root, '.test-models');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`e2e server: ${command} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
// The e2e harness pages (e2e/harness), added to dist/ by a second build that
// leaves the app's own files as the first one wrote them (vite.config.ts).
run('npx', ['vite', 'build', '--mode', 'e2e', '--logLevel', 'warn']);
run('npx', ['tsx', 'scripts/test-model.ts', modelsDir]);
cpSync(modelsDir, path.join(root, 'dist'), { recursive: true });

const preview = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort'], {
  cwd: root,
  stdio: 'inherit',
});
const stop = () => preview.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
preview.on('exit', (code) => process.exit(code ?? 0));
