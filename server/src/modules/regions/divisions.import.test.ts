import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { RowError } from '@meshwork/contracts';
import { errorCode, sampleDivisions, useTestApp, userWith, type Client } from '../../../test/helpers.js';
import { AppError } from '../../platform/errors.js';
import { importDivisions, type DivisionFile, type DivisionImportProgress, type DivisionSources } from './divisions.import.js';

/**
 * The national division codes: uploaded as the five CSV files, checked row by row, written all
 * or nothing, and idempotent. The database starts empty; the sample set (北京市 › … › 东城区, two
 * streets, four communities) is the first thing imported.
 */
describe('divisions import', () => {
  const t = useTestApp();
  let admin: Client & { userId: number };

  beforeAll(async () => {
    admin = await userWith(t, [{ role: 'platform_admin' }]);
  });

  // ---- local helpers ----

  type Files = Partial<Record<DivisionFile | string, string>>;

  const upload = (as: Client, files: Files, query = '') =>
    as.upload(`/api/regions/divisions/import${query}`, Object.entries(files).map(([name, text]) => ({ name: `${name}.csv`, data: Buffer.from(text ?? '') })));

  const header: Record<DivisionFile, string> = {
    provinces: 'code,name',
    cities: 'code,name,provinceCode',
    areas: 'code,name,cityCode,provinceCode',
    streets: 'code,name,areaCode,provinceCode,cityCode',
    villages: 'code,name,streetCode,provinceCode,cityCode,areaCode',
  };
  /** One file: its header, then the rows. */
  const csv = (file: DivisionFile, ...rows: string[]) => `${header[file]}\n${rows.map((r) => `${r}\n`).join('')}`;

  async function codes(): Promise<string[]> {
    const rows = await t.db.kysely.selectFrom('region').select('code').where('code', 'is not', null).orderBy('code').execute();
    return rows.map((r) => r.code!);
  }

  /** Refused with IMPORT_INVALID (or `code`), and the tree is as it was. */
  async function refused(send: () => Promise<LightMyRequestResponse>, code = 'IMPORT_INVALID'): Promise<RowError[]> {
    const before = await codes();
    const res = await send();
    expect(errorCode(res), res.body).toBe(code);
    expect(await codes()).toEqual(before);
    return res.json<{ error: { details?: RowError[] } }>().error.details ?? [];
  }

  // ---- through HTTP ----

  it('imports the five files as a platform admin and counts each level', async () => {
    const res = await upload(admin, sampleDivisions);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: { province: 1, city: 1, district: 1, street: 2, community: 4 }, skipped: 0, total: 9 });
    const tree = await t.db.kysely.selectFrom('region').select(['id', 'code', 'path', 'parent_id']).orderBy('code').execute();
    const byCode = new Map(tree.map((r) => [r.code, r]));
    // Each path is the parent's path plus the node's own id.
    for (const r of tree) {
      const parentCode = r.code!.length === 2 ? null : r.code!.slice(0, { 4: 2, 6: 4, 9: 6, 12: 9 }[r.code!.length]);
      const parent = parentCode ? byCode.get(parentCode) : undefined;
      expect(r.parent_id).toBe(parent?.id ?? null);
      expect(r.path).toBe(parent ? `${parent.path}.${r.id}` : String(r.id));
    }
    const [audit] = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'region.import-divisions').execute();
    expect(audit).toMatchObject({ user_id: admin.userId, result: 'ok' });
  });

  it('creates nothing when the same files come again', async () => {
    const res = await upload(admin, sampleDivisions);
    expect(res.json()).toEqual({ created: {}, skipped: 9, total: 0 });
    expect(await codes()).toHaveLength(9);
  });

  it('is refused to a region admin, before any file is read', async () => {
    const district = await t.db.kysely.selectFrom('region').select('id').where('code', '=', '110101').executeTakeFirstOrThrow();
    const regionAdmin = await userWith(t, [{ role: 'region_admin', regionId: district.id }]);
    await refused(() => upload(regionAdmin, { provinces: csv('provinces', '12,"天津市"') }), 'FORBIDDEN');
    const denied = await t.db.kysely.selectFrom('audit_log').selectAll().where('user_id', '=', regionAdmin.userId).where('result', '=', 'denied').execute();
    expect(denied).toHaveLength(1);
  });

  // Each case carries a valid new province beside the bad row, to show that nothing is written.
  const tianjin = csv('provinces', '12,"天津市"');
  it.each<[string, Files, Array<Partial<RowError>>]>([
    [
      'a parent code that disagrees with the code',
      { provinces: tianjin, cities: csv('cities', '1202,"县",11') },
      [{ file: 'cities.csv', row: 2, column: 'provinceCode' }],
    ],
    [
      'an ancestor column that disagrees',
      { provinces: tianjin, villages: csv('villages', '110101001003,"新社区",110101001,11,1102,110101') },
      [{ file: 'villages.csv', row: 2, column: 'cityCode' }],
    ],
    [
      'a duplicate code, within a file',
      { provinces: tianjin, streets: csv('streets', '110101003,"甲街道",110101,11,1101', '110101003,"乙街道",110101,11,1101') },
      [
        { file: 'streets.csv', row: 2, column: 'code' },
        { file: 'streets.csv', row: 3, column: 'code' },
      ],
    ],
    [
      'a code of the wrong length',
      { provinces: tianjin, areas: csv('areas', '11010,"短区",1101,11', '1101020,"长区",1101,11') },
      [
        { file: 'areas.csv', row: 2, column: 'code' },
        { file: 'areas.csv', row: 3, column: 'code' },
      ],
    ],
    [
      'a code with letters',
      { provinces: csv('provinces', '1A,"某省"') },
      [{ file: 'provinces.csv', row: 2, column: 'code' }],
    ],
    [
      'an empty name and one over 100 characters',
      { provinces: csv('provinces', '12,""', `13,"${'省'.repeat(101)}"`) },
      [
        { file: 'provinces.csv', row: 2, column: 'name' },
        { file: 'provinces.csv', row: 3, column: 'name' },
      ],
    ],
    [
      'a parent that exists nowhere',
      { provinces: tianjin, streets: csv('streets', '110102001,"某街道",110102,11,1101') },
      [{ file: 'streets.csv', row: 2, column: 'parentCode' }],
    ],
    [
      'a wrong header',
      { provinces: tianjin, cities: 'code,name,parent\n1202,"县",12\n' },
      [{ file: 'cities.csv', row: 1 }],
    ],
    [
      'malformed CSV',
      { provinces: tianjin, cities: csv('cities', '1202,"县,12') },
      [{ file: 'cities.csv' }],
    ],
  ])('refuses %s with row errors and writes nothing', async (_, files, expected) => {
    const details = await refused(() => upload(admin, files));
    expect(details).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('reports errors in several files at once', async () => {
    const details = await refused(() =>
      upload(admin, { cities: csv('cities', '1202,"县",11'), areas: csv('areas', '11010,"短区",1101,11') }),
    );
    expect(details.map((d) => d.file)).toEqual(['cities.csv', 'areas.csv']);
  });

  it('refuses a file of an unknown name', async () => {
    await refused(() => upload(admin, { provinces: tianjin, towns: 'code,name\n' }), 'FILE_INVALID');
  });

  it('with ?under= imports only that subtree and its ancestors', async () => {
    const files = {
      provinces: csv('provinces', '12,"天津市"'),
      cities: csv('cities', '1201,"市辖区",12'),
      areas: csv('areas', '120101,"和平区",1201,12', '120102,"河东区",1201,12'),
      streets: csv('streets', '120101001,"劝业场街道",120101,12,1201', '120102001,"大王庄街道",120102,12,1201'),
      villages: csv('villages', '120101001001,"花园社区",120101001,12,1201,120101', '120102001001,"大直沽社区",120102001,12,1201,120102'),
    };
    const res = await upload(admin, files, '?under=120101');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: { province: 1, city: 1, district: 1, street: 1, community: 1 }, skipped: 0, total: 5 });
    const tianjinCodes = (await codes()).filter((c) => c.startsWith('12'));
    expect(tianjinCodes).toEqual(['12', '1201', '120101', '120101001', '120101001001']);
    // The rest of the same files can follow later.
    expect((await upload(admin, files)).json()).toEqual({ created: { district: 1, street: 1, community: 1 }, skipped: 5, total: 3 });
  });

  // ---- the function itself ----

  describe('importDivisions()', () => {
    const buffers = (files: Partial<Record<DivisionFile, string>>): DivisionSources =>
      Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]));

    it('takes Buffer sources, reports its phases in order, and is idempotent', async () => {
      const files = {
        provinces: csv('provinces', '13,"河北省"'),
        cities: csv('cities', '1301,"石家庄市",13'),
        // A BOM and a quoted comma, as spreadsheet programs write them.
        areas: `\uFEFF${csv('areas', '130102,"长安区,旧称",1301,13')}`,
      };
      const phases: DivisionImportProgress['phase'][] = [];
      const result = await importDivisions(t.db, buffers(files), { onProgress: (p) => phases.push(p.phase) });
      expect(result).toEqual({ created: { province: 1, city: 1, district: 1 }, skipped: 0, total: 3 });
      expect([...new Set(phases)]).toEqual(['parse', 'check', 'insert']);
      const area = await t.db.kysely.selectFrom('region').select('name').where('code', '=', '130102').executeTakeFirstOrThrow();
      expect(area.name).toBe('长安区,旧称');
      expect(await importDivisions(t.db, buffers(files))).toEqual({ created: {}, skipped: 3, total: 0 });
    });

    it('takes streams as the CLI passes them', async () => {
      const result = await importDivisions(t.db, { provinces: Readable.from([csv('provinces', '14,"山西省"')]) });
      expect(result.created).toEqual({ province: 1 });
    });

    it('throws IMPORT_INVALID with the row errors and writes nothing', async () => {
      const before = await codes();
      const error = await importDivisions(t.db, buffers({ provinces: csv('provinces', '15,"内蒙古自治区"'), cities: csv('cities', '1501,"呼和浩特市",16') })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('IMPORT_INVALID');
      expect((error as AppError).details).toEqual([expect.objectContaining({ file: 'cities.csv', row: 2, column: 'provinceCode' })]);
      expect(await codes()).toEqual(before);
    });

    it('throws FILE_INVALID when given no files', async () => {
      await expect(importDivisions(t.db, {})).rejects.toMatchObject({ code: 'FILE_INVALID' });
    });

    // What the migrations define on region, as the catalog tells it: its indexes, its constraints,
    // and the foreign keys of other tables onto it.
    const schema = async () =>
      (
        await sql<{ name: string; def: string }>`
          SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'region'
          UNION ALL SELECT conname, pg_get_constraintdef(oid) || ' valid ' || convalidated FROM pg_constraint
          WHERE conrelid = 'region'::regclass OR confrelid = 'region'::regclass
          ORDER BY 1, 2`.execute(t.db.kysely)
      ).rows;
    /** 52 new streets of 东城区 with 999 communities each, from 110101901: past the bulk-load threshold. */
    const bulkFiles = (first = 901) => {
      const streets = Array.from({ length: 52 }, (_, i) => `110101${first + i}`);
      return {
        streets,
        files: {
          streets: csv('streets', ...streets.map((s) => `${s},"街道${s}",110101,11,1101`)),
          villages: csv(
            'villages',
            ...streets.flatMap((s) => Array.from({ length: 999 }, (_, j) => `${s}${String(j + 1).padStart(3, '0')},"社区${j}",${s},11,1101,110101`)),
          ),
        },
      };
    };

    // A row refused while the rows go in (a parent nowhere), and a duplicate, which only the
    // rebuilt code index sees.
    it.each([
      ['a parent nowhere and a duplicate', true],
      ['a duplicate alone', false],
    ])('refuses a bulk load with %s, naming the lines, and leaves the tree and its indexes as they were', async (_, orphan) => {
      const before = await schema();
      const beforeCodes = await codes();
      const { files } = bulkFiles(801);
      const rows = files.villages.split('\n');
      // Line 30,002: a community whose street is in no file and not in the tree; line 40,002: a
      // duplicate of line 40,001.
      if (orphan) rows[30_001] = '110101899001,"孤儿社区",110101899,11,1101,110101';
      rows[40_001] = rows[40_000]!;
      const error = await importDivisions(t.db, buffers({ ...files, villages: rows.join('\n') })).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('IMPORT_INVALID');
      expect((error as AppError).details).toEqual([
        expect.objectContaining({ file: 'villages.csv', row: 40_001, column: 'code' }),
        expect.objectContaining({ file: 'villages.csv', row: 40_002, column: 'code' }),
        ...(orphan ? [expect.objectContaining({ file: 'villages.csv', row: 30_002, column: 'parentCode' })] : []),
      ]);
      expect(await codes()).toEqual(beforeCodes);
      expect(await schema()).toEqual(before);
    });

    it('refuses a code twice in a file even when the tree holds it already', async () => {
      const details = await refused(() =>
        upload(admin, { streets: csv('streets', '110101001,"东华门街道",110101,11,1101', '110101001,"东华门街道",110101,11,1101') }),
      );
      expect(details).toEqual([
        expect.objectContaining({ file: 'streets.csv', row: 2, column: 'code' }),
        expect.objectContaining({ file: 'streets.csv', row: 3, column: 'code' }),
      ]);
    });

    it('with under, still refuses a bad row outside the subtree', async () => {
      const details = await refused(() =>
        upload(admin, { provinces: csv('provinces', '16,"某省"', '1X,"坏省"') }, '?under=16'),
      );
      expect(details).toEqual([expect.objectContaining({ file: 'provinces.csv', row: 3, column: 'code' })]);
    });

    it('sets indexes and the keys on them aside for a load that doubles the table, and restores them', async () => {
      const before = await schema();
      const { streets, files } = bulkFiles();
      const phases: DivisionImportProgress['phase'][] = [];
      const result = await importDivisions(t.db, buffers(files), { onProgress: (p) => phases.push(p.phase) });
      expect(result).toEqual({ created: { street: 52, community: 52 * 999 }, skipped: 0, total: 52 + 52 * 999 });
      expect(phases.at(-1)).toBe('index');
      expect(await schema()).toEqual(before);
      // The set-aside key holds again: a grid whose parent is no community is refused.
      const street = await t.db.kysely.selectFrom('region').select(['id', 'path']).where('code', '=', streets[51]!).executeTakeFirstOrThrow();
      await expect(
        sql`INSERT INTO region (parent_id, parent_level, level, name, path) VALUES (${street.id}, 'community', 'grid', 'x', ${street.path}::ltree)`.execute(t.db.kysely),
      ).rejects.toMatchObject({ code: '23503' });
      const sample = await t.db.kysely.selectFrom('region').select(['id', 'path']).where('code', '=', `${streets[51]}999`).executeTakeFirstOrThrow();
      expect(sample.path).toBe(`${street.path}.${sample.id}`);
      // The load drew its ids itself, and moved the sequence past them.
      const next = await sql<{ id: number; max: number }>`
        SELECT nextval(pg_get_serial_sequence('region', 'id')) AS id, (SELECT max(id) FROM region) AS max`.execute(t.db.kysely);
      expect(next.rows[0]!.id).toBeGreaterThan(next.rows[0]!.max);
    });
  });
});
