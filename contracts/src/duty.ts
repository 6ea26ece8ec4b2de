import { z } from 'zod';
import { BodyId, Name, Paging } from './common.js';
import { Post, RiskLevel, SignupStatus } from './enums.js';
import { Skill } from './people.js';

/** Shifts are planned in China Standard Time, which has no daylight saving: one fixed offset. */
export const CHINA_OFFSET = '+08:00';

const Instant = z.iso.datetime({ offset: true });
const LocalDate = z.iso.date();
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');

// ---- Risk zones ----

export const CreateRiskZoneRequest = z
  .object({
    regionId: BodyId,
    level: RiskLevel,
    startsAt: Instant,
    endsAt: Instant.nullable().optional(),
    reason: z.string().trim().max(200).optional(),
  })
  .strict()
  .refine((v) => !v.endsAt || new Date(v.endsAt) > new Date(v.startsAt), { message: '结束时间应晚于开始时间', path: ['endsAt'] });
export type CreateRiskZoneRequest = z.infer<typeof CreateRiskZoneRequest>;

export const RiskZoneView = z.object({
  id: z.number(),
  regionId: z.number(),
  regionName: z.string(),
  regionLevel: z.string(),
  level: RiskLevel,
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  reason: z.string().nullable(),
  /** In force now. */
  current: z.boolean(),
  /** A current sealed zone that no active temporary branch serves: the community should set one up. */
  needsTemporaryBranch: z.boolean(),
});
export type RiskZoneView = z.infer<typeof RiskZoneView>;

