import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ChangePasswordRequest,
  CreateGrantRequest,
  CreateUserRequest,
  IdParams,
  LoginRequest,
  NoBody,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
} from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf, SESSION_COOKIE } from '../../platform/http.js';
import { AuthService } from './auth.service.js';
import { UsersService } from './users.service.js';
import { demoAccounts, DEMO_PASSWORD } from '../../demo/accounts.js';

export const accountsRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { config, db, sessions, version }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const auth = new AuthService(db.kysely, sessions, config);
  const users = new UsersService(db.kysely, sessions, config);
  const cookieOptions = (secure: boolean) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
  });

  app.get('/meta', async () => ({
    demo: config.demo,
    version,
    ...(config.demo ? { demoAccounts: demoAccounts.map(({ username, role, scope }) => ({ username, role, scope })), demoPassword: DEMO_PASSWORD } : {}),
  }));

  app.post(
    '/auth/login',
    {
      schema: { body: LoginRequest },
      // Per address, on top of the per-account lock: slows spraying one password over many names.
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const token = await auth.login(contextOf(request), request.body);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions(request.protocol === 'https'));
      request.actor = await sessions.resolve(token);
      return auth.me({ ...contextOf(request) });
    },
  );

  app.post('/auth/logout', async (request, reply) => {
    await auth.logout(contextOf(request), request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request.protocol === 'https'));
    return { ok: true };
  });

  app.get('/auth/me', async (request) => auth.me(contextOf(request)));

  app.post('/auth/password', { schema: { body: ChangePasswordRequest } }, async (request) => {
    await auth.changePassword(contextOf(request), request.body, request.cookies[SESSION_COOKIE]);
    return { ok: true };
  });

  app.get('/users', { schema: { querystring: UserListQuery } }, async (request) => users.list(contextOf(request), request.query));
  app.post('/users', { schema: { body: CreateUserRequest } }, async (request, reply) => {
    reply.status(201);
    return users.create(contextOf(request), request.body);
  });
  app.get('/users/:id', { schema: { params: IdParams } }, async (request) => users.get(contextOf(request), request.params.id));
  app.patch('/users/:id', { schema: { params: IdParams, body: UpdateUserRequest } }, async (request) =>
    users.update(contextOf(request), request.params.id, request.body),
  );
  app.post('/users/:id/password', { schema: { params: IdParams, body: ResetPasswordRequest } }, async (request) => {
    await users.resetPassword(contextOf(request), request.params.id, request.body.password);
    return { ok: true };
  });
  app.post('/users/:id/unlock', { schema: { params: IdParams, body: NoBody } }, async (request) => {
    await users.unlock(contextOf(request), request.params.id);
    return { ok: true };
  });
  app.post('/users/:id/grants', { schema: { params: IdParams, body: CreateGrantRequest } }, async (request, reply) => {
    reply.status(201);
    return users.addGrant(contextOf(request), request.params.id, request.body);
  });
  app.delete('/grants/:id', { schema: { params: IdParams } }, async (request) => {
    await users.removeGrant(contextOf(request), request.params.id);
    return { ok: true };
  });
};
