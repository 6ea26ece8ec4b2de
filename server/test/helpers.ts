import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '@meshwork/contracts';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import type { DB } from '../src/db/schema.js';
import { hashPassword } from '../src/platform/passwords.js';
import { importDivisions } from '../src/modules/regions/divisions.import.js';
import { RegionsRepository } from '../src/modules/regions/regions.repository.js';
import { withDatabase } from './global-setup.js';

export const TEST_PASSWORD = 'Test!Pass-2026';

/** Cheap argon2id parameters: tests make many accounts; production keeps OWASP's. */
export const testConfig: Config = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv, {
  passwordHash: { memoryCost: 1024, timeCost: 1 },
  // A fixed field key, so that tests may compute hmacs and decrypt rows they read raw.
  fieldKey: Buffer.alloc(64, 7),
});

/** A freshly migrated database of this run's kind, private to the caller. */
export async function freshDatabase(): Promise<Database> {
  const template = inject('postgresTemplate');
  if (template) {
    const url = process.env.DATABASE_URL!;
    const name = `meshwork_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // PostgreSQL copies a template for one CREATE DATABASE at a time; files starting together wait.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '55006' || attempt > 200) throw error;
          await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
        }
      }
    } finally {
      await admin.end();
    }
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), poolSize: 20 });
    const close = db.close.bind(db);
    return Object.assign(db, {
      async close() {
        await close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    });
  }
  const dump = await readFile(inject('pgliteDump'));
  return openDatabase({ loadDataDir: new Blob([new Uint8Array(dump)]) });
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  config: Config;
}

/** One app on one fresh database for the whole test file. */
export function useTestApp(overrides: Partial<Config> = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => {
    t.config = { ...testConfig, ...overrides };
    t.db = await freshDatabase();
    t.app = await buildApp({ config: t.config, db: t.db });
  });
  afterAll(async () => {
    await t.app?.close();
    await t.db?.close();
  });
  return t;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Requests as one signed-in user (or nobody), through Fastify's inject. */
export class Client {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie?: string,
  ) {}

  request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method,
      url,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
      ...(body === undefined ? {} : typeof body === 'string' || Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
  /** A multipart upload of files in field `file` (or named by `field`). */
  upload(url: string, files: Array<{ name: string; data: Buffer; field?: string }>) {
    const boundary = `----meshwork${randomBytes(8).toString('hex')}`;
    const parts = files.map((f) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        f.data,
        Buffer.from('\r\n'),
      ]),
    );
    const payload = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
    return this.app.inject({
      method: 'POST',
      url,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
  }
}

export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'meshwork_session');
  return new Client(app, `meshwork_session=${cookie!.value}`);
}

let userSeq = 0;

/**
 * An account with the given grants (written directly, as a fixture), signed in. Scope is a
 * region or org id according to the role.
 */
export async function userWith(
  t: TestApp,
  grants: Array<{ role: Role; regionId?: number; orgId?: number }>,
  opts: { username?: string; phone?: string } = {},
): Promise<Client & { userId: number; username: string }> {
  const username = opts.username ?? `user${process.pid % 1000}x${++userSeq}`;
  const db = t.db.kysely;
  const person = await db.insertInto('person').values({ name: `测试${userSeq}`, phone: opts.phone ?? null }).returning('id').executeTakeFirstOrThrow();
  const user = await db
    .insertInto('app_user')
    .values({ person_id: person.id, username, password_hash: await hashPassword(TEST_PASSWORD, t.config.passwordHash) })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const g of grants) {
    await db.insertInto('user_grant').values({ user_id: user.id, role: g.role, region_id: g.regionId ?? null, org_id: g.orgId ?? null }).execute();
  }
  const client = await signIn(t.app, username);
  return Object.assign(client, { userId: user.id, username });
}

export function anonymous(t: TestApp): Client {
  return new Client(t.app);
}

/** 北京市 › 市辖区 › 东城区 with two streets of two communities each: a small real division tree. */
export const sampleDivisions = {
  provinces: 'code,name\n11,"北京市"\n',
  cities: 'code,name,provinceCode\n1101,"市辖区",11\n',
  areas: 'code,name,cityCode,provinceCode\n110101,"东城区",1101,11\n',
  streets: 'code,name,areaCode,provinceCode,cityCode\n110101001,"东华门街道",110101,11,1101\n110101002,"景山街道",110101,11,1101\n',
  villages:
    'code,name,streetCode,provinceCode,cityCode,areaCode\n' +
    '110101001001,"多福巷社区居委会",110101001,11,1101,110101\n110101001002,"银闸社区居委会",110101001,11,1101,110101\n' +
    '110101002001,"隆福寺社区居委会",110101002,11,1101,110101\n110101002002,"吉祥社区居委会",110101002,11,1101,110101\n',
};

export interface SampleTree {
  province: number;
  district: number;
  streets: [number, number];
  communities: [number, number, number, number];
  /** Under communities[0]: a grid with a building, an entrance and two households. */
  grid: number;
  building: number;
  entrance: number;
  households: [number, number];
}

export async function seedSampleTree(db: Database): Promise<SampleTree> {
  await importDivisions(db, Object.fromEntries(Object.entries(sampleDivisions).map(([k, v]) => [k, Buffer.from(v)])));
  const repo = new RegionsRepository(db.kysely);
  const id = async (code: string) => (await repo.findByCode(code))!.id;
  const community = (await repo.findByCode('110101001001'))!;
  const grid = await repo.insertLocal(community, { level: 'grid', name: '第一网格' });
  const gridNode = (await repo.find(grid))!;
  const building = await repo.insertLocal(gridNode, { level: 'building', name: '1栋' });
  const entrance = await repo.insertLocal((await repo.find(building))!, { level: 'entrance', name: '1单元' });
  const entranceNode = (await repo.find(entrance))!;
  const h1 = await repo.insertLocal(entranceNode, { level: 'household', name: '101', occupancy: 'owner' });
  const h2 = await repo.insertLocal(entranceNode, { level: 'household', name: '102', occupancy: 'rented' });
  return {
    province: await id('11'),
    district: await id('110101'),
    streets: [await id('110101001'), await id('110101002')],
    communities: [await id('110101001001'), await id('110101001002'), await id('110101002001'), await id('110101002002')],
    grid,
    building,
    entrance,
    households: [h1, h2],
  };
}

/** The JSON error body's code, for terse assertions. */
export function errorCode(res: LightMyRequestResponse): string | undefined {
  try {
    return (res.json() as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** How many rows `table` holds now: compare before and after to see that a refused request wrote nothing. */
export async function rowCount(db: Database, table: keyof DB): Promise<number> {
  return Number((await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}
