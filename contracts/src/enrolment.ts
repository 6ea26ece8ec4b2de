import { z } from 'zod';
import { labelled } from './labels.js';
import { BodyId, Id, MobilePhone, Name, Paging } from './common.js';
import { DayPeriod, EnrolmentStatus, Post, RegionLevel } from './enums.js';
import { Gender, Skill } from './people.js';

// ---- Places: the member's own cascading picker (names only) ----

export const PlaceNode = z.object({ id: z.number(), name: z.string(), level: RegionLevel, hasChildren: z.boolean() });
export type PlaceNode = z.infer<typeof PlaceNode>;
export const PlacesQuery = z.object({ parentId: Id }).strict();

export const OrgName = z.object({ id: z.number(), name: z.string() });
export type OrgName = z.infer<typeof OrgName>;
export const OrgNameQuery = z.object({ q: z.string().trim().min(1).max(50) }).strict();

// ---- Enrolments ----

/** An enrolment as the member and the community see it: phone masked, never the ID number. */
export const EnrolmentView = z.object({
  id: z.number(),
  status: EnrolmentStatus,
  personId: z.number(),
  name: z.string(),
  gender: Gender.nullable(),
  /** Masked (`138****5678`). */
  phone: z.string().nullable(),
  communityId: z.number(),
  communityName: z.string(),
  homeId: z.number().nullable(),
  /** The places between the community and the home: `第一网格 / 1栋 / 1单元 / 101`. */
  homeName: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  skills: z.array(Skill),
  availability: z.string().nullable(),
  /** ISO weekdays (1 = Monday) and parts of the day the member can serve in; empty means any. */
  availableDays: z.array(z.number()),
  availablePeriods: z.array(DayPeriod),
  preferredPosts: z.array(Post),
  note: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type EnrolmentView = z.infer<typeof EnrolmentView>;

export const EnrolmentPage = z.object({ items: z.array(EnrolmentView), total: z.number().int() });
export type EnrolmentPage = z.infer<typeof EnrolmentPage>;

/** What the member's own org sees: who enrolled where, and how it stands. */
export const OrgEnrolmentView = z.object({
  id: z.number(),
  status: EnrolmentStatus,
  name: z.string(),
  orgId: z.number(),
  orgName: z.string(),
  communityId: z.number(),
  communityName: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type OrgEnrolmentView = z.infer<typeof OrgEnrolmentView>;

export const OrgEnrolmentPage = z.object({ items: z.array(OrgEnrolmentView), total: z.number().int() });
export type OrgEnrolmentPage = z.infer<typeof OrgEnrolmentPage>;

export const MyEnrolments = z.object({
  items: z.array(EnrolmentView),
  /** The org a new enrolment names unless the member picks another: their party branch or work unit. */
  defaultOrg: OrgName.nullable(),
});
export type MyEnrolments = z.infer<typeof MyEnrolments>;

const Token = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '邀请链接无效');

export const EnrolRequest = z
  .object({
    communityId: BodyId,
    /** A grid, building, entrance or household under the community. */
    homeId: BodyId.nullable().optional(),
    orgId: BodyId.nullable().optional(),
    /** The invitation the member came by. */
    invitation: Token.optional(),
    skills: z.array(Skill).max(20).default([]),
    availability: z.string().trim().max(200).nullable().optional(),
    availableDays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    availablePeriods: z.array(DayPeriod).max(4).default([]),
    preferredPosts: z.array(Post).max(12).default([]),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export type EnrolRequest = z.input<typeof EnrolRequest>;

export const EnrolmentListQuery = Paging.extend({
  /** A street or community in scope; all of the actor's scope when left out. */
  regionId: Id.optional(),
  status: EnrolmentStatus.optional(),
  q: z.string().trim().max(50).optional(),
}).strict();
export type EnrolmentListQuery = z.infer<typeof EnrolmentListQuery>;

export const OrgEnrolmentListQuery = Paging.extend({
  /** An org in scope; all of the actor's scope when left out. */
  orgId: Id.optional(),
  status: EnrolmentStatus.optional(),
  q: z.string().trim().max(50).optional(),
}).strict();
export type OrgEnrolmentListQuery = z.infer<typeof OrgEnrolmentListQuery>;

export const RejectEnrolmentRequest = z.object({ reason: z.string().trim().min(1, '请填写退回原因').max(200) }).strict();
export type RejectEnrolmentRequest = z.infer<typeof RejectEnrolmentRequest>;

export const EndEnrolmentRequest = z.object({ reason: z.string().trim().max(200).optional() }).strict();
export type EndEnrolmentRequest = z.infer<typeof EndEnrolmentRequest>;

/** The community side's ledger (党员报到台账); the org side's leaves out the home and the phone. */
export const enrolmentLedgerColumns = ['姓名', '性别', '手机号', '报到社区', '住址', '所在组织', '技能', '可服务时间', '意向岗位', '状态', '报到时间', '确认时间', '备注'] as const;
export const orgEnrolmentLedgerColumns = ['姓名', '所在组织', '报到社区', '状态', '报到时间', '确认时间', '结束时间'] as const;

// ---- Invitations ----

export const TokenParams = z.object({ token: Token }).strict();

export const CreateInvitationRequest = z
  .object({
    communityId: BodyId.optional(),
    orgId: BodyId.optional(),
    note: z.string().trim().max(200).optional(),
    expiresInDays: z.number().int().min(1).max(365).default(30),
    maxUses: z.number().int().min(1).max(100_000).nullable().optional(),
  })
  .strict()
  .refine((v) => v.communityId !== undefined || v.orgId !== undefined, { message: '请选择邀请加入的社区或组织' });
export type CreateInvitationRequest = z.input<typeof CreateInvitationRequest>;

export const InvitationView = z.object({
  id: z.number(),
  token: z.string(),
  communityId: z.number().nullable(),
  communityName: z.string().nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  note: z.string().nullable(),
  expiresAt: z.string(),
  maxUses: z.number().nullable(),
  uses: z.number(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const InvitationListQuery = z
  .object({ communityId: Id.optional(), orgId: Id.optional() })
  .strict();
export type InvitationListQuery = z.infer<typeof InvitationListQuery>;

/** Why a link can no longer be used. */
export const invitationProblem = labelled({
  expired: { 'zh-CN': '邀请链接已过期', 'zh-TW': '邀請連結已過期', en: 'The link has expired' },
  revoked: { 'zh-CN': '邀请链接已撤销', 'zh-TW': '邀請連結已撤銷', en: 'The link was revoked' },
  used_up: { 'zh-CN': '邀请链接的使用次数已满', 'zh-TW': '邀請連結的使用次數已滿', en: 'The link has been used up' },
});
export const InvitationProblem = z.enum(invitationProblem.values);
export type InvitationProblem = z.infer<typeof InvitationProblem>;

/** What a public link says about itself: who invites, and whether it still works. */
export const PublicInvitation = z.object({
  communityId: z.number().nullable(),
  communityName: z.string().nullable(),
  /** The names above the community, top first (province … street). */
  communityPath: z.array(z.string()),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  note: z.string().nullable(),
  expiresAt: z.string(),
  problem: InvitationProblem.nullable(),
});
export type PublicInvitation = z.infer<typeof PublicInvitation>;

export const RegisterRequest = z
  .object({
    name: Name(50),
    phone: MobilePhone,
    password: z.string().min(1).max(128),
  })
  .strict();
export type RegisterRequest = z.infer<typeof RegisterRequest>;

/** The member changes when they can serve (what allocation plans by); empty means any. */
export const AvailabilityRequest = z
  .object({
    availableDays: z.array(z.number().int().min(1).max(7)).max(7),
    availablePeriods: z.array(DayPeriod).max(4),
  })
  .strict();
export type AvailabilityRequest = z.infer<typeof AvailabilityRequest>;
