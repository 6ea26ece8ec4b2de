import type { Post, Skill } from '@meshwork/contracts';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { RequestContext } from '../platform/context.js';
import { Sessions } from '../platform/sessions.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { dutyService } from '../modules/duty/duty.routes.js';
import { EnrolmentService } from '../modules/enrolment/enrolment.service.js';
import { RegionsRepository } from '../modules/regions/regions.repository.js';
import { DUTY_DEMO_MEMBER } from './responsibilities.js';

const HUAYANG = '220102001001';
const HENGAN = '220102001002';

interface DemoNeed {
  site: string;
  post: Post;
  title?: string;
  headcount: number;
  requiredSkills?: Skill[];
  notes?: string;
  days: number;
  start: string;
  end: string;
  /** Confirmed members of 华阳社区 (the enrolment demo's) the community assigns to the first shift. */
  assign?: string[];
  /** The demo duty member signs up for the first shift themself (waitlisted when it is full). */
  memberSignsUp?: boolean;
}

/**
 * 华阳社区 at work: two sites, a checkpoint whose first shift is full with the demo duty member
 * (钱志愿, `dutymember`) on its waitlist, testing support needing a medical skill that member
 * lacks, and a night shift nobody has taken (a gap); 恒安社区 has a need of its own, so the
 * street's gap table compares two communities. The street has designated 华阳社区 第二网格 a
 * controlled zone. The east-gate checkpoint is a key site, and the sites and both communities have
 * coordinates, so the street's allocation plan (力量调配) has priorities and distances to show.
 * Everything goes through the duty service, under its rules, as the demo's
 * street and community accounts; shifts start tomorrow (China time), so the e2e's own shift,
 * starting within the hour, never overlaps them.
 */
const sites: Array<{ community: string; name: string; address: string; keySite?: boolean; latitude: number; longitude: number }> = [
  { community: HUAYANG, name: '华阳社区东门卡口', address: '华阳街东门', keySite: true, latitude: 43.8611, longitude: 125.339 },
  { community: HUAYANG, name: '华阳社区核酸采样点', address: '社区广场', latitude: 43.86, longitude: 125.3365 },
  { community: HENGAN, name: '恒安社区南门卡口', address: '恒安路南门', latitude: 43.854, longitude: 125.3445 },
];

/** Where the two communities are (长春市南关区), so allocation can measure distances within a tier. */
const places: Array<{ code: string; latitude: number; longitude: number }> = [
  { code: HUAYANG, latitude: 43.8605, longitude: 125.3372 },
  { code: HENGAN, latitude: 43.8552, longitude: 125.3441 },
];

const needs: Array<DemoNeed & { community: string; by: 'community' | 'street' }> = [
  { community: HUAYANG, by: 'community', site: '华阳社区东门卡口', post: 'checkpoint', headcount: 2, days: 7, start: '07:00', end: '12:00', notes: '查验通行证，登记外来人员', assign: ['赵建国', '孙晓梅'], memberSignsUp: true },
  { community: HUAYANG, by: 'community', site: '华阳社区核酸采样点', post: 'testing', headcount: 3, requiredSkills: ['medical'], days: 3, start: '14:00', end: '18:00', notes: '协助采样，需医疗背景', assign: ['刘卫民'] },
  { community: HUAYANG, by: 'community', site: '华阳社区东门卡口', post: 'entry_registration', headcount: 2, days: 3, start: '19:00', end: '07:00', notes: '夜间出入登记' },
  { community: HENGAN, by: 'street', site: '恒安社区南门卡口', post: 'disinfection', headcount: 2, days: 2, start: '09:00', end: '11:00' },
];

export async function seedDuty(db: Database, config: Config): Promise<void> {
  const duty = dutyService({ db, config });
  const accounts = new AccountsRepository(db.kysely);
  const regions = new RegionsRepository(db.kysely);
  const sessions = new Sessions(db.kysely, config.session);
  const as = async (username: string): Promise<RequestContext> => {
    const user = (await accounts.findForLogin(username))!;
    return { actor: await sessions.loadActor(user.id), ip: null, userAgent: null };
  };
  const ctx = { community: await as('community'), street: await as('street') };
  const member = await as(DUTY_DEMO_MEMBER.username);

  const communityIds = new Map<string, number>();
  for (const code of [HUAYANG, HENGAN]) communityIds.set(code, (await regions.findByCode(code))!.id);
  const huayang = communityIds.get(HUAYANG)!;
  const people = new Map((await new EnrolmentService(db.kysely).confirmedIn(huayang)).map((e) => [e.personName, e.personId]));

  for (const p of places) await regions.locate(communityIds.get(p.code)!, p.latitude, p.longitude);
  const siteIds = new Map<string, number>();
  for (const s of sites) {
    const site = await duty.createSite(s.community === HUAYANG ? ctx.community : ctx.street, {
      regionId: communityIds.get(s.community)!,
      name: s.name,
      address: s.address,
      keySite: s.keySite ?? false,
      latitude: s.latitude,
      longitude: s.longitude,
    });
    siteIds.set(s.name, site.id);
  }

  // Tomorrow's date in China Standard Time (UTC+8, no daylight saving).
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  for (const n of needs) {
    const need = await duty.createNeed(ctx[n.by], {
      regionId: communityIds.get(n.community)!,
      siteId: siteIds.get(n.site)!,
      post: n.post,
      title: n.title,
      headcount: n.headcount,
      requiredSkills: n.requiredSkills ?? [],
      notes: n.notes,
      schedule: { firstDate: tomorrow, days: n.days, start: n.start, end: n.end },
    });
    const first = need.shifts[0]!.id;
    // The enrolment demo may have changed its cast; whoever is missing is simply not assigned.
    const assigned = (n.assign ?? []).flatMap((name) => people.get(name) ?? []);
    if (assigned.length) await duty.assign(ctx[n.by], first, { personIds: assigned });
    if (n.memberSignsUp) await duty.signUp(member, first);
  }

  const grid = (await regions.findChildByName(huayang, '第二网格'))!;
  await duty.designate(ctx.street, {
    regionId: grid.id,
    level: 'controlled',
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    reason: '第二网格解除封控后转为管控区，居民错峰有序流动',
  });
}
