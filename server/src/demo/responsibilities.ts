import type { DutyRole } from '@meshwork/contracts';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { audit } from '../platform/audit.js';
import { hashPassword } from '../platform/passwords.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { EnrolmentService } from '../modules/enrolment/enrolment.service.js';
import { RegionsRepository } from '../modules/regions/regions.repository.js';
import { ResponsibilitiesRepository } from '../modules/responsibilities/responsibilities.repository.js';
import { DEMO_PASSWORD } from './accounts.js';

const HUAYANG = '220102001001';

/**
 * A member who can sign in and open 我的责任 on a phone. The confirmed members of the enrolment
 * demo have no accounts, and the demo `member` (张党员) is left unenrolled for trying enrolment,
 * so this one gets an account and a confirmed enrolment at 华阳社区 here (as the test factory
 * writes one); the community gives them work in the walkthrough (and the e2e).
 */
export const DUTY_DEMO_MEMBER = { username: 'dutymember', name: '钱志愿', phone: '13900001020', home: ['第一网格', '1栋', '1单元', '102'] };

/** Duty roles and places (names below 华阳社区) of the enrolment demo's confirmed members there. */
const plan: Array<{ name: string; roles: DutyRole[]; zones: string[][]; care: string[][] }> = [
  { name: '刘卫民', roles: ['information'], zones: [['第一网格', '1栋']], care: [] },
  { name: '陈丽华', roles: ['hygiene'], zones: [], care: [['第一网格', '2栋', '1单元', '101'], ['第一网格', '2栋', '1单元', '102']] },
  { name: '赵建国', roles: ['patrol', 'safety'], zones: [['第二网格']], care: [] },
  { name: '孙晓梅', roles: ['publicity'], zones: [], care: [] },
];

/**
 * Duty roles, zones and household care at 华阳社区, so that the duty screen shows members at
 * work, a grid fully covered (第二网格) and one with uncovered households (第一网格's 2栋).
 */
export async function seedResponsibilities(db: Database, config: Config): Promise<void> {
  const regions = new RegionsRepository(db.kysely);
  const community = (await regions.findByCode(HUAYANG))!;
  const placeOf = async (names: string[]) => {
    let id = community.id;
    for (const name of names) id = (await regions.findChildByName(id, name))!.id;
    return id;
  };
  const places = new Map<string, number>();
  for (const names of [DUTY_DEMO_MEMBER.home, ...plan.flatMap((p) => [...p.zones, ...p.care])]) places.set(names.join('/'), await placeOf(names));
  const enrolments = new EnrolmentService(db.kysely);
  const members = new Map((await enrolments.confirmedIn(community.id)).map((e) => [e.personName, e.id]));
  const decider = await new AccountsRepository(db.kysely).findForLogin('community');
  const passwordHash = await hashPassword(DEMO_PASSWORD, config.passwordHash);

  const memberEnrolment = await db.kysely.transaction().execute(async (trx) => {
    const accounts = new AccountsRepository(trx);
    const userId = await accounts.insertUser({ ...DUTY_DEMO_MEMBER, passwordHash, mustChangePassword: false });
    const { person_id } = await trx.selectFrom('app_user').select('person_id').where('id', '=', userId).executeTakeFirstOrThrow();
    const enrolment = await trx
      .insertInto('enrolment')
      .values({
        person_id,
        community_id: community.id,
        home_id: places.get(DUTY_DEMO_MEMBER.home.join('/'))!,
        status: 'confirmed',
        decided_by: decider?.id ?? null,
        decided_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const repo = new ResponsibilitiesRepository(trx);
    let given = 0;
    for (const p of plan) {
      const enrolmentId = members.get(p.name);
      // The enrolment demo may have changed its cast; whoever is missing simply gets nothing.
      if (enrolmentId === undefined) continue;
      for (const role of p.roles) await repo.insertDutyRole(enrolmentId, role, decider?.id ?? null);
      for (const [kind, list] of [['zone', p.zones], ['care', p.care]] as const) {
        for (const names of list) {
          await repo.insertResponsibility({ enrolmentId, kind, regionId: places.get(names.join('/'))!, note: null, assignedBy: decider?.id ?? null });
          given++;
        }
      }
    }
    await audit(trx, { actor: null, ip: null, userAgent: null }, { action: 'demo.seed', username: 'system', detail: `duty: 1 member account, ${given} zones and households` });
    return enrolment.id;
  });
  await enrolments.touch([memberEnrolment, ...members.values()]);
}
