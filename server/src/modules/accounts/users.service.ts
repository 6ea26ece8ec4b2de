import type { Kysely } from 'kysely';
import {
  scopeKindOf,
  separatedDuties,
  type CreateGrantRequest,
  type CreateUserRequest,
  type Role,
  type UpdateUserRequest,
  type UserView,
} from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { covers, type Actor } from '../../platform/access.js';
import { AppError, notFound } from '../../platform/errors.js';
import { audit, changedFields } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { maskPhone } from '../../platform/masking.js';
import { assertStrongPassword, hashPassword } from '../../platform/passwords.js';
import type { Sessions } from '../../platform/sessions.js';
import { AccountsRepository, type GrantRow, type UserRow } from './accounts.repository.js';
import { mayGrant, toGrantView } from './grants.js';

export class UsersService {
  private readonly repo: AccountsRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sessions: Sessions,
    private readonly config: Config,
  ) {
    this.repo = new AccountsRepository(db);
  }

  private scopes(actor: Actor, permission: 'user.read' | 'user.write') {
    return { region: actor.regionScope(permission), org: actor.orgScope(permission) };
  }

  private async view(users: UserRow[]): Promise<UserView[]> {
    const grants = await this.repo.grantsOf(users.map((u) => u.id));
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      name: u.name,
      phone: maskPhone(u.phone),
      status: u.status,
      lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
      lastLoginAt: u.last_login_at?.toISOString() ?? null,
      grants: grants.filter((g) => g.user_id === u.id).map(toGrantView),
    }));
  }

  async list(ctx: RequestContext, query: { q?: string; limit: number; offset: number }) {
    const { actor } = signedIn(ctx);
    actor.require('user.read');
    const page = await this.repo.listUsers(this.scopes(actor, 'user.read'), query.q, query.limit, query.offset);
    return { items: await this.view(page.items), total: page.total };
  }

  /**
   * A user the actor may act on with `permission`: one holding a grant inside the actor's scope.
   * With `whole`, every grant must lie inside: whoever resets the password of an account, or
   * disables or unlocks it, acts for all of its grants, so a scoped admin must not reach past its
   * subtree through an account that also works elsewhere.
   */
  private async visibleUser(actor: Actor, id: number, permission: 'user.read' | 'user.write', whole = false): Promise<UserRow> {
    actor.require(permission);
    const user = await this.repo.findUser(id);
    if (!user) throw notFound('用户');
    const scopes = this.scopes(actor, permission);
    if (scopes.region.all || scopes.org.all) return user;
    const grants = await this.repo.grantsOf([id]);
    const covered = (g: GrantRow) =>
      (g.region_path !== null && covers(scopes.region, g.region_path)) || (g.org_path !== null && covers(scopes.org, g.org_path));
    const inside = whole ? grants.length > 0 && grants.every(covered) : grants.some(covered);
    if (!inside) throw new AppError('FORBIDDEN', whole ? '该用户还有超出您管辖范围的授权' : '该用户不在您的管辖范围内');
    return user;
  }

  /** Whether the account holds one of the separated duties (三员). */
  private async holdsSeparatedDuty(userId: number): Promise<boolean> {
    const grants = await this.repo.grantsOf([userId]);
    return grants.some((g) => (separatedDuties as readonly Role[]).includes(g.role));
  }

  async get(ctx: RequestContext, id: number): Promise<UserView> {
    const { actor } = signedIn(ctx);
    const [view] = await this.view([await this.visibleUser(actor, id, 'user.read')]);
    return view!;
  }

  async create(ctx: RequestContext, input: CreateUserRequest): Promise<UserView> {
    const { actor } = signedIn(ctx);
    actor.require('user.write');
    const platformWide = this.scopes(actor, 'user.write');
    // An account created inside a subtree must come with a grant there, or its creator could no
    // longer see it.
    if (!(platformWide.region.all || platformWide.org.all) && !input.grant) {
      throw new AppError('GRANT_SCOPE_INVALID', '请为新用户指定角色和范围');
    }
    assertStrongPassword(input.password, input.username);
    const target = input.grant ? await this.grantTarget(actor, input.grant) : undefined;
    const passwordHash = await hashPassword(input.password, this.config.passwordHash);
    const id = await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const userId = await repo.insertUser({
        username: input.username,
        name: input.name,
        phone: input.phone ?? null,
        passwordHash,
        // An account made by someone else starts with a password its owner did not choose.
        mustChangePassword: true,
      });
      await audit(trx, ctx, { action: 'user.create', entity: 'user', entityId: userId, changes: { username: input.username, name: input.name } });
      if (target) {
        const grantId = await repo.insertGrant({ userId, ...target, grantedBy: actor.userId });
        await audit(trx, ctx, { action: 'grant.create', entity: 'grant', entityId: grantId, changes: { userId, ...target } });
      }
      return userId;
    });
    return this.get(ctx, id);
  }

  async update(ctx: RequestContext, id: number, input: UpdateUserRequest): Promise<UserView> {
    const { actor } = signedIn(ctx);
    const user = await this.visibleUser(actor, id, 'user.write', true);
    if (input.status === 'disabled' && id === actor.userId) throw new AppError('FORBIDDEN', '不能停用自己的账号');
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).updateUser(user, input);
      await audit(trx, ctx, { action: 'user.update', entity: 'user', entityId: id, changes: changedFields(user, input) });
    });
    if (input.status === 'disabled') await this.sessions.destroyAllFor(id);
    return this.get(ctx, id);
  }

  async resetPassword(ctx: RequestContext, id: number, password: string): Promise<void> {
    const { actor } = signedIn(ctx);
    const user = await this.visibleUser(actor, id, 'user.write', true);
    if (id === actor.userId) throw new AppError('FORBIDDEN', '修改自己的密码请使用“修改密码”');
    // Setting a separated duty's password is signing in as it: the platform admin would read the
    // audit log as the auditor. Only the holder changes it.
    if (await this.holdsSeparatedDuty(id)) throw new AppError('FORBIDDEN', '三员账号的密码只能由本人修改');
    assertStrongPassword(password, user.username);
    const hash = await hashPassword(password, this.config.passwordHash);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).setPassword(id, hash, true);
      await audit(trx, ctx, { action: 'user.password.reset', entity: 'user', entityId: id });
    });
    await this.sessions.destroyAllFor(id);
  }

  async unlock(ctx: RequestContext, id: number): Promise<void> {
    const { actor } = signedIn(ctx);
    await this.visibleUser(actor, id, 'user.write', true);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).unlock(id);
      await audit(trx, ctx, { action: 'user.unlock', entity: 'user', entityId: id });
    });
  }

  /** Checks a requested grant against the delegation rule and returns its columns. */
  private async grantTarget(actor: Actor, input: CreateGrantRequest): Promise<{ role: Role; regionId: number | null; orgId: number | null }> {
    if (!actor.has('grant.write')) throw new AppError('FORBIDDEN', '无权分配角色');
    const kind = scopeKindOf(input.role);
    if ((separatedDuties as readonly Role[]).includes(input.role)) {
      throw new AppError('GRANT_NOT_ALLOWED', '三员角色只能由命令行 meshwork create-admin 设立');
    }
    if (kind === 'region' ? !input.regionId || input.orgId : !input.orgId || input.regionId) {
      throw new AppError('GRANT_SCOPE_INVALID', kind === 'region' ? '该角色须指定一个属地节点' : '该角色须指定一个组织节点');
    }
    const node = kind === 'region' ? await this.repo.regionPath(input.regionId!) : await this.repo.orgPath(input.orgId!);
    if (!node) throw notFound(kind === 'region' ? '属地节点' : '组织');
    if ('status' in node && node.status !== 'active') throw new AppError('ORG_CLOSED', '组织已撤销');
    if (!mayGrant(actor, input.role, node.path)) throw new AppError('GRANT_NOT_ALLOWED', '不能授予自己未持有的权限或超出自己管辖范围的角色');
    return { role: input.role, regionId: input.regionId ?? null, orgId: input.orgId ?? null };
  }

  async addGrant(ctx: RequestContext, userId: number, input: CreateGrantRequest): Promise<UserView> {
    const { actor } = signedIn(ctx);
    if (userId === actor.userId) throw new AppError('GRANT_NOT_ALLOWED', '不能给自己授权');
    const target = await this.grantTarget(actor, input);
    // A separated duty holds nothing else: a region role would let the auditor write data, or
    // give the platform admin grant.write.
    if (await this.holdsSeparatedDuty(userId)) throw new AppError('GRANT_NOT_ALLOWED', '三员账号不能再授予其他角色');
    // Scoped admins extend accounts already inside their subtree; an account without grants is
    // visible, and so grantable, only platform-wide.
    if (actor.holds('security_admin')) {
      if (!(await this.repo.findUser(userId))) throw notFound('用户');
    } else {
      await this.visibleUser(actor, userId, 'user.write');
    }
    await this.db.transaction().execute(async (trx) => {
      const grantId = await this.repo.with(trx).insertGrant({ userId, ...target, grantedBy: actor.userId });
      await audit(trx, ctx, { action: 'grant.create', entity: 'grant', entityId: grantId, changes: { userId, ...target } });
    });
    return this.get(ctx, userId);
  }

  async removeGrant(ctx: RequestContext, grantId: number): Promise<void> {
    const { actor } = signedIn(ctx);
    const grant: GrantRow | undefined = await this.repo.findGrant(grantId);
    if (!grant) throw notFound('授权');
    if (grant.user_id === actor.userId) throw new AppError('GRANT_NOT_ALLOWED', '不能撤销自己的授权');
    if (!mayGrant(actor, grant.role, grant.region_path ?? grant.org_path)) {
      throw new AppError('GRANT_NOT_ALLOWED', '无权撤销该授权');
    }
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).deleteGrant(grantId);
      await audit(trx, ctx, { action: 'grant.delete', entity: 'grant', entityId: grantId, changes: { userId: grant.user_id, role: grant.role, regionId: grant.region_id, orgId: grant.org_id } });
    });
  }

  /**
   * From the command line, whose user holds the server: the way back for any account, including
   * the separated duties that nobody may reset over HTTP. The owner must choose a new one.
   */
  async resetPasswordFromConsole(username: string, password: string): Promise<void> {
    const candidate = await this.repo.findForLogin(username.toLowerCase());
    if (!candidate || candidate.username !== username.toLowerCase()) throw notFound('用户');
    assertStrongPassword(password, candidate.username);
    const hash = await hashPassword(password, this.config.passwordHash);
    const ctx: RequestContext = { actor: null, ip: 'cli', userAgent: 'meshwork reset-password' };
    await this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      await repo.setPassword(candidate.id, hash, true);
      await repo.unlock(candidate.id);
      await audit(trx, ctx, { action: 'user.password.reset', entity: 'user', entityId: candidate.id, username: 'cli' });
    });
    await this.sessions.destroyAllFor(candidate.id);
  }

  /**
   * The first accounts, from the command line: one of the separated duties, platform-wide. Not
   * reachable over HTTP.
   */
  async createAdmin(input: { username: string; name: string; password: string; role: (typeof separatedDuties)[number] }): Promise<number> {
    assertStrongPassword(input.password, input.username);
    const passwordHash = await hashPassword(input.password, this.config.passwordHash);
    const ctx: RequestContext = { actor: null, ip: 'cli', userAgent: 'meshwork create-admin' };
    return this.db.transaction().execute(async (trx) => {
      const repo = this.repo.with(trx);
      const userId = await repo.insertUser({ username: input.username, name: input.name, phone: null, passwordHash, mustChangePassword: false });
      const grantId = await repo.insertGrant({ userId, role: input.role, regionId: null, orgId: null, grantedBy: null });
      await audit(trx, ctx, { action: 'user.create', entity: 'user', entityId: userId, username: 'cli', changes: { username: input.username, role: input.role } });
      await audit(trx, ctx, { action: 'grant.create', entity: 'grant', entityId: grantId, username: 'cli', changes: { userId, role: input.role } });
      return userId;
    });
  }
}
