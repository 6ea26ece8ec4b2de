import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AssignDutyRoleRequest, AssignResponsibilityRequest, IdParams } from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { ResponsibilitiesService } from './responsibilities.service.js';

export const responsibilitiesRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const duty = new ResponsibilitiesService(db.kysely);

  app.get('/me/responsibilities', async (request) => duty.mine(contextOf(request)));
  app.get('/responsibilities/communities/:id', { schema: { params: IdParams } }, async (request) => duty.communityDuty(contextOf(request), request.params.id));
  app.get('/responsibilities/communities/:id/coverage', { schema: { params: IdParams } }, async (request) => duty.coverage(contextOf(request), request.params.id));
  app.get('/responsibilities/communities/:id/ledger.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await duty.export(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
  app.get('/responsibilities/grids/:id/uncovered', { schema: { params: IdParams } }, async (request) => duty.uncovered(contextOf(request), request.params.id));
  app.get('/responsibilities/regions/:id/answerers', { schema: { params: IdParams } }, async (request) => duty.answerers(contextOf(request), request.params.id));
  app.post('/responsibilities/duty-roles', { schema: { body: AssignDutyRoleRequest } }, async (request, reply) => {
    reply.status(201);
    return duty.assignDutyRole(contextOf(request), request.body);
  });
  app.post('/responsibilities/duty-roles/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    await duty.endDutyRole(contextOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.post('/responsibilities', { schema: { body: AssignResponsibilityRequest } }, async (request, reply) => {
    reply.status(201);
    return duty.assignResponsibility(contextOf(request), request.body);
  });
  app.post('/responsibilities/:id/end', { schema: { params: IdParams } }, async (request, reply) => {
    await duty.endResponsibility(contextOf(request), request.params.id);
    return reply.status(204).send();
  });
};
