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
