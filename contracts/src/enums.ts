import { z } from 'zod';
import { labelled } from './labels.js';

export const regionLevel = labelled({
  province: { 'zh-CN': '省', 'zh-TW': '省', en: 'Province' },
  city: { 'zh-CN': '市', 'zh-TW': '市', en: 'City' },
  district: { 'zh-CN': '区县', 'zh-TW': '區縣', en: 'District' },
  street: { 'zh-CN': '街道/乡镇', 'zh-TW': '街道/鄉鎮', en: 'Street / town' },
  community: { 'zh-CN': '社区/村', 'zh-TW': '社區/村', en: 'Community / village' },
  grid: { 'zh-CN': '网格', 'zh-TW': '網格', en: 'Grid' },
  building: { 'zh-CN': '楼栋', 'zh-TW': '樓棟', en: 'Building' },
  entrance: { 'zh-CN': '单元', 'zh-TW': '單元', en: 'Entrance' },
  household: { 'zh-CN': '户', 'zh-TW': '戶', en: 'Household' },
});
export const RegionLevel = z.enum(regionLevel.values);
export type RegionLevel = z.infer<typeof RegionLevel>;
/** Levels kept by a community itself, below the national division codes. */
export const localLevels = ['grid', 'building', 'entrance', 'household'] as const satisfies RegionLevel[];
export const divisionLevels = ['province', 'city', 'district', 'street', 'community'] as const satisfies RegionLevel[];
export type LocalLevel = (typeof localLevels)[number];
export const LocalLevel = z.enum(localLevels);

/** Which levels may sit directly under a level; mirrors the region_level_order constraint. */
export const childLevels: Record<RegionLevel, RegionLevel[]> = {
  province: ['city'],
  city: ['district'],
  district: ['street'],
  street: ['community'],
  community: ['grid'],
  grid: ['building'],
  building: ['entrance', 'household'],
  entrance: ['household'],
  household: [],
};

export const householdOccupancy = labelled({
  owner: { 'zh-CN': '自住', 'zh-TW': '自住', en: 'Owner-occupied' },
  rented: { 'zh-CN': '出租', 'zh-TW': '出租', en: 'Rented' },
  vacant: { 'zh-CN': '空置', 'zh-TW': '空置', en: 'Vacant' },
});
export const HouseholdOccupancy = z.enum(householdOccupancy.values);
export type HouseholdOccupancy = z.infer<typeof HouseholdOccupancy>;

export const orgType = labelled({
  organization_department: { 'zh-CN': '组织部', 'zh-TW': '組織部', en: 'Organization department' },
  working_committee: { 'zh-CN': '工作委员会', 'zh-TW': '工作委員會', en: 'Working committee' },
  party_committee: { 'zh-CN': '党委', 'zh-TW': '黨委', en: 'Party committee' },
  general_branch: { 'zh-CN': '党总支', 'zh-TW': '黨總支', en: 'General branch' },
  branch: { 'zh-CN': '党支部', 'zh-TW': '黨支部', en: 'Branch' },
  party_group: { 'zh-CN': '党小组', 'zh-TW': '黨小組', en: 'Party group' },
  temporary_branch: { 'zh-CN': '临时党支部', 'zh-TW': '臨時黨支部', en: 'Temporary branch' },
  organ: { 'zh-CN': '机关', 'zh-TW': '機關', en: 'Organ' },
  state_enterprise: { 'zh-CN': '国有企业', 'zh-TW': '國有企業', en: 'State enterprise' },
  institution: { 'zh-CN': '事业单位', 'zh-TW': '事業單位', en: 'Institution' },
  non_public_enterprise: { 'zh-CN': '非公企业', 'zh-TW': '非公企業', en: 'Non-public enterprise' },
  association: { 'zh-CN': '社会团体', 'zh-TW': '社會團體', en: 'Association' },
  foundation: { 'zh-CN': '基金会', 'zh-TW': '基金會', en: 'Foundation' },
  social_service_org: { 'zh-CN': '社会服务机构', 'zh-TW': '社會服務機構', en: 'Social-service org' },
  community_social_org: { 'zh-CN': '社区社会组织', 'zh-TW': '社區社會組織', en: 'Community social org' },
});
export const OrgType = z.enum(orgType.values);
export type OrgType = z.infer<typeof OrgType>;