export const RiskZonesQuery = z
  .object({
    regionId: z.coerce.number().int().positive().optional(),
    current: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type RiskZonesQuery = z.infer<typeof RiskZonesQuery>;

/** The 风险区域台账 an office keeps: one designation a row, lifted and ended ones included. */
export const riskZoneLedgerColumns = ['区域', '层级', '风险等级', '开始时间', '结束时间', '状态', '原因', '划定人', '解除人'] as const;

// ---- Sites ----

export const CreateSiteRequest = z
  .object({
    regionId: BodyId,
    name: Name(100),
    address: z.string().trim().max(200).optional(),
    /** A key site (重点场所) ranks higher when allocation plans. */
    keySite: z.boolean().default(false),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
  })
  .strict()
  .refine((v) => (v.latitude == null) === (v.longitude == null), { message: '经度和纬度应同时填写或同时清空', path: ['longitude'] });
export type CreateSiteRequest = z.input<typeof CreateSiteRequest>;

export const UpdateSiteRequest = z
  .object({
    keySite: z.boolean().optional(),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
  })
  .strict()
  .refine((v) => (v.latitude === undefined) === (v.longitude === undefined), { message: '经度和纬度应同时修改', path: ['longitude'] })
  .refine((v) => (v.latitude === null) === (v.longitude === null), { message: '经度和纬度应同时填写或同时清空', path: ['longitude'] })
  .refine((v) => v.keySite !== undefined || v.latitude !== undefined, { message: '没有要修改的字段' });
export type UpdateSiteRequest = z.infer<typeof UpdateSiteRequest>;

export const SiteView = z.object({
  id: z.number(),
  regionId: z.number(),
  regionName: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  checkinToken: z.string(),
  keySite: z.boolean(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type SiteView = z.infer<typeof SiteView>;

// ---- Needs and shifts ----

/** Repeating shifts: the same daily window on `days` consecutive days from `firstDate`. */
export const ShiftSchedule = z
  .object({
    firstDate: LocalDate,
    days: z.number().int().min(1).max(60),
    start: ClockTime,
    /** At or before `start`: the shift ends the next day (a night shift). */
    end: ClockTime,
  })
  .strict()
  .refine((v) => v.start !== v.end, { message: '开始和结束时间不能相同', path: ['end'] });
export type ShiftSchedule = z.infer<typeof ShiftSchedule>;

export const CreateNeedRequest = z
  .object({
    regionId: BodyId,
    siteId: BodyId,
    post: Post,
    title: z.string().trim().min(1).max(100).optional(),
    headcount: z.number().int().min(1).max(1000),
    requiredSkills: z.array(Skill).max(10).default([]),
    notes: z.string().trim().max(500).optional(),
    schedule: ShiftSchedule,
  })
  .strict()
  .refine((v) => v.post !== 'other' || !!v.title, { message: '岗位为“其他”时请填写名称', path: ['title'] });
export type CreateNeedRequest = z.infer<typeof CreateNeedRequest>;

export const ShiftView = z.object({
  id: z.number(),
  needId: z.number(),
  post: Post,
  title: z.string().nullable(),
  regionId: z.number(),
  regionName: z.string(),
  siteId: z.number(),
  siteName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  headcount: z.number(),
  filled: z.number(),
  waitlisted: z.number(),
  requiredSkills: z.array(z.string()),
  status: z.enum(['open', 'cancelled']),
  /** The member leading the shift (带班), who may mark presence. */
  leaderPersonId: z.number().nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const NeedView = z.object({
  id: z.number(),
  regionId: z.number(),
  regionName: z.string(),
  siteId: z.number(),
  siteName: z.string(),
  post: Post,
  title: z.string().nullable(),
  headcount: z.number(),
  requiredSkills: z.array(z.string()),
  notes: z.string().nullable(),
  status: z.enum(['open', 'cancelled']),
  shifts: z.array(ShiftView),
});
export type NeedView = z.infer<typeof NeedView>;

export const NeedsQuery = Paging.extend({
  regionId: z.coerce.number().int().positive(),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
}).strict();
export type NeedsQuery = z.infer<typeof NeedsQuery>;

// ---- Sign-ups ----

export const SignupView = z.object({
  id: z.number(),
  shiftId: z.number(),
  personId: z.number(),
  personName: z.string(),
  /** Masked unless the viewer is the member. */
  phone: z.string().nullable(),
  status: SignupStatus,
  source: z.enum(['self', 'assigned']),
  /** 1-based place in the waitlist. */
  waitlistPosition: z.number().nullable(),
  lateCancel: z.boolean(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  noShow: z.boolean(),
  hours: z.number().nullable(),
  certifiedAt: z.string().nullable(),
});
export type SignupView = z.infer<typeof SignupView>;

export const MyShift = z.object({ shift: ShiftView, signup: SignupView });
export type MyShift = z.infer<typeof MyShift>;

/** An open shift as a member sees it: how near it is to where they enrolled. */
export const OpenShift = ShiftView.extend({
  tier: z.enum(['community', 'street', 'district']),
  skillsMissing: z.array(z.string()),
  mine: SignupStatus.nullable(),
});
export type OpenShift = z.infer<typeof OpenShift>;

export const AssignRequest = z
  .object({
    personIds: z.array(BodyId).min(1).max(200).optional(),
    teamId: BodyId.optional(),
  })
  .strict()
  .refine((v) => (v.personIds ? 1 : 0) + (v.teamId ? 1 : 0) === 1, { message: '请指定人员或队伍（二选一）' });
export type AssignRequest = z.infer<typeof AssignRequest>;

export const CheckinRequest = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '签到码无效'), action: z.enum(['in', 'out']) }).strict();
export type CheckinRequest = z.infer<typeof CheckinRequest>;

export const PresenceRequest = z.object({ action: z.enum(['in', 'out']) }).strict();

export const CertifyRequest = z
  .object({
    signupIds: z.array(BodyId).min(1).max(500),
    /** Hours to certify for every listed sign-up; omitted: each one's own measured hours. */
    hours: z.number().min(0).max(24).multipleOf(0.25).optional(),
  })
  .strict();
export type CertifyRequest = z.infer<typeof CertifyRequest>;

export const CertifyResult = z.object({ certified: z.number(), skipped: z.array(z.object({ signupId: z.number(), reason: z.string() })) });
export type CertifyResult = z.infer<typeof CertifyResult>;

// ---- Notifications ----

export const NotificationView = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationsPage = z.object({ items: z.array(NotificationView), total: z.number(), unread: z.number() });
export type NotificationsPage = z.infer<typeof NotificationsPage>;

export const MarkReadRequest = z.object({ ids: z.array(BodyId).min(1).max(500).optional() }).strict();

// ---- Changing a shift ----

export const UpdateShiftRequest = z
  .object({
    headcount: z.number().int().min(1).max(1000).optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    leaderPersonId: BodyId.nullable().optional(),
    /** Cancels the shift: every sign-up on it ends and its members are notified. */
    cancelled: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => (v.startsAt === undefined) === (v.endsAt === undefined), { message: '开始和结束时间须一并修改', path: ['endsAt'] })
  .refine((v) => !v.startsAt || !v.endsAt || new Date(v.endsAt) > new Date(v.startsAt), { message: '结束时间应晚于开始时间', path: ['endsAt'] });
export type UpdateShiftRequest = z.infer<typeof UpdateShiftRequest>;

// ---- Views: roster, gaps, service ledger ----

/** A region node and a range of local dates (both ends included), at most a quarter. */
export const RosterQuery = z
  .object({ regionId: z.coerce.number().int().positive(), from: LocalDate, to: LocalDate })
  .strict()
  .refine((v) => v.from <= v.to, { message: '开始日期应不晚于结束日期', path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 92 * 86_400_000, { message: '日期范围不能超过 92 天', path: ['to'] });
export type RosterQuery = z.infer<typeof RosterQuery>;

/** The community's roster (排班表): shifts in the range with who is on them. */
export const Roster = z.object({
  regionId: z.number(),
  regionName: z.string(),
  from: z.string(),
  to: z.string(),
  shifts: z.array(ShiftView.extend({ signups: z.array(SignupView) })),
});
export type Roster = z.infer<typeof Roster>;

export const GapsQuery = RosterQuery;
export type GapsQuery = RosterQuery;

export const GapRow = z.object({
  regionId: z.number(),
  name: z.string(),
  level: z.string(),
  hasChildren: z.boolean(),
  shifts: z.number(),
  needed: z.number(),
  filled: z.number(),
  gap: z.number(),
  /** The strongest risk designation in force at or under the node. */
  risk: RiskLevel.nullable(),
});
export type GapRow = z.infer<typeof GapRow>;

/** Headcount needed vs filled (缺口), for a node and each of its children, rolled up. */
export const Gaps = z.object({ node: GapRow, children: z.array(GapRow), from: z.string(), to: z.string() });
export type Gaps = z.infer<typeof Gaps>;

export const ServiceLedgerEntry = z.object({
  signupId: z.number(),
  shiftId: z.number(),
  post: Post,
  title: z.string().nullable(),
  regionName: z.string(),
  siteName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: SignupStatus,
  lateCancel: z.boolean(),
  noShow: z.boolean(),
  hours: z.number().nullable(),
  certified: z.boolean(),
});
export type ServiceLedgerEntry = z.infer<typeof ServiceLedgerEntry>;

/** A member's service ledger: what they signed up for and did, with totals. */
export const ServiceLedger = z.object({
  personId: z.number(),
  personName: z.string(),
  totals: z.object({ shifts: z.number(), certifiedHours: z.number(), noShows: z.number(), lateCancels: z.number() }),
  entries: z.array(ServiceLedgerEntry),
});
export type ServiceLedger = z.infer<typeof ServiceLedger>;
