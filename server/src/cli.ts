import { Command, Option } from 'commander';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import cliProgress from 'cli-progress';
import { separatedDuties } from '@meshwork/contracts';
import { loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openConfiguredDatabase, printBanner, resolveFieldKey, startMeshwork } from './main.js';
import { seedDemo } from './demo/seed.js';
import { AppError } from './platform/errors.js';
import { importDivisions, divisionFiles, type DivisionSources } from './modules/regions/divisions.import.js';
import { UsersService } from './modules/accounts/users.service.js';
import { Sessions } from './platform/sessions.js';

const program = new Command('meshwork').description('Meshwork 织网 — members and volunteers into communities');

function config(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig(), ...overrides };
}

async function withDatabase<T>(cfg: Config, fn: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>): Promise<T> {
  const db = await openConfiguredDatabase(cfg);
  try {
    await migrate(db, console.log);
    return await fn(db);
  } finally {
    await db.close();
  }
}

program
  .command('serve')
  .description('migrate the database and serve the API and web app')
  .option('--demo', 'load the demo dataset on first start and show demo accounts (also MESHWORK_DEMO=1)')
  .option('-p, --port <port>', 'port (default PORT or 8080)')
  .action(async (opts: { demo?: boolean; port?: string }) => {
    const cfg = config({ ...(opts.demo ? { demo: true } : {}), ...(opts.port ? { port: Number(opts.port) } : {}) });
    const running = await startMeshwork(cfg);
    printBanner(cfg, running.url);
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply pending SQL migrations')
  .action(async () => {
    await withDatabase(config(), async () => undefined);
    console.log('database is up to date');
  });

program
  .command('demo')
  .description('load the demo dataset into the database (once)')
  .action(async () => {
    const cfg = config({ demo: true });
    const fieldKey = await resolveFieldKey(cfg);
    await withDatabase(cfg, async (db) => console.log((await seedDemo(db, { ...cfg, fieldKey })) ? 'demo data loaded' : 'demo data already present'));
  });

program
  .command('import-divisions')
  .description('import division codes from a folder of provinces/cities/areas/streets/villages.csv')
  .argument('<dir>', 'folder holding the CSV files')
  .option('--under <code>', 'import only this division code, its subtree and its ancestors')
  .action(async (dir: string, opts: { under?: string }) => {
    if (opts.under && !/^\d{2,12}$/.test(opts.under)) throw new AppError('VALIDATION_FAILED', '--under takes a division code of 2–12 digits');
    const sources: DivisionSources = {};
    for (const f of divisionFiles) {
      const file = path.join(dir, `${f}.csv`);
      if (existsSync(file)) sources[f] = createReadStream(file);
    }
    const bar = new cliProgress.SingleBar({ format: '{phase} [{bar}] {value} rows', hideCursor: true }, cliProgress.Presets.shades_classic);
    const started = Date.now();
    const result = await withDatabase(config(), async (db) => {
      bar.start(0, 0, { phase: 'parse' });
      try {
        return await importDivisions(db, sources, {
          under: opts.under,
          onProgress: (p) => {
            bar.setTotal(Math.max(bar.getTotal(), p.rows));
            bar.update(p.rows, { phase: p.phase.padEnd(6) });
          },
        });
      } finally {
        bar.stop();
      }
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`imported ${result.total} divisions (${JSON.stringify(result.created)}), ${result.skipped} already present, in ${seconds.toFixed(1)} s`);
  });

program
  .command('create-admin')
  .description('create an account holding one of the three separated duties (三员), platform-wide')
  .requiredOption('-u, --username <username>', 'login name')
  .option('-n, --name <name>', 'display name', '系统管理员')
  .addOption(new Option('-r, --role <role>', 'duty').choices([...separatedDuties]).default('platform_admin'))
  .option('--password-stdin', 'read the password from standard input instead of prompting')
  .action(async (opts: { username: string; name: string; role: (typeof separatedDuties)[number]; passwordStdin?: boolean }) => {
    const password = await readPassword(opts.passwordStdin ?? false);
    const cfg = config();
    await withDatabase(cfg, async (db) => {
      const users = new UsersService(db.kysely, new Sessions(db.kysely, cfg.session), cfg);
      const id = await users.createAdmin({ username: opts.username.toLowerCase(), name: opts.name, password, role: opts.role });
      console.log(`created ${opts.role} ${opts.username} (id ${id})`);
    });
  });

program
  .command('reset-password')
  .description('set a new password for an account (the owner must change it at next sign-in); also unlocks it')
  .requiredOption('-u, --username <username>', 'login name')
  .option('--password-stdin', 'read the password from standard input instead of prompting')
  .action(async (opts: { username: string; passwordStdin?: boolean }) => {
    const password = await readPassword(opts.passwordStdin ?? false);
    const cfg = config();
    await withDatabase(cfg, async (db) => {
      await new UsersService(db.kysely, new Sessions(db.kysely, cfg.session), cfg).resetPasswordFromConsole(opts.username, password);
      console.log(`password of ${opts.username} reset; it must be changed at next sign-in`);
    });
  });

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, '');
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question('password: ');
  } finally {
    rl.close();
  }
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof AppError) {
    console.error(`error: ${error.message}`);
    if (Array.isArray(error.details)) for (const d of error.details.slice(0, 50)) console.error(`  ${d.file ?? ''}:${d.row} ${d.column ?? ''} ${d.message}`);
  } else console.error(error);
  process.exit(1);
});
