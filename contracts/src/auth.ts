import { z } from 'zod';
import { RegionLevel, Role } from './enums.js';

export const LoginRequest = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(128),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z
  .object({
    currentPassword: z.string().min(1).max(128),
    newPassword: z.string().min(1).max(128),
  })
  .strict();
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const GrantView = z.object({
  id: z.number(),
  role: Role,
  regionId: z.number().nullable(),
  regionName: z.string().nullable(),
  regionLevel: RegionLevel.nullable(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
});
export type GrantView = z.infer<typeof GrantView>;

/** What the web app needs to know about the signed-in user to build its menu. */
export const Permission = z.enum([
  'region.read',
  'region.write',
  'region.import',
  'org.read',
  'org.write',
  'user.read',
  'user.write',
  'grant.write',
  'audit.read',
  'person.read',
  'person.write',
  'person.reveal',
  // dual enrolment
  'pairing.write',
  'pairing.review',
  'enrolment.review',
  'invitation.write',
  'team.write',
  'duty.assign',
  'temporary_branch.write',
  'rate.read',
  // duty
  'risk_zone.write',
  'duty.post',
  'duty.read',
  // allocation
  'allocation.plan',
]);
export type Permission = z.infer<typeof Permission>;

export const Me = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  mustChangePassword: z.boolean(),
  grants: z.array(GrantView),
  permissions: z.array(Permission),
});
export type Me = z.infer<typeof Me>;

export const Meta = z.object({
  demo: z.boolean(),
  version: z.string(),
  demoAccounts: z
    .array(z.object({ username: z.string(), role: Role, scope: z.string().nullable() }))
    .optional(),
  demoPassword: z.string().optional(),
});
export type Meta = z.infer<typeof Meta>;