export const orgStatus = labelled({
  active: { 'zh-CN': '正常', 'zh-TW': '正常', en: 'Active' },
  closed: { 'zh-CN': '已撤销', 'zh-TW': '已撤銷', en: 'Closed' },
});
export const OrgStatus = z.enum(orgStatus.values);
export type OrgStatus = z.infer<typeof OrgStatus>;

export const role = labelled({
  platform_admin: { 'zh-CN': '系统管理员', 'zh-TW': '系統管理員', en: 'Platform admin' },
  security_admin: { 'zh-CN': '安全管理员', 'zh-TW': '安全管理員', en: 'Security admin' },
  auditor: { 'zh-CN': '安全审计员', 'zh-TW': '安全審計員', en: 'Auditor' },
  org_admin: { 'zh-CN': '组织管理员', 'zh-TW': '組織管理員', en: 'Org admin' },
  region_admin: { 'zh-CN': '属地管理员', 'zh-TW': '屬地管理員', en: 'Region admin' },
  grid_worker: { 'zh-CN': '网格员', 'zh-TW': '網格員', en: 'Grid worker' },
  member: { 'zh-CN': '党员/志愿者', 'zh-TW': '黨員/志願者', en: 'Member' },
  resident: { 'zh-CN': '居民', 'zh-TW': '居民', en: 'Resident' },
});
export const Role = z.enum(role.values);
export type Role = z.infer<typeof Role>;

/** The three separated duties (三员分立): platform-wide, never two on one account. */
export const separatedDuties = ['platform_admin', 'security_admin', 'auditor'] as const satisfies Role[];
export const regionRoles = ['region_admin', 'grid_worker', 'resident'] as const satisfies Role[];
export const orgRoles = ['org_admin', 'member'] as const satisfies Role[];
export type ScopeKind = 'platform' | 'region' | 'org';
export function scopeKindOf(r: Role): ScopeKind {
  if ((separatedDuties as readonly Role[]).includes(r)) return 'platform';
  return (regionRoles as readonly Role[]).includes(r) ? 'region' : 'org';
}

export const userStatus = labelled({
  active: { 'zh-CN': '正常', 'zh-TW': '正常', en: 'Active' },
  disabled: { 'zh-CN': '已停用', 'zh-TW': '已停用', en: 'Disabled' },
});
export const UserStatus = z.enum(userStatus.values);
export type UserStatus = z.infer<typeof UserStatus>;

export const auditResult = labelled({
  ok: { 'zh-CN': '成功', 'zh-TW': '成功', en: 'OK' },
  denied: { 'zh-CN': '拒绝', 'zh-TW': '拒絕', en: 'Denied' },
  failed: { 'zh-CN': '失败', 'zh-TW': '失敗', en: 'Failed' },
});
export const AuditResult = z.enum(auditResult.values);
export type AuditResult = z.infer<typeof AuditResult>;

// ---- Dual enrolment (双报到) ----

export const teamKind = labelled({
  commando: { 'zh-CN': '党员突击队', 'zh-TW': '黨員突擊隊', en: 'Commando team' },
  volunteer: { 'zh-CN': '志愿服务队', 'zh-TW': '志願服務隊', en: 'Volunteer team' },
  service: { 'zh-CN': '民呼我行服务队', 'zh-TW': '民呼我行服務隊', en: 'Service team' },
});
export const TeamKind = z.enum(teamKind.values);
export type TeamKind = z.infer<typeof TeamKind>;

