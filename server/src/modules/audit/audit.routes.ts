import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditFilter, AuditQuery } from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { AuditService } from './audit.service.js';

export const auditRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const service = new AuditService(db.kysely);

  app.get('/audit', { schema: { querystring: AuditQuery } }, async (request) => {
    const { limit, offset, ...filter } = request.query;
    return service.search(contextOf(request), filter, limit, offset);
  });
  app.get('/audit/export.xlsx', { schema: { querystring: AuditFilter } }, async (request, reply) =>
    sendFile(reply, await service.export(contextOf(request), request.query), '审计日志.xlsx', XLSX),
  );
};
