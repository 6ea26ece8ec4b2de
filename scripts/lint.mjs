// Project rules no compiler checks. Exits non-zero with one line per breach.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const problems = [];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) yield full;
  }
}

for (const pkg of ['package.json', 'contracts/package.json', 'server/package.json', 'web/package.json']) {
  const json = JSON.parse(readFileSync(path.join(root, pkg), 'utf8'));
  for (const deps of [json.dependencies, json.devDependencies]) {
    // The npm `xlsx` package has known CVEs; exceljs is the chosen library.
    if (deps && 'xlsx' in deps) problems.push(`${pkg}: depends on xlsx (use exceljs)`);
  }
}

for (const dir of ['contracts', 'server', 'web/src', 'e2e', 'bench']) {
  let list;
  try {
    list = [...files(path.join(root, dir))];
  } catch {
    continue;
  }
  for (const file of list) {
    const rel = path.relative(root, file);
    const text = readFileSync(file, 'utf8');
    if (/\b(it|test|describe)\.only\(/.test(text)) problems.push(`${rel}: focused test (.only)`);
    if (/\b(it|test|describe)\.skip\(/.test(text)) problems.push(`${rel}: skipped test (.skip)`);
    // A user's clone has no ../shared; only benchmarks may take it as an argument.
    if (!rel.startsWith('bench') && /\.\.\/shared|\/work\/shared/.test(text)) problems.push(`${rel}: reads ../shared`);
    if (/@ts-ignore/.test(text)) problems.push(`${rel}: @ts-ignore`);
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('lint: ok');