export const teamStatus = labelled({
  active: { 'zh-CN': '在编', 'zh-TW': '在編', en: 'Active' },
  dissolved: { 'zh-CN': '已解散', 'zh-TW': '已解散', en: 'Dissolved' },
});
export const TeamStatus = z.enum(teamStatus.values);
export type TeamStatus = z.infer<typeof TeamStatus>;

export const pairingStatus = labelled({
  pending: { 'zh-CN': '待确认', 'zh-TW': '待確認', en: 'Pending' },
  confirmed: { 'zh-CN': '已确认', 'zh-TW': '已確認', en: 'Confirmed' },
  declined: { 'zh-CN': '已退回', 'zh-TW': '已退回', en: 'Declined' },
  ended: { 'zh-CN': '已结束', 'zh-TW': '已結束', en: 'Ended' },
});
export const PairingStatus = z.enum(pairingStatus.values);
export type PairingStatus = z.infer<typeof PairingStatus>;

export const enrolmentStatus = labelled({
  pending: { 'zh-CN': '待确认', 'zh-TW': '待確認', en: 'Pending' },
  confirmed: { 'zh-CN': '已报到', 'zh-TW': '已報到', en: 'Confirmed' },
  rejected: { 'zh-CN': '已退回', 'zh-TW': '已退回', en: 'Rejected' },
  withdrawn: { 'zh-CN': '已撤回', 'zh-TW': '已撤回', en: 'Withdrawn' },
  ended: { 'zh-CN': '已结束', 'zh-TW': '已結束', en: 'Ended' },
});
export const EnrolmentStatus = z.enum(enrolmentStatus.values);
export type EnrolmentStatus = z.infer<typeof EnrolmentStatus>;
/** Statuses that hold a member's one active enrolment (enrolment_one_active_key). */
export const activeEnrolmentStatuses = ['pending', 'confirmed'] as const satisfies EnrolmentStatus[];

export const dutyRole = labelled({
  information: { 'zh-CN': '信息员', 'zh-TW': '信息員', en: 'Information officer' },
  patrol: { 'zh-CN': '巡查员', 'zh-TW': '巡查員', en: 'Patrol officer' },
  publicity: { 'zh-CN': '宣传员', 'zh-TW': '宣傳員', en: 'Publicity officer' },
  hygiene: { 'zh-CN': '卫生员', 'zh-TW': '衛生員', en: 'Hygiene officer' },
  safety: { 'zh-CN': '安全员', 'zh-TW': '安全員', en: 'Safety officer' },
});
export const DutyRole = z.enum(dutyRole.values);
export type DutyRole = z.infer<typeof DutyRole>;

export const responsibilityKind = labelled({
  zone: { 'zh-CN': '党员责任区', 'zh-TW': '黨員責任區', en: 'Responsibility zone' },
  care: { 'zh-CN': '包户', 'zh-TW': '包戶', en: 'Household care' },
});
export const ResponsibilityKind = z.enum(responsibilityKind.values);
export type ResponsibilityKind = z.infer<typeof ResponsibilityKind>;

export const temporaryBranchPurpose = labelled({
  sealed_area: { 'zh-CN': '封控区域', 'zh-TW': '封控區域', en: 'Sealed area' },
  quarantine_site: { 'zh-CN': '隔离点', 'zh-TW': '隔離點', en: 'Quarantine site' },
  task: { 'zh-CN': '专项任务', 'zh-TW': '專項任務', en: 'Task' },
});
export const TemporaryBranchPurpose = z.enum(temporaryBranchPurpose.values);
export type TemporaryBranchPurpose = z.infer<typeof TemporaryBranchPurpose>;

export const temporaryBranchRole = labelled({
  secretary: { 'zh-CN': '书记', 'zh-TW': '書記', en: 'Secretary' },
  member: { 'zh-CN': '党员', 'zh-TW': '黨員', en: 'Member' },
});
export const TemporaryBranchRole = z.enum(temporaryBranchRole.values);
export type TemporaryBranchRole = z.infer<typeof TemporaryBranchRole>;

