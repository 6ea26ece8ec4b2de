import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CloseOrgRequest, CreateOrgRequest, IdParams, MoveRequest, OrgChildrenQuery, OrgSearchQuery, UpdateOrgRequest } from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { signedIn } from '../../platform/context.js';
import { contextOf, sendFile, uploadedFile, XLSX } from '../../platform/http.js';
import { RegionsService } from '../regions/regions.service.js';
import { OrgsService } from './orgs.service.js';

export const orgsRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const orgs = new OrgsService(db.kysely, new RegionsService(db));

  app.get('/orgs/roots', { schema: { querystring: OrgChildrenQuery } }, async (request) =>
    orgs.roots(contextOf(request), request.query.includeClosed),
  );
  app.get('/orgs/search', { schema: { querystring: OrgSearchQuery } }, async (request) =>
    orgs.search(contextOf(request), request.query.q, request.query.limit),
  );
  app.get('/orgs/template.xlsx', async (request, reply) => {
    signedIn(contextOf(request));
    return sendFile(reply, await orgs.template(), '组织台账模板.xlsx', XLSX);
  });
  app.get('/orgs/:id', { schema: { params: IdParams } }, async (request) => orgs.get(contextOf(request), request.params.id));
  app.get('/orgs/:id/children', { schema: { params: IdParams, querystring: OrgChildrenQuery } }, async (request) =>
    orgs.children(contextOf(request), request.params.id, request.query.includeClosed),
  );
  app.post('/orgs', { schema: { body: CreateOrgRequest } }, async (request, reply) => {
    reply.status(201);
    return orgs.create(contextOf(request), request.body);
  });
  app.patch('/orgs/:id', { schema: { params: IdParams, body: UpdateOrgRequest } }, async (request) =>
    orgs.update(contextOf(request), request.params.id, request.body),
  );
  app.post('/orgs/:id/move', { schema: { params: IdParams, body: MoveRequest } }, async (request) =>
    orgs.move(contextOf(request), request.params.id, request.body.parentId),
  );
  app.post('/orgs/:id/close', { schema: { params: IdParams, body: CloseOrgRequest } }, async (request) =>
    orgs.close(contextOf(request), request.params.id, request.body.reason),
  );
  app.get('/orgs/:id/export.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await orgs.export(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/orgs/:id/import', { schema: { params: IdParams } }, async (request) =>
    orgs.import(contextOf(request), request.params.id, await uploadedFile(request)),
  );
};
