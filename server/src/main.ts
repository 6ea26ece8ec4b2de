import path from 'node:path';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { seedDemo } from './demo/seed.js';
import { dutyService } from './modules/duty/duty.routes.js';
import { allocationService } from './modules/allocation/allocation.routes.js';
import { Sessions } from './platform/sessions.js';
import { demoAccounts, DEMO_PASSWORD } from './demo/accounts.js';
import { FIELD_KEY_BYTES, generateFieldKey, parseFieldKey } from './platform/crypto.js';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export async function openConfiguredDatabase(config: Config, inMemory = false): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl });
  if (inMemory) return openDatabase({});
  const dir = path.join(config.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return openDatabase({ dataDir: dir });
}

/**
 * The key for fields encrypted at rest, in one place. MESHWORK_FIELD_KEY wins; otherwise an
 * embedded PGlite keeps a generated key beside its data (DATA_DIR/field.key, mode 0600), so that
 * `npm start` needs no setup; an in-memory or demo database may use a throwaway key; a real
 * PostgreSQL deployment must be given one, or it refuses to start.
 */
export async function resolveFieldKey(config: Config, inMemory = false): Promise<Buffer> {
  if (config.fieldKey) return config.fieldKey;
  if (inMemory || (config.databaseUrl && config.demo)) return generateFieldKey();
  if (config.databaseUrl) {
    throw new Error(
      'MESHWORK_FIELD_KEY is not set. With DATABASE_URL, set it to the base64 of 64 random bytes ' +
        '(e.g. `openssl rand -base64 64 | tr -d "\\n"`) and keep it safe: without it the encrypted ID numbers cannot be read.',
    );
  }
  await mkdir(config.dataDir, { recursive: true });
  const file = path.join(config.dataDir, 'field.key');
  try {
    return parseFieldKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${(error as Error).message}`);
  }
  const key = generateFieldKey();
  // 'wx': never overwrite a key another process wrote meanwhile.
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await chmod(file, 0o600);
  const stored = parseFieldKey(await readFile(file, 'utf8'));
  if (stored.length !== FIELD_KEY_BYTES) throw new Error(`${file} is not a field key`);
  return stored;
}

export interface Running {
  app: FastifyInstance;
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens, migrates, seeds the demo when asked, and listens. Used by `meshwork serve` and e2e tests. */
export async function startMeshwork(config: Config, options: { inMemory?: boolean } = {}): Promise<Running> {
  const fieldKey = await resolveFieldKey(config, options.inMemory);
  const db = await openConfiguredDatabase(config, options.inMemory);
  await migrate(db, (m) => config.logLevel !== 'silent' && console.log(m));
  if (config.demo) {
    const seeded = await seedDemo(db, { ...config, fieldKey });
    if (seeded && config.logLevel !== 'silent') console.log('demo data loaded');
  }
  const app = await buildApp({ config: { webDist, ...config, fieldKey }, db });
  await app.listen({ port: config.port, host: config.host });
  // Dead sessions are refused anyway; this only keeps the table small.
  const sessions = new Sessions(db.kysely, config.session);
  const housekeeping = setInterval(() => void sessions.purgeExpired().catch((e) => app.log.warn(e)), 10 * 60_000);
  housekeeping.unref();
  // Duty's clock: no-shows after the grace period, reminders before shifts. Every app node may run
  // it: both are conditional updates, so two nodes never mark or remind twice.
  // Allocation's clock marks lapsed proposals expired (publishing checks the time itself).
  const duty = dutyService({ db, config: { ...config, fieldKey } });
  const allocation = allocationService({ db, config: { ...config, fieldKey } });
  const dutyClock = setInterval(
    () => void Promise.all([duty.sweepNoShows(), duty.sendReminders(), allocation.expirePlans()]).catch((e) => app.log.warn(e)),
    60_000,
  );
  dutyClock.unref();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  return {
    app,
    db,
    url,
    async close() {
      clearInterval(housekeeping);
      clearInterval(dutyClock);
      await app.close();
      await db.close();
    },
  };
}

export function printBanner(config: Config, url: string): void {
  console.log(`\nMeshwork 织网 is running at ${url}`);
  console.log(`database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${path.join(config.dataDir, 'pglite')}`}`);
  if (config.demo) {
    console.log(`demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of demoAccounts) console.log(`  ${a.username.padEnd(12)} ${a.description}`);
  }
}

export { loadConfig };
