/**
 * Every error a user can cause has a code; this table is the one place codes map to HTTP.
 * Domains add their codes here, so the client sees one vocabulary.
 */
export const errorStatus = {
  // platform
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CONSTRAINT_VIOLATED: 422,
  RATE_LIMITED: 429,
  // auth
  LOGIN_FAILED: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  PASSWORD_WEAK: 422,
  PASSWORD_WRONG: 422,
  PASSWORD_CHANGE_REQUIRED: 403,
  // regions
  REGION_LEVEL_INVALID: 422,
  REGION_NOT_LOCAL: 422,
  REGION_HAS_DEPENDENTS: 409,
  REGION_MOVE_INVALID: 422,
  // orgs
  ORG_MOVE_INVALID: 422,
  ORG_CLOSED: 409,
  ORG_HAS_ACTIVE_CHILDREN: 409,
  // people
  PERSON_ORG_INVALID: 422,
  PARTY_MEMBERSHIP_EXISTS: 409,
  // dual enrolment: a request in the wrong state (confirming a declined pairing, …) is INVALID_STATE
  INVALID_STATE: 409,
  PAIRING_TARGET_INVALID: 422,
  PAIRING_EXISTS: 409,
  ENROLMENT_EXISTS: 409,
  ENROLMENT_INVALID: 422,
  ENROLMENT_NOT_CONFIRMED: 422,
  INVITATION_UNAVAILABLE: 410,
  PHONE_TAKEN: 409,
  TEAM_INVALID: 422,
  RESPONSIBILITY_INVALID: 422,
  TEMPORARY_BRANCH_INVALID: 422,
  // duty
  DUTY_INVALID: 422,
  RISK_ZONE_OVERLAP: 409,
  SIGNUP_EXISTS: 409,
  SHIFT_FULL: 409,
  SHIFT_OVERLAP: 409,
  SKILLS_MISSING: 422,
  CHECKIN_INVALID: 422,
  // allocation
  ALLOCATION_INVALID: 422,
  PLAN_UNAVAILABLE: 409,
  // users and grants
  GRANT_NOT_ALLOWED: 403,
  GRANT_SCOPE_INVALID: 422,
  SEPARATION_OF_DUTIES: 409,
  // imports
  IMPORT_INVALID: 422,
  FILE_INVALID: 422,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what}不存在`);
export const forbidden = (message = '无权执行此操作') => new AppError('FORBIDDEN', message);

/** PostgreSQL errors that a user's input can cause (a race lost, a rule in the schema). */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code, constraint } = error as { code?: string; constraint?: string };
  switch (code) {
    case '23505':
      return new AppError('CONFLICT', '数据已存在，与现有记录重复', { constraint });
    case '23503':
      return new AppError('CONFLICT', '数据仍被其他记录引用，或引用的记录不存在', { constraint });
    case '23514':
      return constraint === 'user_grant_separation_of_duties'
        ? new AppError('SEPARATION_OF_DUTIES', '三员分立：同一账号不能兼任系统管理员、安全管理员、安全审计员中的两项')
        : new AppError('CONSTRAINT_VIOLATED', '数据不符合规则', { constraint });
    case '23P01':
      return constraint === 'risk_zone_one_at_a_time'
        ? new AppError('RISK_ZONE_OVERLAP', '该区域在这段时间内已有风险等级划定，请先解除或调整时段')
        : new AppError('SHIFT_OVERLAP', '该人员在这段时间内已有其他班次', { constraint });
    case '22001':
      return new AppError('VALIDATION_FAILED', '内容过长');
    default:
      return undefined;
  }
}
