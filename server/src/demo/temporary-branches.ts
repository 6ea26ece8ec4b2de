import type { TemporaryBranchPurpose } from '@meshwork/contracts';
import type { Database } from '../db/database.js';
import { audit } from '../platform/audit.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { EnrolmentService } from '../modules/enrolment/enrolment.service.js';
import { OrgsRepository } from '../modules/orgs/orgs.repository.js';
import { RegionsRepository } from '../modules/regions/regions.repository.js';
import { TemporaryBranchesRepository } from '../modules/temporary-branches/temporary-branches.repository.js';

const HUAYANG = '220102001001';
const NANLING = '220102001';

interface DemoBranch {
  name: string;
  purpose: TemporaryBranchPurpose;
  /** A division code, or a code and names below it. */
  area: [string, ...string[]];
  task: string | null;
  parent: string;
  setUpBy: string;
  /** Confirmed members of 华阳社区 (the enrolment demo's), secretary first. */
  members: string[];
  setUpDaysAgo: number;
  /** Why it was dissolved: at seeding time, as its org is closed then. */
  dissolved?: string;
}

/**
 * One temporary branch at work and one already dissolved, so that the screen shows both and the
 * history of a dissolved one; 第一网格 is left free for setting one up in the walkthrough (and the e2e).
 */
const branches: DemoBranch[] = [
  {
    name: '南岭街道南岭宾馆隔离点临时党支部',
    purpose: 'quarantine_site',
    area: [NANLING],
    task: '南岭宾馆集中隔离点',
    parent: '中共长春市南关区南岭街道工作委员会',
    setUpBy: 'street',
    members: ['孙晓梅', '陈丽华'],
    setUpDaysAgo: 3,
  },
  {
    name: '华阳社区第二网格封控区临时党支部',
    purpose: 'sealed_area',
    area: [HUAYANG, '第二网格'],
    task: null,
    parent: '中共华阳社区委员会',
    setUpBy: 'community',
    members: ['赵建国', '孙晓梅'],
    setUpDaysAgo: 16,
    dissolved: '第二网格解除封控，任务完成',
  },
];

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

export async function seedTemporaryBranches(db: Database): Promise<void> {
  const regions = new RegionsRepository(db.kysely);
  const accounts = new AccountsRepository(db.kysely);
  const lookup = new TemporaryBranchesRepository(db.kysely);
  const huayang = (await regions.findByCode(HUAYANG))!;
  const people = new Map((await new EnrolmentService(db.kysely).confirmedIn(huayang.id)).map((e) => [e.personName, e.personId]));
  const parents = new Map((await lookup.partyOrgsIn({ all: true }, ['party_committee', 'working_committee'])).map((o) => [o.name, o.id]));
  const planned: Array<Omit<DemoBranch, 'setUpBy'> & { regionId: number; setUpBy: number }> = [];
  for (const b of branches) {
    const [code, ...names] = b.area;
    let area = (await regions.findByCode(code))!;
    for (const name of names) area = (await regions.findChildByName(area.id, name))!;
    planned.push({ ...b, regionId: area.id, setUpBy: (await accounts.findForLogin(b.setUpBy))!.id });
  }
  await db.kysely.transaction().execute(async (trx) => {
    const orgs = new OrgsRepository(trx);
    const repo = new TemporaryBranchesRepository(trx);
    for (const b of planned) {
      const parent = (await orgs.lock(parents.get(b.parent)!))!;
      const id = await orgs.insert(parent, { type: 'temporary_branch', name: b.name, region_id: b.regionId });
      await repo.insert({ org_id: id, purpose: b.purpose, region_id: b.regionId, task: b.task, set_up_by: b.setUpBy });
      const [secretary, ...rest] = b.members.map((name) => people.get(name)!);
      await repo.openRow(id, secretary!, 'secretary');
      await repo.addMembers(id, rest);
      if (b.dissolved) {
        await repo.dissolve(id, b.dissolved);
        await orgs.close(id, b.dissolved);
      }
      // Dated back, so that the history reads like one: set up and staffed days ago.
      const setUpAt = daysAgo(b.setUpDaysAgo);
      await trx.updateTable('temporary_branch').set({ set_up_at: setUpAt }).where('org_id', '=', id).execute();
      await trx.updateTable('temporary_branch_member').set({ joined_at: setUpAt }).where('org_id', '=', id).execute();
    }
    await audit(trx, { actor: null, ip: null, userAgent: null }, { action: 'demo.seed', username: 'system', detail: `${planned.length} temporary branches` });
  });
}
