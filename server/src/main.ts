import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { seedDemo } from './demo/seed.js';
import { Sessions } from './platform/sessions.js';
import { demoAccounts, DEMO_PASSWORD } from './demo/accounts.js';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export async function openConfiguredDatabase(config: Config, inMemory = false): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl });
  if (inMemory) return openDatabase({});
  const dir = path.join(config.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return openDatabase({ dataDir: dir });
}

export interface Running {
  app: FastifyInstance;
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens, migrates, seeds the demo when asked, and listens. Used by `meshwork serve` and e2e tests. */
export async function startMeshwork(config: Config, options: { inMemory?: boolean } = {}): Promise<Running> {
  const db = await openConfiguredDatabase(config, options.inMemory);
  await migrate(db, (m) => config.logLevel !== 'silent' && console.log(m));
  if (config.demo) {
    const seeded = await seedDemo(db, config);
    if (seeded && config.logLevel !== 'silent') console.log('demo data loaded');
  }
  const app = await buildApp({ config: { webDist, ...config }, db });
  await app.listen({ port: config.port, host: config.host });
  // Dead sessions are refused anyway; this only keeps the table small.
  const sessions = new Sessions(db.kysely, config.session);
  const housekeeping = setInterval(() => void sessions.purgeExpired().catch((e) => app.log.warn(e)), 10 * 60_000);
  housekeeping.unref();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  return {
    app,
    db,
    url,
    async close() {
      clearInterval(housekeeping);
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
