import { z } from 'zod';
import { labelled } from './labels.js';
import { BodyId, MobilePhone, Name, Paging } from './common.js';

// ---- GB 11643-1999 citizen identity number ----

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Why an 18-character ID number is invalid, or null when it is valid. */
export function idNumberProblem(value: string, today = new Date()): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return '身份证号应为 18 位，前 17 位为数字，末位为数字或 X';
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > today.getTime()) {
    return '身份证号中的出生日期无效';
  }
  if (idNumberCheckChar(value) !== value[17]) return '身份证号校验位不正确';
  return null;
}

/** An ID number as typed: spaces dropped, a lower-case x accepted, then checked. */
export const IdNumber = z
  .string()
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** `220102199003071234` → `2201**********1234`. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`;
}

// ---- Enums ----

export const gender = labelled({
  male: { 'zh-CN': '男', 'zh-TW': '男', en: 'Male' },
  female: { 'zh-CN': '女', 'zh-TW': '女', en: 'Female' },
});
export const Gender = z.enum(gender.values);
export type Gender = z.infer<typeof Gender>;

export const partyMemberStatus = labelled({
  formal: { 'zh-CN': '正式党员', 'zh-TW': '正式黨員', en: 'Full member' },
  probationary: { 'zh-CN': '预备党员', 'zh-TW': '預備黨員', en: 'Probationary member' },
});
export const PartyMemberStatus = z.enum(partyMemberStatus.values);
export type PartyMemberStatus = z.infer<typeof PartyMemberStatus>;

export const skill = labelled({
  medical: { 'zh-CN': '医疗', 'zh-TW': '醫療', en: 'Medical' },
  nursing: { 'zh-CN': '护理', 'zh-TW': '護理', en: 'Nursing' },
  counselling: { 'zh-CN': '心理疏导', 'zh-TW': '心理輔導', en: 'Counselling' },
  driving: { 'zh-CN': '驾驶', 'zh-TW': '駕駛', en: 'Driving' },
  interpreting: { 'zh-CN': '翻译', 'zh-TW': '翻譯', en: 'Interpreting' },
  electrician: { 'zh-CN': '电工', 'zh-TW': '電工', en: 'Electrician' },
  plumbing: { 'zh-CN': '水暖', 'zh-TW': '水暖', en: 'Plumbing' },
  it: { 'zh-CN': '信息技术', 'zh-TW': '資訊科技', en: 'IT' },
  legal: { 'zh-CN': '法律咨询', 'zh-TW': '法律諮詢', en: 'Legal advice' },
  teaching: { 'zh-CN': '教育辅导', 'zh-TW': '教育輔導', en: 'Teaching' },
  logistics: { 'zh-CN': '后勤保障', 'zh-TW': '後勤保障', en: 'Logistics' },
  other: { 'zh-CN': '其他', 'zh-TW': '其他', en: 'Other' },
});
export const Skill = z.enum(skill.values);
export type Skill = z.infer<typeof Skill>;

/** Org types that may hold a party membership (党组织). */
export const partyOrgTypes = ['party_committee', 'general_branch', 'branch', 'party_group', 'temporary_branch'] as const;

// ---- Views ----

export const PersonFacets = z.object({
  /** Shown only when the branch lies in the viewer's scope. */
  partyMembership: z.object({ orgId: z.number(), orgName: z.string(), status: PartyMemberStatus }).nullable(),
  workUnits: z.array(z.object({ orgId: z.number(), orgName: z.string() })),
  volunteer: z.boolean(),
});

export const PersonView = PersonFacets.extend({
  id: z.number(),
  name: z.string(),
  gender: Gender.nullable(),
  /** Masked (`138****5678`). */
  phone: z.string().nullable(),
  /** Masked (`2201**********1234`). */
  idNumber: z.string().nullable(),
  skills: z.array(Skill),
  availability: z.string().nullable(),
  /** Whether the viewer may reveal the ID number and phone (POST /api/people/:id/reveal). */
  canReveal: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;

export const CreateMemberResponse = PersonView.extend({
  /** The ID number was already known: the existing person was linked, not created. */
  linked: z.boolean(),
});
export type CreateMemberResponse = z.infer<typeof CreateMemberResponse>;

export const RevealedPerson = z.object({ id: z.number(), idNumber: z.string().nullable(), phone: z.string().nullable() });
export type RevealedPerson = z.infer<typeof RevealedPerson>;

// ---- Requests ----

const Availability = z.string().trim().max(200);

export const CreateMemberRequest = z
  .object({
    name: Name(50),
    gender: Gender.nullable().optional(),
    phone: MobilePhone.nullable().optional(),
    idNumber: IdNumber,
    skills: z.array(Skill).max(20).optional(),
    availability: Availability.nullable().optional(),
    /** The branch holding the membership: the org itself or an org below it. */
    party: z.object({ orgId: BodyId.optional(), status: PartyMemberStatus }).strict().optional(),
    /** The work unit: the org itself or an org below it. */
    workUnit: z.object({ orgId: BodyId.optional() }).strict().optional(),
    volunteer: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.party !== undefined || v.workUnit !== undefined, { message: '党组织关系和工作单位至少填写一项' });
export type CreateMemberRequest = z.infer<typeof CreateMemberRequest>;

export const UpdatePersonRequest = z
  .object({
    name: Name(50),
    gender: Gender.nullable(),
    phone: MobilePhone.nullable(),
    skills: z.array(Skill).max(20),
    availability: Availability.nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdatePersonRequest = z.infer<typeof UpdatePersonRequest>;

export const MembersQuery = Paging.extend({ q: z.string().trim().max(50).optional() }).strict();
export type MembersQuery = z.infer<typeof MembersQuery>;

export const MembersPage = z.object({ items: z.array(PersonView), total: z.number().int() });
export type MembersPage = z.infer<typeof MembersPage>;

/** The member ledger (成员台账). 党组织 and 工作单位 name orgs under the importing org. */
export const memberLedgerColumns = ['姓名', '性别', '身份证号', '手机号', '党组织', '党员类别', '工作单位', '志愿者', '技能', '可服务时间'] as const;

/** Each row adds a member to the org: a new person, or a link to a person already known by ID number. */
export const ImportMembersResult = z.object({
  created: z.object({ person: z.number().int(), link: z.number().int() }),
  total: z.number().int(),
});
export type ImportMembersResult = z.infer<typeof ImportMembersResult>;
