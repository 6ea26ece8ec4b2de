import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Actor } from './platform/access.js';
import { AppError, fromDatabaseError } from './platform/errors.js';
import { audit } from './platform/audit.js';
import { Sessions } from './platform/sessions.js';
import { contextOf, SESSION_COOKIE } from './platform/http.js';
import { accountsRoutes } from './modules/accounts/accounts.routes.js';
import { regionsRoutes } from './modules/regions/regions.routes.js';
import { orgsRoutes } from './modules/orgs/orgs.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { peopleRoutes } from './modules/people/people.routes.js';
import { teamsRoutes } from './modules/teams/teams.routes.js';
import { pairingRoutes } from './modules/pairing/pairing.routes.js';
import { enrolmentRoutes } from './modules/enrolment/enrolment.routes.js';
import { responsibilitiesRoutes } from './modules/responsibilities/responsibilities.routes.js';
import { temporaryBranchesRoutes } from './modules/temporary-branches/temporary-branches.routes.js';
import { ratesRoutes } from './modules/rates/rates.routes.js';
import { dutyRoutes } from './modules/duty/duty.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { allocationRoutes } from './modules/allocation/allocation.routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** What an account whose password was set by someone else may do before choosing its own. */
const passwordChangeRoutes = new Set(['/api/auth/me', '/api/auth/password', '/api/auth/logout', '/api/auth/login', '/api/meta', '/api/health']);

export interface AppDeps {
  config: Config;
  db: Database;
  version?: string;
}

/** Builds the app from its dependencies; never listens (tests use `inject`, main.ts listens). */
export async function buildApp({ config, db, version = '0.1.0' }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // Errors Fastify meets before routing (a malformed URL) get the same JSON shape as the rest.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply.status(400).send({ error: { code: 'BAD_REQUEST', message: '请求地址或格式不正确', details: error.code } });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const sessions = new Sessions(db.kysely, config.session);

  await app.register(cookie);
  // Uploads: the national division set is the largest file anyone sends (about 40 MB).
  await app.register(multipart, { limits: { fileSize: 64 * 1024 * 1024, files: 5, fields: 10 } });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.actor = await sessions.resolve(token);
    const path = request.url.split('?')[0]!;
    // The web app itself (pages, assets) stays reachable: it is what asks for the new password.
    if (request.actor?.mustChangePassword && path.startsWith('/api/') && !passwordChangeRoutes.has(path)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
    }
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string, details?: unknown) =>
      reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });

    if (hasZodFastifySchemaValidationErrors(error)) {
      return send(400, 'VALIDATION_FAILED', '请求内容不符合要求', error.validation.map((v) => ({
        path: v.instancePath || v.params.issue.path?.join('.') || '',
        message: v.message,
      })));
    }
    const appError = error instanceof AppError ? error : fromDatabaseError(error);
    if (appError) {
      // A disabled account's sign-in is already audited as a failed login.
      if (appError.status === 403 && appError.code !== 'ACCOUNT_DISABLED') {
        await audit(db.kysely, contextOf(request), {
          action: `${request.method} ${request.routeOptions.url ?? request.url}`,
          result: 'denied',
          detail: appError.message,
        }).catch((e) => request.log.error(e, 'audit of a denied request failed'));
      }
      return send(appError.status, appError.code, appError.message, appError.details);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return send(413, 'PAYLOAD_TOO_LARGE', '提交的内容过大');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return send(415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
    }
    if (error.statusCode === 429) return send(429, 'RATE_LIMITED', '请求过于频繁，请稍后再试');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, 'BAD_REQUEST', error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? '请求体为空' : '请求格式不正确');
    }
    request.log.error(error);
    return send(500, 'INTERNAL', '服务器内部错误');
  });

  app.get('/api/health', async () => {
    await db.kysely.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { status: 'ok' };
  });

  const deps = { config, db, sessions, version };
  await app.register(accountsRoutes, { prefix: '/api', ...deps });
  await app.register(regionsRoutes, { prefix: '/api', ...deps });
  await app.register(orgsRoutes, { prefix: '/api', ...deps });
  await app.register(auditRoutes, { prefix: '/api', ...deps });
  await app.register(peopleRoutes, { prefix: '/api', ...deps });
  await app.register(teamsRoutes, { prefix: '/api', ...deps });
  await app.register(pairingRoutes, { prefix: '/api', ...deps });
  await app.register(enrolmentRoutes, { prefix: '/api', ...deps });
  await app.register(responsibilitiesRoutes, { prefix: '/api', ...deps });
  await app.register(temporaryBranchesRoutes, { prefix: '/api', ...deps });
  await app.register(ratesRoutes, { prefix: '/api', ...deps });
  await app.register(dutyRoutes, { prefix: '/api', ...deps });
  await app.register(notificationsRoutes, { prefix: '/api', ...deps });
  await app.register(allocationRoutes, { prefix: '/api', ...deps });

  const webDist = config.webDist;
  if (webDist && existsSync(path.join(webDist, 'index.html'))) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webDist, wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    // A missing file (an old asset name) is a 404, not the app's page under a script's name.
    const isFile = /\.[a-z0-9]+$/i.test(pathname);
    if (pathname.startsWith('/api/') || isFile || request.method !== 'GET' || !webDist || !existsSync(path.join(webDist, 'index.html'))) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    }
    // Client-side routes of the single-page app.
    return reply.sendFile('index.html');
  });

  return app;
}

export type ModuleDeps = { config: Config; db: Database; sessions: Sessions; version: string };
