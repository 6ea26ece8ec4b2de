import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
  AuditResult,
  DutyRole,
  EnrolmentStatus,
  Gender,
  HouseholdOccupancy,
  OrgStatus,
  OrgType,
  PairingStatus,
  Post,
  RiskLevel,
  SignupStatus,
  PartyMemberStatus,
  RegionLevel,
  ResponsibilityKind,
  Role,
  TeamKind,
  TeamStatus,
  TemporaryBranchPurpose,
  TemporaryBranchRole,
  UserStatus,
} from '@meshwork/contracts';

// Table types for Kysely, kept beside the SQL migrations they mirror.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;
/** ltree travels as text. */
type Ltree = string;

export interface RegionTable {
  id: Generated<number>;
  parent_id: number | null;
  parent_level: RegionLevel | null;
  level: RegionLevel;
  code: string | null;
  name: string;
  path: Ltree;
  occupancy: HouseholdOccupancy | null;
  latitude: number | null;
  longitude: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  type: OrgType;
  name: string;
  code: string | null;
  region_id: number | null;
  supervising_org_id: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  path: Ltree;
  status: Generated<OrgStatus>;
  closed_at: Date | null;
  closed_reason: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PersonTable {
  id: Generated<number>;
  name: string;
  phone: string | null;
  gender: Gender | null;
  /** AES-256-GCM: iv (12) | tag (16) | ciphertext. */
  id_number_cipher: Buffer | null;
  id_number_hmac: string | null;
  id_number_masked: string | null;
  skills: Generated<string[]>;
  availability: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PartyMembershipTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  status: PartyMemberStatus;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WorkUnitMembershipTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  created_at: CreatedAt;
}

export interface VolunteerTable {
  id: Generated<number>;
  person_id: number;
  org_id: number | null;
  created_at: CreatedAt;
}

export interface ResidentTable {
  id: Generated<number>;
  person_id: number;
  household_id: number;
  household_level: Generated<'household'>;
  created_at: CreatedAt;
}

export interface AppUserTable {
  id: Generated<number>;
  person_id: number;
  username: string;
  password_hash: string;
  status: Generated<UserStatus>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  must_change_password: Generated<boolean>;
  password_changed_at: Timestamp;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Failed logins under names no account has (migration 0006). */
export interface LoginNameFailureTable {
  name: string;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  updated_at: Timestamp;
}

export interface UserGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  region_id: number | null;
  org_id: number | null;
  granted_by: number | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  changes: ColumnType<unknown, string | null, never>;
  result: AuditResult;
  ip: string | null;
  detail: string | null;
}

export interface TeamTable {
  id: Generated<number>;
  kind: TeamKind;
  name: string;
  owner_org_id: number | null;
  owner_region_id: number | null;
  leader_person_id: number | null;
  note: string | null;
  status: Generated<TeamStatus>;
  dissolved_at: Date | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TeamMemberTable {
  id: Generated<number>;
  team_id: number;
  person_id: number;
  joined_at: Timestamp;
  left_at: Date | null;
}

export interface PairingTable {
  id: Generated<number>;
  unit_id: number;
  region_id: number;
  liaison_name: string;
  liaison_phone: string;
  offer_people: Generated<number>;
  /** numeric travels as text, exactly. */
  offer_funds: ColumnType<string, string | number | undefined, string | number>;
  offer_materials: string | null;
  note: string | null;
  status: Generated<PairingStatus>;
  decided_by: number | null;
  decided_at: Date | null;
  decline_reason: string | null;
  ended_at: Date | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PairingTeamTable {
  pairing_id: number;
  team_id: number;
  created_at: CreatedAt;
}

export interface InvitationTable {
  id: Generated<number>;
  token: string;
  community_id: number | null;
  org_id: number | null;
  note: string | null;
  expires_at: Date;
  max_uses: number | null;
  uses: Generated<number>;
  revoked_at: Date | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface EnrolmentTable {
  id: Generated<number>;
  person_id: number;
  community_id: number;
  home_id: number | null;
  org_id: number | null;
  invitation_id: number | null;
  skills: Generated<string[]>;
  availability: string | null;
  available_days: Generated<number[]>;
  available_periods: Generated<string[]>;
  preferred_posts: Generated<string[]>;
  note: string | null;
  status: Generated<EnrolmentStatus>;
  decided_by: number | null;
  decided_at: Date | null;
  reject_reason: string | null;
  ended_at: Date | null;
  last_active_at: Date | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DutyRoleAssignmentTable {
  id: Generated<number>;
  enrolment_id: number;
  role: DutyRole;
  assigned_by: number | null;
  created_at: CreatedAt;
  ended_at: Date | null;
}

export interface ResponsibilityTable {
  id: Generated<number>;
  enrolment_id: number;
  kind: ResponsibilityKind;
  region_id: number;
  note: string | null;
  assigned_by: number | null;
  created_at: CreatedAt;
  ended_at: Date | null;
}

export interface TemporaryBranchTable {
  org_id: number;
  purpose: TemporaryBranchPurpose;
  region_id: number;
  task: string | null;
  set_up_by: number | null;
  set_up_at: Timestamp;
  dissolved_at: Date | null;
  dissolved_reason: string | null;
}

export interface TemporaryBranchMemberTable {
  id: Generated<number>;
  org_id: number;
  person_id: number;
  role: Generated<TemporaryBranchRole>;
  joined_at: Timestamp;
  left_at: Date | null;
}

export interface RiskZoneTable {
  id: Generated<number>;
  region_id: number;
  level: RiskLevel;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  reason: string | null;
  designated_by: number | null;
  lifted_by: number | null;
  created_at: CreatedAt;
}

export interface DutySiteTable {
  id: Generated<number>;
  region_id: number;
  name: string;
  address: string | null;
  checkin_token: string;
  key_site: Generated<boolean>;
  latitude: number | null;
  longitude: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface NeedTable {
  id: Generated<number>;
  region_id: number;
  site_id: number;
  post: Post;
  title: string | null;
  headcount: number;
  required_skills: Generated<string[]>;
  notes: string | null;
  status: Generated<'open' | 'cancelled'>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ShiftTable {
  id: Generated<number>;
  need_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  headcount: number;
  filled: Generated<number>;
  leader_person_id: number | null;
  status: Generated<'open' | 'cancelled'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SignupTable {
  id: Generated<number>;
  shift_id: number;
  person_id: number;
  enrolment_id: number | null;
  /** tstzrange travels as text: '["2026-11-23 07:00:00+00","2026-11-23 12:00:00+00")'. */
  period: string;
  status: SignupStatus;
  source: Generated<'self' | 'assigned'>;
  team_id: number | null;
  assigned_by: number | null;
  created_at: CreatedAt;
  promoted_at: Timestamp | null;
  ended_at: Timestamp | null;
  late_cancel: Generated<boolean>;
  reminded_at: Timestamp | null;
  checked_in_at: Timestamp | null;
  checked_out_at: Timestamp | null;
  presence_by: number | null;
  no_show: Generated<boolean>;
  /** numeric travels as text, exactly. */
  hours: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  certified_at: Timestamp | null;
  certified_by: number | null;
}

export interface NotificationTable {
  id: Generated<number>;
  person_id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: CreatedAt;
  read_at: Timestamp | null;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: 'sms';
  recipient: string;
  body: string;
  notification_id: number | null;
  created_at: CreatedAt;
  attempts: Generated<number>;
  last_error: string | null;
  sent_at: Timestamp | null;
}

export type AllocationPlanStatus = 'proposed' | 'published' | 'discarded' | 'superseded' | 'expired';

export interface AllocationPlanTable {
  id: Generated<number>;
  region_id: number;
  from_date: string;
  to_date: string;
  weights: ColumnType<unknown, string, never>;
  shift_limit: number;
  exclude_people: Generated<number[]>;
  exclude_shifts: Generated<number[]>;
  based_on: number | null;
  summary: ColumnType<unknown, string, never>;
  status: Generated<AllocationPlanStatus>;
  expires_at: Date;
  created_by: number | null;
  created_at: CreatedAt;
  decided_by: number | null;
  decided_at: Date | null;
}

export interface AllocationPlanShiftTable {
  plan_id: number;
  shift_id: number;
  community_id: number;
  community_name: string;
  label: string;
  starts_at: Date;
  ends_at: Date;
  gap: number;
  planned: number;
  weight: number;
  priority_reasons: Generated<string[]>;
  uncovered_reason: string | null;
}

export interface AllocationPlanItemTable {
  plan_id: number;
  shift_id: number;
  person_id: number;
  person_name: string;
  source: 'enrolled' | 'offered';
  origin: string;
  tier: 'community' | 'street' | 'district' | 'city';
  travel: number;
  distance_m: number | null;
  outcome: 'assigned' | 'skipped' | null;
  outcome_code: string | null;
  outcome_note: string | null;
}

export interface DB {
  region: RegionTable;
  org: OrgTable;
  person: PersonTable;
  party_membership: PartyMembershipTable;
  work_unit_membership: WorkUnitMembershipTable;
  volunteer: VolunteerTable;
  resident: ResidentTable;
  app_user: AppUserTable;
  user_grant: UserGrantTable;
  session: SessionTable;
  login_name_failure: LoginNameFailureTable;
  audit_log: AuditLogTable;
  team: TeamTable;
  team_member: TeamMemberTable;
  pairing: PairingTable;
  pairing_team: PairingTeamTable;
  invitation: InvitationTable;
  enrolment: EnrolmentTable;
  duty_role_assignment: DutyRoleAssignmentTable;
  responsibility: ResponsibilityTable;
  temporary_branch: TemporaryBranchTable;
  temporary_branch_member: TemporaryBranchMemberTable;
  risk_zone: RiskZoneTable;
  duty_site: DutySiteTable;
  need: NeedTable;
  shift: ShiftTable;
  signup: SignupTable;
  notification: NotificationTable;
  outbox: OutboxTable;
  allocation_plan: AllocationPlanTable;
  allocation_plan_shift: AllocationPlanShiftTable;
  allocation_plan_item: AllocationPlanItemTable;
}

export type Region = Selectable<RegionTable>;
export type NewRegion = Insertable<RegionTable>;
export type Org = Selectable<OrgTable>;
export type Person = Selectable<PersonTable>;
export type AppUser = Selectable<AppUserTable>;
