import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase, type Database } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrate.js';
import { importDivisions } from '../server/src/modules/regions/divisions.import.js';
import { DEFAULT_SHIFT_LIMIT, DEFAULT_WEIGHTS } from '@meshwork/contracts';
import { allocationService } from '../server/src/modules/allocation/allocation.routes.js';
import { random } from '../server/src/modules/allocation/solver/generate.js';
import { dutyService } from '../server/src/modules/duty/duty.routes.js';
import { EnrolmentService } from '../server/src/modules/enrolment/enrolment.service.js';
import { generateFieldKey } from '../server/src/platform/crypto.js';
import { Sessions } from '../server/src/platform/sessions.js';

/**
 * A district's allocation plan through the whole stack on PostgreSQL: propose (read the gaps and
 * the pool, build the instance, solve, certify, store the plan) and publish (every assignment
 * through duty's rules, one savepoint each), beside references measured in the same run: the
 * same reads alone, the same plan over every eligible pair instead of each side's nearest ones
 * (allocation.instance.ts), and as many plain single-row INSERTs in one transaction as were
 * published.
 *
 *   npm run bench -- allocation-plan [--members 5000] [--streets 10] [--communities 10]
 *                                    [--needs 3] [--database-url URL] [--seed 1]
 *
 * The district has `streets` × `communities` communities with coordinates, `needs` needs per
 * community (daily shifts for a week, headcount 1–5, some wanting a medical skill, some at key
 * sites), risk zones on a quarter of the communities, and `members` confirmed enrolled members
 * spread over them (some with skills, some serving only some days or hours).
 */
