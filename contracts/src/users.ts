import { z } from 'zod';
import { Role, UserStatus } from './enums.js';
import { GrantView } from './auth.js';
import { BodyId, MobilePhone, Name, Paging } from './common.js';

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/, '用户名为 3–32 位小写字母、数字、_ . -，以字母或数字开头');

export const UserView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  /** Masked unless the viewer may see it. */
  phone: z.string().nullable(),
  status: UserStatus,
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  grants: z.array(GrantView),
});
export type UserView = z.infer<typeof UserView>;

export const UserListQuery = Paging.extend({ q: z.string().trim().max(50).optional() }).strict();

export const CreateGrantRequest = z
  .object({ role: Role, regionId: BodyId.optional(), orgId: BodyId.optional() })
  .strict();
export type CreateGrantRequest = z.infer<typeof CreateGrantRequest>;

export const CreateUserRequest = z
  .object({
    username: Username,
    name: Name(50),
    phone: MobilePhone.nullable().optional(),
    password: z.string().min(1).max(128),
    /** Required for admins scoped to a subtree: the account's first grant, made in the same step. */
    grant: CreateGrantRequest.optional(),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z
  .object({
    name: Name(50).optional(),
    phone: MobilePhone.nullable().optional(),
    status: UserStatus.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的字段' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ResetPasswordRequest = z.object({ password: z.string().min(1).max(128) }).strict();

