import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm run bench -- <name> [args…]`: runs the default export of bench/<name>.ts with the rest of
 * the arguments. Benchmarks print figures (and ratios); they never assert timings.
 */

type Bench = (argv: string[]) => Promise<void>;

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);

// Only plain names, so that an argument cannot reach a module outside bench/.
if (!name || !/^[a-z0-9][a-z0-9-]*$/.test(name) || name === 'run' || !existsSync(path.join(here, `${name}.ts`))) {
  const names = (await readdir(here)).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3));
  console.error(`usage: npm run bench -- <${names.join('|')}> [args…]`);
  process.exit(2);
}

const module = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { default?: unknown };
if (typeof module.default !== 'function') {
  console.error(`bench/${name}.ts has no default-exported function`);
  process.exit(2);
}
try {
  await (module.default as Bench)(rest);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
// A bench is done when its function returns. Without this, allocation-plan sometimes stayed
// alive after it had printed and dropped its database (2 runs of 7): the inspector showed one
// MessagePort as the only live handle besides stdio, most likely the planner worker's or the
// TypeScript loader's.
process.exit();