export default async function allocationPlanBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      members: { type: 'string', default: '5000' },
      streets: { type: 'string', default: '10' },
      communities: { type: 'string', default: '10' },
      needs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    },
    strict: true,
  });
  const shape = { members: Number(values.members), streets: Number(values.streets), communities: Number(values.communities), needs: Number(values.needs) };
  const serverUrl = values['database-url'];
  const name = `meshwork_bench_allocation_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 10 });
  try {
    console.log(`allocation-plan bench: ${JSON.stringify(shape)}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    await migrate(db);
    const district = await seedDistrict(db, shape, random(Number(values.seed)));
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), databaseUrl: u.toString(), fieldKey: generateFieldKey() };
    const app = await buildApp({ config, db });
    try {
      const k = db.kysely;
      const person = await k.insertInto('person').values({ name: '区调度员' }).returning('id').executeTakeFirstOrThrow();
      const user = await k.insertInto('app_user').values({ person_id: person.id, username: 'planner', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
      await k.insertInto('user_grant').values({ user_id: user.id, role: 'region_admin', region_id: district.id }).execute();
      const cookie = `meshwork_session=${await new Sessions(k, config.session).create(user.id, { ip: null, userAgent: null })}`;
      const call = async (method: 'GET' | 'POST', url: string, body?: object) => {
        const res = await app.inject({ method, url, headers: { cookie }, ...(body ? { payload: body } : {}) });
        if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
        return res.json();
      };
      const china = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
      const range = { from: china(1), to: china(7) };

      // Reference for propose: the reads it makes, alone (gaps, pool, what the pool already holds).
      const duty = dutyService({ db, config });
      const enrolment = new EnrolmentService(k);
      const readsStart = performance.now();
      const from = new Date(`${range.from}T00:00:00+08:00`);
      const to = new Date(Date.parse(`${range.to}T00:00:00+08:00`) + 86_400_000);
      const [shifts, pool] = await Promise.all([duty.plannableShifts(district.path, from, to), enrolment.poolUnder(district.path)]);
      await duty.heldShifts(pool.map((p) => p.personId), from, to);
      const reads = (performance.now() - readsStart) / 1000;

      const proposeStart = performance.now();
      const plan = await call('POST', '/api/allocation/plans', { regionId: district.id, ...range });
      const propose = (performance.now() - proposeStart) / 1000;
      const rerunStart = performance.now();
      const firstItem = plan.communities[0]?.shifts.find((s: { items: unknown[] }) => s.items.length)?.items[0];
      const rerun = await call('POST', '/api/allocation/plans', { regionId: district.id, ...range, basedOn: plan.id, excludePersonIds: firstItem ? [firstItem.personId] : [] });
      const rerunSeconds = (performance.now() - rerunStart) / 1000;

      // Reference for the candidate budget: the same plan over every eligible pair.
      const everyPair = allocationService({ db, config }, { perPerson: Infinity, perShiftMin: Infinity, perShiftPerGap: 0 });
      const ctx = { actor: await new Sessions(k, config.session).loadActor(user.id), ip: null, userAgent: null };
      const exactStart = performance.now();
      const exact = await everyPair.propose(ctx, { regionId: district.id, ...range, weights: DEFAULT_WEIGHTS, shiftLimit: DEFAULT_SHIFT_LIMIT, excludePersonIds: [], excludeShiftIds: [] });
      const exactSeconds = (performance.now() - exactStart) / 1000;

      const publishStart = performance.now();
      const published = await call('POST', `/api/allocation/plans/${rerun.id}/publish`, {});
      const publish = (performance.now() - publishStart) / 1000;
      const items = published.communities.flatMap((c: { shifts: Array<{ items: Array<{ outcome: string }> }> }) => c.shifts.flatMap((s) => s.items));
      const assigned = items.filter((i: { outcome: string }) => i.outcome === 'assigned').length;

      // Reference for publish: as many single-row INSERTs, one transaction, same pool.
      await sql`CREATE TABLE bench_insert (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, shift_id bigint NOT NULL, person_id bigint NOT NULL)`.execute(k);
      const insertStart = performance.now();
      await k.transaction().execute(async (trx) => {
        for (let i = 0; i < items.length; i++) await sql`INSERT INTO bench_insert (shift_id, person_id) VALUES (${i}, ${i})`.execute(trx);
      });
      const inserts = (performance.now() - insertStart) / 1000;

      const s = plan.summary;
      const e = exact.summary;
      console.log('');
      console.log(`district: ${district.communities} communities, ${shifts.length} open shifts with ${s.gap} places to fill, pool ${s.pool} (${pool.length} enrolled), ${s.candidates} candidate pairs`);
      console.log(`plan: ${s.planned} assignments (coverage ${s.coverage} of at most ${s.coverageUpperBound}, travel ${s.travel}); tiers ${JSON.stringify(s.tiers)}; certified ${s.certified}, exact ${s.exact} after ${s.rounds} solves`);
      console.log(`over every eligible pair: ${e.planned} assignments (coverage ${e.coverage}, travel ${e.travel}); tiers ${JSON.stringify(e.tiers)}; certified ${e.certified}`);
      console.log('');
      console.log('| step | seconds | reference | ratio |');
      console.log('|---|---|---|---|');
      console.log(`| propose (HTTP: reads, instance, solve, certificate, store) | ${propose.toFixed(2)} | its reads alone ${reads.toFixed(2)} s | ${(propose / reads).toFixed(1)} |`);
      console.log(`| re-run with one exclusion | ${rerunSeconds.toFixed(2)} | | |`);
      console.log(`| the same plan over every eligible pair (${e.candidates} pairs) | ${exactSeconds.toFixed(2)} | budgeted: ${s.candidates} pairs, ${propose.toFixed(2)} s | ${(exactSeconds / propose).toFixed(1)} |`);
      console.log(`| publish ${assigned}/${items.length} assignments through duty | ${publish.toFixed(2)} | ${items.length} plain INSERTs in one transaction ${inserts.toFixed(2)} s | ${(publish / inserts).toFixed(1)} |`);
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function seedDistrict(
  db: Database,
  shape: { members: number; streets: number; communities: number; needs: number },
  rnd: () => number,
): Promise<{ id: number; path: string; communities: number }> {
  const streets = Array.from({ length: shape.streets }, (_, i) => `220102${String(i + 1).padStart(3, '0')}`);
  const villages = streets.flatMap((s) => Array.from({ length: shape.communities }, (_, i) => [`${s}${String(i + 1).padStart(3, '0')}`, s] as const));
  await importDivisions(db, {
    provinces: Buffer.from('code,name\n22,"吉林省"\n'),
    cities: Buffer.from('code,name,provinceCode\n2201,"长春市",22\n'),
    areas: Buffer.from('code,name,cityCode,provinceCode\n220102,"南关区",2201,22\n'),
    streets: Buffer.from(`code,name,areaCode,provinceCode,cityCode\n${streets.map((s, i) => `${s},"第${i + 1}街道",220102,22,2201`).join('\n')}\n`),
    villages: Buffer.from(`code,name,streetCode,provinceCode,cityCode,areaCode\n${villages.map(([v, s], i) => `${v},"第${i + 1}社区",${s},22,2201,220102`).join('\n')}\n`),
  });
  const k = db.kysely;
  const district = await k.selectFrom('region').select(['id', sql<string>`path::text`.as('path')]).where('code', '=', '220102').executeTakeFirstOrThrow();
  const communities = await k.selectFrom('region').select('id').where('level', '=', 'community').orderBy('id').execute();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const chunked = async <T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 2000) await write(rows.slice(i, i + 2000));
  };
  // Communities within ~8 km of the district's centre.
  for (const c of communities) {
    await k.updateTable('region').set({ latitude: 43.86 + (rnd() - 0.5) * 0.14, longitude: 125.34 + (rnd() - 0.5) * 0.2 }).where('id', '=', c.id).execute();
  }
  const zones = communities.slice(0, Math.floor(communities.length / 4));
  await k
    .insertInto('risk_zone')
    .values(zones.map((c, i) => ({ region_id: c.id, level: (['sealed', 'controlled', 'precaution'] as const)[i % 3]!, starts_at: new Date(Date.now() - 86_400_000) })))
    .execute();

  const people = Array.from({ length: shape.members }, (_, i) => ({ name: `党员${i + 1}`, phone: `139${String(10_000_000 + i).slice(-8)}` }));
  const personIds: number[] = [];
  await chunked(people, async (chunk) => personIds.push(...(await k.insertInto('person').values(chunk).returning('id').execute()).map((r) => r.id)));
  const enrolments = personIds.map((personId) => {
    const r = rnd();
    return {
      person_id: personId,
      community_id: pick(communities).id,
      status: 'confirmed' as const,
      decided_at: new Date(),
      skills: r < 0.1 ? ['medical'] : r < 0.3 ? ['driving'] : [],
      available_days: rnd() < 0.2 ? [6, 7] : [],
      available_periods: rnd() < 0.2 ? ['evening'] : [],
    };
  });
  await chunked(enrolments, (chunk) => k.insertInto('enrolment').values(chunk).execute());

  const windows = [
    ['07:00', 5],
    ['12:00', 6],
    ['18:00', 4],
    ['22:00', 9],
  ] as const;
  const firstDay = Date.parse(`${new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  let token = 0;
  for (const c of communities) {
    for (let n = 0; n < shape.needs; n++) {
      const site = await k
        .insertInto('duty_site')
        .values({ region_id: c.id, name: `值守点${n + 1}`, checkin_token: `bench-token-${String(++token).padStart(12, '0')}`, key_site: rnd() < 0.1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const headcount = 1 + Math.floor(rnd() * 5);
      const need = await k
        .insertInto('need')
        .values({ region_id: c.id, site_id: site.id, post: 'checkpoint', headcount, required_skills: rnd() < 0.1 ? ['medical'] : [] })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [start, hours] = pick(windows);
      const offset = (Number(start.slice(0, 2)) * 60 + Number(start.slice(3))) * 60_000;
      await k
        .insertInto('shift')
        .values(Array.from({ length: 7 }, (_, d) => ({ need_id: need.id, headcount, starts_at: new Date(firstDay + d * 86_400_000 + offset), ends_at: new Date(firstDay + d * 86_400_000 + offset + hours * 3_600_000) })))
        .execute();
    }
  }
  return { id: district.id, path: district.path, communities: communities.length };
}
