import { readFile } from 'node:fs/promises';
import { childPath } from '../db/tree.js';
import type { OrgType } from '@meshwork/contracts';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Region } from '../db/schema.js';
import { hashPassword } from '../platform/passwords.js';
import { audit } from '../platform/audit.js';
import { importDivisions, divisionFiles } from '../modules/regions/divisions.import.js';
import { RegionsRepository } from '../modules/regions/regions.repository.js';
import { OrgsRepository } from '../modules/orgs/orgs.repository.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { demoAccounts, DEMO_PASSWORD } from './accounts.js';
import { seedEnrolments } from './enrolment.js';
import { seedResponsibilities } from './responsibilities.js';
import { seedTemporaryBranches } from './temporary-branches.js';
import { seedPairing } from './pairing.js';
import { seedDuty } from './duty.js';

/**
 * The demo dataset: the real divisions of the four districts the source notices name, a grid
 * tree under two communities of 南岭街道 (长春市南关区), an org tree after the notices, and one
 * account per role. Loaded once, on first start in demo mode.
 */

interface OrgSeed {
  key?: string;
  name: string;
  type: OrgType;
  region?: string;
  supervisor?: string;
  children?: OrgSeed[];
}

const orgTree: OrgSeed[] = [
  {
    name: '中共吉林省委组织部', type: 'organization_department', region: '22',
    children: [
      {
        name: '中共吉林省直属机关工作委员会', type: 'working_committee', region: '22',
        children: [{ key: 'forestry-bureau', name: '吉林省林业和草原局', type: 'organ', region: '22' }],
      },
      {
        name: '中共长春市委组织部', type: 'organization_department', region: '2201',
        children: [
          {
            key: 'ngdistrict', name: '中共长春市南关区委组织部', type: 'organization_department', region: '220102',
            children: [
              {
                name: '中共长春市南关区直属机关工作委员会', type: 'working_committee', region: '220102',
                children: [
                  {
                    key: 'ngwjj', name: '南关区卫生健康局', type: 'organ', region: '220102',
                    children: [{ key: 'ngwjj-dzb', name: '中共南关区卫生健康局支部委员会', type: 'branch', region: '220102' }],
                  },
                  {
                    name: '南关区住房和城乡建设局', type: 'organ', region: '220102',
                    children: [{ name: '中共南关区住房和城乡建设局支部委员会', type: 'branch', region: '220102' }],
                  },
                ],
              },
              {
                name: '中共长春市南关区国有资产监督管理委员会委员会', type: 'party_committee', region: '220102',
                children: [
                  {
                    name: '长春南关城市建设投资集团有限公司', type: 'state_enterprise', region: '220102001',
                    children: [
                      {
                        name: '中共长春南关城市建设投资集团有限公司委员会', type: 'party_committee', region: '220102001',
                        children: [{ name: '中共南关城投集团第一支部委员会', type: 'branch', region: '220102001' }],
                      },
                    ],
                  },
                ],
              },
              {
                name: '中共长春市南关区非公有制经济组织和社会组织工作委员会', type: 'working_committee', region: '220102',
                children: [
                  {
                    key: 'lingong', name: '中共长春市南关区林公三会联合支部委员会', type: 'branch', region: '220102',
                    children: [
                      { name: '吉林省公信力建设促进会', type: 'association', region: '220102' },
                      { name: '吉林省森林休憩保育研究会', type: 'association', region: '220102', supervisor: 'forestry-bureau' },
                      { name: '吉林省森林康养产业协会', type: 'association', region: '220102', supervisor: 'forestry-bureau' },
                    ],
                  },
                  { name: '长春市南关区邻里互助服务中心', type: 'social_service_org', region: '220102001' },
                ],
              },
              {
                name: '中共长春市南关区南岭街道工作委员会', type: 'working_committee', region: '220102001',
                children: [
                  {
                    name: '中共华阳社区委员会', type: 'party_committee', region: '220102001001',
                    children: [
                      { name: '华阳社区第一网格党支部', type: 'branch', region: 'huayang/第一网格' },
                      { name: '华阳社区第二网格党支部', type: 'branch', region: 'huayang/第二网格' },
                      { name: '华阳社区“小蜜蜂”志愿服务队', type: 'community_social_org', region: '220102001001' },
                    ],
                  },
                  {
                    name: '中共恒安社区委员会', type: 'party_committee', region: '220102001002',
                    children: [{ name: '恒安社区第一网格党支部', type: 'branch', region: 'hengan/第一网格' }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

/** grid name → buildings → entrances → households per entrance */
const gridPlan: Record<string, { community: string; grids: Array<{ name: string; buildings: number; entrances: number; floors: number }> }> = {
  huayang: {
    community: '220102001001',
    grids: [
      { name: '第一网格', buildings: 2, entrances: 2, floors: 3 },
      { name: '第二网格', buildings: 2, entrances: 2, floors: 3 },
    ],
  },
  hengan: { community: '220102001002', grids: [{ name: '第一网格', buildings: 2, entrances: 2, floors: 2 }] },
};

export async function seedDemo(db: Database, config: Config): Promise<boolean> {
  const accounts = new AccountsRepository(db.kysely);
  if ((await accounts.findForLogin('admin')) !== undefined) return false;

  const dir = new URL('./divisions/', import.meta.url);
  const sources = Object.fromEntries(
    await Promise.all(divisionFiles.map(async (f) => [f, await readFile(new URL(`${f}.csv`, dir))] as const)),
  );
  await importDivisions(db, sources);

  const passwordHash = await hashPassword(DEMO_PASSWORD, config.passwordHash);
  await db.kysely.transaction().execute(async (trx) => {
    const regions = new RegionsRepository(trx);
    const orgs = new OrgsRepository(trx);
    const users = accounts.with(trx);

    // Local keys ('huayang/第一网格/1栋/1单元/101') name the nodes made here.
    const local = new Map<string, number>();
    const add = async (parent: Pick<Region, 'id' | 'level' | 'path'>, key: string, level: 'grid' | 'building' | 'entrance' | 'household', name: string) => {
      const id = await regions.insertLocal(parent, { level, name, occupancy: level === 'household' ? (['owner', 'owner', 'rented', 'vacant'] as const)[local.size % 4] : null });
      local.set(key, id);
      return (await regions.find(id))!;
    };
    for (const [communityKey, plan] of Object.entries(gridPlan)) {
      const community = (await regions.findByCode(plan.community))!;
      for (const g of plan.grids) {
        const grid = await add(community, `${communityKey}/${g.name}`, 'grid', g.name);
        for (let b = 1; b <= g.buildings; b++) {
          const building = await add(grid, `${communityKey}/${g.name}/${b}栋`, 'building', `${b}栋`);
          for (let e = 1; e <= g.entrances; e++) {
            const entrance = await add(building, `${communityKey}/${g.name}/${b}栋/${e}单元`, 'entrance', `${e}单元`);
            for (let f = 1; f <= g.floors; f++) {
              for (const door of [1, 2]) {
                const room = `${f}0${door}`;
                await add(entrance, `${communityKey}/${g.name}/${b}栋/${e}单元/${room}`, 'household', room);
              }
            }
          }
        }
      }
    }
    const regionId = async (ref: string) => local.get(ref) ?? (await regions.findByCode(ref))!.id;

    const orgIds = new Map<string, number>();
    const supervised: Array<{ id: number; supervisor: string }> = [];
    const addOrgs = async (parent: { id: number; path: string } | null, seeds: OrgSeed[]) => {
      for (const s of seeds) {
        const id = await orgs.insert(parent, { type: s.type, name: s.name, region_id: s.region ? await regionId(s.region) : null });
        if (s.key) orgIds.set(s.key, id);
        if (s.supervisor) supervised.push({ id, supervisor: s.supervisor });
        if (s.children) await addOrgs({ id, path: childPath(parent?.path ?? null, id) }, s.children);
      }
    };
    await addOrgs(null, orgTree);
    for (const s of supervised) await orgs.update(s.id, { supervising_org_id: orgIds.get(s.supervisor)! });

    for (const a of demoAccounts) {
      const userId = await users.insertUser({ username: a.username, name: a.name, phone: a.phone, passwordHash, mustChangePassword: false });
      await users.insertGrant({
        userId,
        role: a.role,
        regionId: a.region ? await regionId(a.region) : null,
        orgId: a.org ? orgIds.get(a.org)! : null,
        grantedBy: null,
      });
    }
    await audit(trx, { actor: null, ip: null, userAgent: null }, { action: 'demo.seed', username: 'system', detail: `${local.size} local nodes, ${orgIds.size} keyed orgs, ${demoAccounts.length} accounts` });
  });
  await seedEnrolments(db);
  await seedResponsibilities(db, config);
  await seedTemporaryBranches(db);
  await seedPairing(db);
  // After the enrolment and responsibilities demos: duty assigns their members and signs up their duty member.
  await seedDuty(db, config);
  return true;
}
