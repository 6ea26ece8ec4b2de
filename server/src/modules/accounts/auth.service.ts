import type { Kysely } from 'kysely';
import type { ChangePasswordRequest, LoginRequest, Me } from '@meshwork/contracts';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit.js';
import { signedIn, type RequestContext } from '../../platform/context.js';
import { maskPhone } from '../../platform/masking.js';
import { assertStrongPassword, hashPassword, verifyPassword } from '../../platform/passwords.js';
import type { Sessions } from '../../platform/sessions.js';
import { AccountsRepository, type FailureCount } from './accounts.repository.js';
import { toGrantView } from './grants.js';

export class AuthService {
  private readonly repo: AccountsRepository;
  /** Verified when the login names no account, so that unknown names take as long as known ones. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sessions: Sessions,
    private readonly config: Config,
  ) {
    this.repo = new AccountsRepository(db);
  }

  /** Returns the session token for the cookie. */
  async login(ctx: RequestContext, input: LoginRequest): Promise<string> {
    const user = await this.repo.findForLogin(input.username.trim());
    const fail = async (detail: string, code: 'LOGIN_FAILED' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED', message: string, details?: unknown) => {
      await audit(this.db, ctx, {
        action: 'auth.login',
        entity: 'user',
        entityId: user?.id,
        userId: user?.id ?? null,
        username: user?.username ?? input.username.slice(0, 64),
        result: 'failed',
        detail,
      });
      return new AppError(code, message, details);
    };
    const { maxFailures, lockMinutes } = this.config.login;
    /** A wrong password or a lock, answered alike whether or not an account has the name. */
    const refuse = async (lockedUntil: Date | null, count: () => Promise<FailureCount>, detail: { locked: string; wrong: string }): Promise<AppError> => {
      if (lockedUntil) return fail(detail.locked, 'ACCOUNT_LOCKED', '登录失败次数过多，账号已临时锁定', { lockedUntil: lockedUntil.toISOString() });
      const counted = await count();
      if (counted.lockedUntil) {
        return fail(`${detail.wrong}; account locked`, 'ACCOUNT_LOCKED', `连续 ${maxFailures} 次密码错误，账号锁定 ${lockMinutes} 分钟`, {
          lockedUntil: counted.lockedUntil.toISOString(),
        });
      }
      return fail(detail.wrong, 'LOGIN_FAILED', '用户名或密码错误', { attemptsLeft: maxFailures - counted.failures });
    };
    if (!user) {
      // Counted and locked by name, so that attempts left and the lock never tell whether the
      // name exists; a locked name is refused before hashing, as a locked account is.
      const name = input.username.trim().toLowerCase();
      const locked = await this.repo.nameLockedUntil(name);
      if (!locked) {
        this.dummyHash ??= hashPassword('not-a-real-password', this.config.passwordHash);
        await verifyPassword(await this.dummyHash, input.password);
      }
      throw await refuse(locked, () => this.repo.recordNameFailure(name, maxFailures, lockMinutes), { locked: 'unknown account; locked', wrong: 'unknown account' });
    }
    const known = { locked: 'account locked', wrong: 'wrong password' };
    if (user.locked_until && user.locked_until > new Date()) throw await refuse(user.locked_until, () => this.repo.recordFailure(user.id, maxFailures, lockMinutes), known);
    if (!(await verifyPassword(user.password_hash, input.password))) {
      throw await refuse(null, () => this.repo.recordFailure(user.id, maxFailures, lockMinutes), known);
    }
    if (user.status !== 'active') throw await fail('account disabled', 'ACCOUNT_DISABLED', '账号已停用');
    await this.repo.recordSuccess(user.id);
    const token = await this.sessions.create(user.id, { ip: ctx.ip, userAgent: ctx.userAgent });
    await audit(this.db, ctx, { action: 'auth.login', entity: 'user', entityId: user.id, userId: user.id, username: user.username });
    return token;
  }

  /**
   * A member's own account, made from an invitation: username and phone are the phone, no grant.
   * `claim` runs inside the account's transaction (with its handle), so that whatever the
   * invitation allows (a use of it) is taken together with the account, or neither is. Returns
   * the session token, as login does.
   */
  async register(
    ctx: RequestContext,
    input: { name: string; phone: string; password: string },
    claim: (trx: Kysely<DB>, userId: number) => Promise<void>,
  ): Promise<string> {
    const taken = () => new AppError('PHONE_TAKEN', '该手机号已注册，请直接登录');
    if (await this.repo.phoneTaken(input.phone)) throw taken();
    assertStrongPassword(input.password, input.phone);
    const passwordHash = await hashPassword(input.password, this.config.passwordHash);
    let userId: number;
    try {
      userId = await this.db.transaction().execute(async (trx) => {
        const id = await this.repo.with(trx).insertUser({ username: input.phone, name: input.name, phone: input.phone, passwordHash, mustChangePassword: false });
        await audit(trx, ctx, { action: 'user.register', entity: 'user', entityId: id, userId: id, username: input.phone, changes: { name: input.name, phone: maskPhone(input.phone) } });
        await claim(trx, id);
        return id;
      });
    } catch (error) {
      // Two registrations of one phone at once: the username's unique key lets one through.
      if ((error as { code?: string }).code === '23505') throw taken();
      throw error;
    }
    const token = await this.sessions.create(userId, { ip: ctx.ip, userAgent: ctx.userAgent });
    await audit(this.db, ctx, { action: 'auth.login', entity: 'user', entityId: userId, userId, username: input.phone, detail: 'after registration' });
    return token;
  }

  async logout(ctx: RequestContext, token: string | undefined): Promise<void> {
    if (!token) return;
    await this.sessions.destroy(token);
    if (ctx.actor) await audit(this.db, ctx, { action: 'auth.logout', entity: 'user', entityId: ctx.actor.userId });
  }

  async me(ctx: RequestContext): Promise<Me> {
    const { actor } = signedIn(ctx);
    const user = await this.repo.findUser(actor.userId);
    if (!user) throw new AppError('UNAUTHENTICATED', '请先登录');
    const grants = await this.repo.grantsOf([user.id]);
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      mustChangePassword: user.must_change_password,
      grants: grants.map(toGrantView),
      permissions: actor.permissions(),
    };
  }

  async changePassword(ctx: RequestContext, input: ChangePasswordRequest, token: string | undefined): Promise<void> {
    const { actor } = signedIn(ctx);
    const hash = await this.repo.passwordHash(actor.userId);
    if (!hash || !(await verifyPassword(hash, input.currentPassword))) {
      await audit(this.db, ctx, { action: 'auth.password.change', entity: 'user', entityId: actor.userId, result: 'failed', detail: 'wrong current password' });
      throw new AppError('PASSWORD_WRONG', '当前密码不正确');
    }
    if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_WEAK', '新密码不能与当前密码相同');
    assertStrongPassword(input.newPassword, actor.username);
    const newHash = await hashPassword(input.newPassword, this.config.passwordHash);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.with(trx).setPassword(actor.userId, newHash, false);
      await audit(trx, ctx, { action: 'auth.password.change', entity: 'user', entityId: actor.userId });
    });
    // Other devices signed in with the old password are signed out.
    await this.sessions.destroyAllFor(actor.userId, token);
  }
}