/**
 * The posts members fill (岗位), after the seeds' list; shared by enrolment (preferred posts) and
 * duty needs (what a shift staffs).
 */
export const post = labelled({
  checkpoint: { 'zh-CN': '卡口值守', 'zh-TW': '卡口值守', en: 'Checkpoint duty' },
  testing: { 'zh-CN': '核酸检测', 'zh-TW': '核酸檢測', en: 'Testing support' },
  entry_registration: { 'zh-CN': '出入登记', 'zh-TW': '出入登記', en: 'Entry registration' },
  temperature_scan: { 'zh-CN': '测温扫码', 'zh-TW': '測溫掃碼', en: 'Temperature & code scan' },
  disinfection: { 'zh-CN': '环境消毒', 'zh-TW': '環境消毒', en: 'Disinfection' },
  living_support: { 'zh-CN': '生活保障', 'zh-TW': '生活保障', en: 'Living support' },
  screening: { 'zh-CN': '人员排查', 'zh-TW': '人員排查', en: 'Screening' },
  order: { 'zh-CN': '维持秩序', 'zh-TW': '維持秩序', en: 'Keeping order' },
  transfer: { 'zh-CN': '隔离转运', 'zh-TW': '隔離轉運', en: 'Quarantine transfer' },
  tracing: { 'zh-CN': '流调溯源', 'zh-TW': '流調溯源', en: 'Tracing support' },
  supplies: { 'zh-CN': '物资保障', 'zh-TW': '物資保障', en: 'Supplies' },
  counselling: { 'zh-CN': '心理疏导', 'zh-TW': '心理疏導', en: 'Counselling' },
  other: { 'zh-CN': '其他', 'zh-TW': '其他', en: 'Other' },
});
export const Post = z.enum(post.values);
export type Post = z.infer<typeof Post>;

// ---- Duty ----

export const riskLevel = labelled({
  sealed: { 'zh-CN': '封控区', 'zh-TW': '封控區', en: 'Sealed zone' },
  controlled: { 'zh-CN': '管控区', 'zh-TW': '管控區', en: 'Controlled zone' },
  precaution: { 'zh-CN': '防范区', 'zh-TW': '防範區', en: 'Precaution zone' },
});
export const RiskLevel = z.enum(riskLevel.values);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const signupStatus = labelled({
  active: { 'zh-CN': '已报名', 'zh-TW': '已報名', en: 'Signed up' },
  waitlisted: { 'zh-CN': '候补', 'zh-TW': '候補', en: 'Waitlisted' },
  cancelled: { 'zh-CN': '已取消', 'zh-TW': '已取消', en: 'Cancelled' },
  removed: { 'zh-CN': '已移出', 'zh-TW': '已移出', en: 'Removed' },
});
export const SignupStatus = z.enum(signupStatus.values);
export type SignupStatus = z.infer<typeof SignupStatus>;

/** Parts of the day a member can serve in (China time): night 0–6, morning 6–12, afternoon 12–18, evening 18–24. */
export const dayPeriod = labelled({
  night: { 'zh-CN': '夜间（0–6时）', 'zh-TW': '夜間（0–6時）', en: 'Night (0–6)' },
  morning: { 'zh-CN': '上午（6–12时）', 'zh-TW': '上午（6–12時）', en: 'Morning (6–12)' },
  afternoon: { 'zh-CN': '下午（12–18时）', 'zh-TW': '下午（12–18時）', en: 'Afternoon (12–18)' },
  evening: { 'zh-CN': '晚间（18–24时）', 'zh-TW': '晚間（18–24時）', en: 'Evening (18–24)' },
});
export const DayPeriod = z.enum(dayPeriod.values);
export type DayPeriod = z.infer<typeof DayPeriod>;
