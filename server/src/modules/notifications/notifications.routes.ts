import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MarkReadRequest, Paging } from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf } from '../../platform/http.js';
import { NotificationsService } from './notifications.service.js';

export const notificationsRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const notifications = new NotificationsService(db.kysely);
  app.get('/me/notifications', { schema: { querystring: Paging.strict() } }, async (request) =>
    notifications.mine(contextOf(request), request.query.limit, request.query.offset),
  );
  app.post('/me/notifications/read', { schema: { body: MarkReadRequest } }, async (request) =>
    notifications.markRead(contextOf(request), request.body.ids ?? null),
  );
};
