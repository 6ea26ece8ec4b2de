import type { PairingStatus, TeamKind } from '@meshwork/contracts';
import type { Database } from '../db/database.js';
import { audit } from '../platform/audit.js';
import { AccountsRepository } from '../modules/accounts/accounts.repository.js';
import { OrgsRepository } from '../modules/orgs/orgs.repository.js';
import { PeopleRepository } from '../modules/people/people.repository.js';
import { RegionsRepository } from '../modules/regions/regions.repository.js';
import { EnrolmentRepository } from '../modules/enrolment/enrolment.repository.js';
import { PairingRepository } from '../modules/pairing/pairing.repository.js';
import { TeamsRepository } from '../modules/teams/teams.repository.js';

const WJJ = '南关区卫生健康局';
const ZJJ = '南关区住房和城乡建设局';
const CT = '长春南关城市建设投资集团有限公司';
const KANGYANG = '吉林省森林康养产业协会';
const NANLING = '220102001';
const HUAYANG = '220102001001';
const HENGAN = '220102001002';

interface DemoTeam {
  key: string;
  kind: TeamKind;
  name: string;
  /** An org by name (its members under it join), or a community by code (its confirmed enrolled members join). */
  org?: string;
  community?: string;
  note?: string;
}

const teams: DemoTeam[] = [
  { key: 'wjj', kind: 'commando', name: '卫健局党员突击队', org: WJJ, note: '核酸检测、流调支援' },
  { key: 'zjj', kind: 'volunteer', name: '住建局党员志愿服务队', org: ZJJ, note: '小区封控设施搭建' },
  { key: 'ct', kind: 'commando', name: '城投集团党员突击队', org: CT, note: '物资转运、卡口值守' },
  { key: 'huayang', kind: 'service', name: '华阳社区民呼我行服务队', community: HUAYANG, note: '独居老人、困难家庭代购送药' },
];

interface DemoPairing {
  unit: string;
  place: string;
  liaison: [string, string];
  people: number;
  funds: number;
  materials: string;
  teams: string[];
  status: PairingStatus;
  declineReason?: string;
}

/**
 * Unit pairings at 南岭街道 and its communities in every state, so that both sides' screens have
 * something to show: 住建局's pending one at 华阳社区 waits for the `community` account, and
 * 卫健局 (the `orgadmin` account's unit) is paired with 恒安社区 only, leaving 华阳社区 to try.
 */
const pairings: DemoPairing[] = [
  { unit: CT, place: NANLING, liaison: ['李建军', '13900002001'], people: 20, funds: 50000, materials: '防护服 500 套、消毒液 30 箱', teams: ['ct'], status: 'confirmed' },
  { unit: WJJ, place: HENGAN, liaison: ['王敏', '13900002002'], people: 8, funds: 0, materials: '测温枪 20 把', teams: ['wjj'], status: 'confirmed' },
  { unit: ZJJ, place: HUAYANG, liaison: ['赵刚', '13900002003'], people: 6, funds: 10000, materials: '围挡 200 米', teams: ['zjj'], status: 'pending' },
  { unit: KANGYANG, place: HENGAN, liaison: ['刘芳', '13900002004'], people: 3, funds: 2000, materials: '', teams: [], status: 'declined', declineReason: '本社区所需物资已足，请向华阳社区报到' },
];

export async function seedPairing(db: Database): Promise<void> {
  const accounts = new AccountsRepository(db.kysely);
  const [orgAdmin, community, street] = await Promise.all(['orgadmin', 'community', 'street'].map((u) => accounts.findForLogin(u)));
  await db.kysely.transaction().execute(async (trx) => {
    const orgs = new OrgsRepository(trx);
    const regions = new RegionsRepository(trx);
    const people = new PeopleRepository(trx);
    const enrolment = new EnrolmentRepository(trx);
    const teamRepo = new TeamsRepository(trx);
    const pairingRepo = new PairingRepository(trx);
    const orgNamed = async (name: string) => (await orgs.findActiveByName(name))[0]!;

    const teamIds = new Map<string, number>();
    for (const t of teams) {
      const org = t.org ? await orgNamed(t.org) : undefined;
      const place = t.community ? (await regions.findByCode(t.community))! : undefined;
      const id = await teamRepo.insert({ kind: t.kind, name: t.name, ownerOrgId: org?.id ?? null, ownerRegionId: place?.id ?? null, note: t.note ?? null, createdBy: org ? (orgAdmin?.id ?? null) : (community?.id ?? null) });
      teamIds.set(t.key, id);
      // The org's own people, or the community's confirmed enrolled members (then counted active).
      const enrolled = place ? (await enrolment.confirmedIn(place.id)).slice(0, 4) : [];
      const members = org ? (await people.membersUnder(org.path, undefined, null)).rows.map((p) => p.id) : enrolled.map((e) => e.personId);
      for (const personId of members) await teamRepo.addMember(id, personId);
      await enrolment.touch(enrolled.map((e) => e.id));
      if (members[0] !== undefined) await teamRepo.update(id, { leader_person_id: members[0] });
    }

    for (const p of pairings) {
      const unit = await orgNamed(p.unit);
      const place = (await regions.findByCode(p.place))!;
      const decider = place.level === 'street' ? street : community;
      const id = (await pairingRepo.insert(
        unit.id,
        place.id,
        { liaison_name: p.liaison[0], liaison_phone: p.liaison[1], offer_people: p.people, offer_funds: p.funds, offer_materials: p.materials || null, note: null },
        unit.name === WJJ ? (orgAdmin?.id ?? null) : null,
      ))!;
      await pairingRepo.setTeams(id, p.teams.map((k) => teamIds.get(k)!));
      if (p.status !== 'pending') {
        await pairingRepo.transition(id, ['pending'], { status: p.status, decided_by: decider?.id, decline_reason: p.declineReason, decided: true });
      }
    }
    await audit(trx, { actor: null, ip: null, userAgent: null }, { action: 'demo.seed', username: 'system', detail: `${teams.length} teams, ${pairings.length} pairings` });
  });
}
