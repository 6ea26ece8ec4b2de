import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrate.js';
import { importDivisions } from '../server/src/modules/regions/divisions.import.js';
import { generateFieldKey } from '../server/src/platform/crypto.js';
import { Sessions } from '../server/src/platform/sessions.js';

/**
 * Check-ins through the whole stack — HTTP, session, scope, the conditional update, the audit
 * row — by `--clients` concurrent members on PostgreSQL, beside pgbench's single-row INSERT on the
 * same server in the same run: the ratio says what one check-in costs against the cheapest write.
 *
 *   npm run bench -- checkin [--clients 500] [--rounds 6] [--pgbench-seconds 10] [--database-url URL]
 *
 * Each round, every client checks in, then every client checks out (two requests each); between
 * rounds the sign-ups are reset outside the timing. Latencies are per request. Node's fetch opens
 * as many keep-alive connections per origin as there are requests in flight: one per client.
 */

const run = promisify(execFile);

export default async function checkinBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string', default: '500' },
      rounds: { type: 'string', default: '6' },
      'pgbench-seconds': { type: 'string', default: '10' },
      'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    },
    strict: true,
  });
  const clients = Number(values.clients);
  const rounds = Number(values.rounds);
  if (!(clients >= 1 && clients <= 1000) || !(rounds >= 1)) throw new Error('--clients must be 1..1000 (a shift holds at most 1000), --rounds ≥ 1');
  console.log(`check-in bench: ${clients} clients × ${rounds} rounds; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);

  const serverUrl = values['database-url'];
  const name = `meshwork_bench_checkin_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  try {
    const ours = await checkins(url, clients, rounds);
    const reference = await pgbenchInserts(url, Number(values['pgbench-seconds']));
    console.log('');
    console.log('| | requests/s | p50 ms | p99 ms |');
    console.log('|---|---|---|---|');
    console.log(`| check-in/out via HTTP, ${clients} concurrent clients | ${ours.perSecond.toFixed(0)} | ${ours.p50.toFixed(1)} | ${ours.p99.toFixed(1)} |`);
    console.log(`| pgbench single-row INSERT, ${reference.clients} clients | ${reference.tps.toFixed(0)} | | |`);
    console.log(`\nratio check-ins / pgbench inserts: ${(ours.perSecond / reference.tps).toFixed(3)}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function checkins(url: string, clients: number, rounds: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const db = await openDatabase({ databaseUrl: url, poolSize: 20 });
  await migrate(db);
  await importDivisions(db, {
    provinces: Buffer.from('code,name\n11,"北京市"\n'),
    cities: Buffer.from('code,name,provinceCode\n1101,"市辖区",11\n'),
    areas: Buffer.from('code,name,cityCode,provinceCode\n110101,"东城区",1101,11\n'),
    streets: Buffer.from('code,name,areaCode,provinceCode,cityCode\n110101001,"东华门街道",110101,11,1101\n'),
    villages: Buffer.from('code,name,streetCode,provinceCode,cityCode,areaCode\n110101001001,"多福巷社区居委会",110101001,11,1101,110101\n'),
  });
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), databaseUrl: url, fieldKey: generateFieldKey() };
  const app = await buildApp({ config, db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const sessions = new Sessions(db.kysely, config.session);
  const k = db.kysely;
  try {
    const community = (await k.selectFrom('region').select('id').where('code', '=', '110101001001').executeTakeFirstOrThrow()).id;
    const account = async (i: number, grant: boolean) => {
      const person = await k.insertInto('person').values({ name: `成员${i}`, phone: `139${String(10_000_000 + i).slice(-8)}` }).returning('id').executeTakeFirstOrThrow();
      const user = await k.insertInto('app_user').values({ person_id: person.id, username: `bench${i}`, password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      if (grant) await k.insertInto('user_grant').values({ user_id: user.id, role: 'region_admin', region_id: community }).execute();
      else await k.insertInto('enrolment').values({ person_id: person.id, community_id: community, status: 'confirmed', decided_at: new Date() }).execute();
      return `meshwork_session=${await sessions.create(user.id, { ip: null, userAgent: null })}`;
    };
    const call = async (cookie: string, method: string, route: string, body?: unknown) => {
      const res = await fetch(`${base}/api${route}`, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
      return json as Record<string, unknown>;
    };

    // The community posts a site and a shift starting in ten minutes: check-in is open.
    const officer = await account(0, true);
    const site = await call(officer, 'POST', '/sites', { regionId: community, name: '北门卡口' });
    const start = new Date(Date.now() + 10 * 60_000 + 8 * 3_600_000).toISOString();
    const end = new Date(Date.now() + 130 * 60_000 + 8 * 3_600_000).toISOString();
    const need = await call(officer, 'POST', '/needs', {
      regionId: community,
      siteId: site.id,
      post: 'checkpoint',
      headcount: Math.max(clients, 1),
      schedule: { firstDate: start.slice(0, 10), days: 1, start: start.slice(11, 16), end: end.slice(11, 16) },
    });
    const shiftId = (need.shifts as Array<{ id: number }>)[0]!.id;
    const members: string[] = [];
    for (let i = 1; i <= clients; i++) members.push(await account(i, false));
    for (let i = 0; i < members.length; i += 50) await Promise.all(members.slice(i, i + 50).map((m) => call(m, 'POST', `/shifts/${shiftId}/signup`)));

    const latencies: number[] = [];
    let timed = 0;
    for (let r = 0; r < rounds; r++) {
      for (const action of ['in', 'out'] as const) {
        const began = performance.now();
        await Promise.all(
          members.map(async (m) => {
            const t0 = performance.now();
            await call(m, 'POST', '/me/checkin', { token: site.checkinToken, action });
            latencies.push(performance.now() - t0);
          }),
        );
        timed += performance.now() - began;
      }
      await k.updateTable('signup').set({ checked_in_at: null, checked_out_at: null, hours: null, presence_by: null }).where('shift_id', '=', shiftId).execute();
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    return { perSecond: latencies.length / (timed / 1000), p50: pct(50), p99: pct(99) };
  } finally {
    await app.close();
    await db.close();
  }
}

/** pgbench on the same server: one INSERT of one row per transaction, the cheapest durable write. */
async function pgbenchInserts(url: string, seconds: number): Promise<{ tps: number; clients: number }> {
  const pool = new pg.Client({ connectionString: url });
  await pool.connect();
  await pool.query('CREATE TABLE pgbench_checkin (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, person_id bigint NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  await pool.end();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshwork-pgbench-'));
  const script = path.join(dir, 'insert.sql');
  await writeFile(script, '\\set p random(1, 1000000)\nINSERT INTO pgbench_checkin (person_id) VALUES (:p);\n');
  const clients = 50;
  try {
    const { stdout } = await run('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, url]);
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { tps: Number(tps[1]), clients };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
