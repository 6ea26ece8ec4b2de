import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AddTemporaryBranchMembersRequest,
  CreateTemporaryBranchRequest,
  DissolveTemporaryBranchRequest,
  IdParams,
  NameSecretaryRequest,
  TemporaryBranchesQuery,
  TemporaryBranchLedgerQuery,
  TemporaryBranchMemberParams,
} from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { EnrolmentService } from '../enrolment/enrolment.service.js';
import { TemporaryBranchesService } from './temporary-branches.service.js';

export const temporaryBranchesRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const branches = new TemporaryBranchesService(db.kysely, new EnrolmentService(db.kysely));

  app.get('/temporary-branches', { schema: { querystring: TemporaryBranchesQuery } }, async (request) =>
    branches.list(contextOf(request), request.query),
  );
  app.get('/temporary-branches/parents', async (request) => branches.parents(contextOf(request)));
  app.get('/temporary-branches/export.xlsx', { schema: { querystring: TemporaryBranchLedgerQuery } }, async (request, reply) => {
    const { file, name } = await branches.export(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/temporary-branches', { schema: { body: CreateTemporaryBranchRequest } }, async (request, reply) => {
    reply.status(201);
    return branches.create(contextOf(request), request.body);
  });
  app.get('/temporary-branches/:id', { schema: { params: IdParams } }, async (request) => branches.get(contextOf(request), request.params.id));
  app.get('/temporary-branches/:id/candidates', { schema: { params: IdParams } }, async (request) =>
    branches.candidates(contextOf(request), request.params.id),
  );
  app.post('/temporary-branches/:id/members', { schema: { params: IdParams, body: AddTemporaryBranchMembersRequest } }, async (request) =>
    branches.addMembers(contextOf(request), request.params.id, request.body),
  );
  app.delete('/temporary-branches/:id/members/:personId', { schema: { params: TemporaryBranchMemberParams } }, async (request) =>
    branches.removeMember(contextOf(request), request.params.id, request.params.personId),
  );
  app.post('/temporary-branches/:id/secretary', { schema: { params: IdParams, body: NameSecretaryRequest } }, async (request) =>
    branches.nameSecretary(contextOf(request), request.params.id, request.body.personId),
  );
  app.post('/temporary-branches/:id/dissolve', { schema: { params: IdParams, body: DissolveTemporaryBranchRequest } }, async (request) =>
    branches.dissolve(contextOf(request), request.params.id, request.body.reason),
  );
};
