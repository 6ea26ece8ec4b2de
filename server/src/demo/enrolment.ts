import type { DayPeriod, Post, Skill } from '@meshwork/contracts';
import type { Database } from '../db/database.js';
import { audit } from '../platform/audit.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { EnrolmentRepository } from '../modules/enrolment/enrolment.repository.js';
import { PeopleRepository } from '../modules/people/people.repository.js';
import { RegionsRepository } from '../modules/regions/regions.repository.js';

interface DemoEnrolment {
  name: string;
  gender: 'male' | 'female';
  phone: string;
  /** The member's branch (组织关系), by name. */
  branch: string;
  community: string;
  /** Names below the community: grid, building, entrance, household. */
  home: string[];
  skills: Skill[];
  posts: Post[];
  availability: string;
  /** What of `availability` allocation can plan by: ISO weekdays and parts of the day (empty: any). */
  days?: number[];
  periods?: DayPeriod[];
  confirmed: boolean;
}

const WJJ = '中共南关区卫生健康局支部委员会';
const ZJJ = '中共南关区住房和城乡建设局支部委员会';
const CT = '中共南关城投集团第一支部委员会';
const HUAYANG = '220102001001';
const HENGAN = '220102001002';

/**
 * In-service members enrolled where they live (党员报到): confirmed ones at 华阳社区 and 恒安社区
 * that duty roles, teams and temporary branches build on, and pending ones for the community to
 * decide. The demo `member` account (张党员) is left unenrolled, so enrolling can be tried.
 */
const enrolments: DemoEnrolment[] = [
  { name: '刘卫民', gender: 'male', phone: '13900001001', branch: WJJ, community: HUAYANG, home: ['第一网格', '1栋', '1单元', '201'], skills: ['medical'], posts: ['testing', 'tracing'], availability: '工作日晚上、周末', confirmed: true },
  { name: '陈丽华', gender: 'female', phone: '13900001002', branch: WJJ, community: HUAYANG, home: ['第一网格', '2栋', '1单元', '102'], skills: ['nursing', 'counselling'], posts: ['testing', 'counselling'], availability: '周末全天', days: [6, 7], confirmed: true },
  { name: '赵建国', gender: 'male', phone: '13900001003', branch: ZJJ, community: HUAYANG, home: ['第二网格', '1栋', '2单元', '301'], skills: ['driving', 'electrician'], posts: ['checkpoint', 'supplies'], availability: '每天 18:00 以后', confirmed: true },
  { name: '孙晓梅', gender: 'female', phone: '13900001004', branch: CT, community: HUAYANG, home: ['第二网格', '2栋', '1单元', '202'], skills: ['it'], posts: ['entry_registration', 'temperature_scan'], availability: '周六', days: [6], confirmed: true },
  { name: '周志强', gender: 'male', phone: '13900001005', branch: CT, community: HUAYANG, home: ['第一网格', '1栋', '2单元', '101'], skills: ['logistics'], posts: ['living_support', 'order'], availability: '随叫随到', confirmed: false },
  { name: '吴秀英', gender: 'female', phone: '13900001006', branch: ZJJ, community: HUAYANG, home: ['第二网格'], skills: ['teaching'], posts: ['screening'], availability: '周日上午', confirmed: false },
  { name: '郑海涛', gender: 'male', phone: '13900001007', branch: WJJ, community: HENGAN, home: ['第一网格', '1栋', '1单元', '101'], skills: ['medical', 'driving'], posts: ['transfer', 'disinfection'], availability: '周末', confirmed: true },
  { name: '王春燕', gender: 'female', phone: '13900001008', branch: CT, community: HENGAN, home: ['第一网格', '2栋', '2单元', '202'], skills: ['legal'], posts: ['order', 'counselling'], availability: '工作日晚上', days: [1, 2, 3, 4, 5], periods: ['evening'], confirmed: true },
  { name: '冯立新', gender: 'male', phone: '13900001009', branch: ZJJ, community: HENGAN, home: ['第一网格', '2栋'], skills: ['plumbing'], posts: ['disinfection'], availability: '周六下午', confirmed: false },
];

export async function seedEnrolments(db: Database): Promise<void> {
  const accounts = new AccountsRepository(db.kysely);
  const decider = await accounts.findForLogin('community');
  const member = await accounts.findUser((await accounts.findForLogin('member'))!.id);
  await db.kysely.transaction().execute(async (trx) => {
    const people = new PeopleRepository(trx);
    const repo = new EnrolmentRepository(trx);
    const regions = new RegionsRepository(trx);
    // 张党员's membership, so that enrolling names the branch by default.
    await people.addParty(member!.person_id, (await repo.orgsNamed(WJJ, 1))[0]!.id, 'formal');
    for (const e of enrolments) {
      const community = (await regions.findByCode(e.community))!;
      let home: number | null = null;
      for (const name of e.home) home = (await repo.children(home ?? community.id)).find((c) => c.name === name)!.id;
      const [branch] = await repo.orgsNamed(e.branch, 1);
      const personId = await people.insertPerson({ name: e.name, phone: e.phone, gender: e.gender, skills: e.skills, availability: e.availability });
      await people.addParty(personId, branch!.id, 'formal');
      const id = (await repo.insert({
        person_id: personId,
        community_id: community.id,
        home_id: home,
        org_id: branch!.id,
        invitation_id: null,
        skills: e.skills,
        availability: e.availability,
        available_days: e.days ?? [],
        available_periods: e.periods ?? [],
        preferred_posts: e.posts,
        note: null,
      }))!;
      if (e.confirmed) {
        await repo.transition(id, ['pending'], 'confirmed', { decided_by: decider?.id });
        await repo.touch([id]);
      }
    }
    await audit(trx, { actor: null, ip: null, userAgent: null }, { action: 'demo.seed', username: 'system', detail: `${enrolments.length} enrolments` });
  });
}
