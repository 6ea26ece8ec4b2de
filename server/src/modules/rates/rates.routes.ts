import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { RatesService } from './rates.service.js';

export const ratesRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const rates = new RatesService(db.kysely);

  app.get('/rates/roots', async (request) => rates.roots(contextOf(request)));
  app.get('/rates/orgs/:id', { schema: { params: IdParams } }, async (request) => rates.org(contextOf(request), request.params.id));
  app.get('/rates/regions/:id', { schema: { params: IdParams } }, async (request) => rates.region(contextOf(request), request.params.id));
  app.get('/rates/orgs/:id/export.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await rates.exportOrg(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
  app.get('/rates/regions/:id/export.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await rates.exportRegion(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
};
