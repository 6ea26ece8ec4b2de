import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateMemberRequest, IdParams, MembersQuery, UpdatePersonRequest } from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { signedIn } from '../../platform/context.js';
import { FieldCipher } from '../../platform/crypto.js';
import { contextOf, sendFile, uploadedFile, XLSX } from '../../platform/http.js';
import { PeopleService } from './people.service.js';

export const peopleRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db, config }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  if (!config.fieldKey) throw new Error('config.fieldKey is missing: resolve it with resolveFieldKey (main.ts) before buildApp');
  const people = new PeopleService(db.kysely, new FieldCipher(config.fieldKey));

  app.get('/orgs/:id/members/template.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    signedIn(contextOf(request));
    return sendFile(reply, await people.template(), '成员台账模板.xlsx', XLSX);
  });
  app.get('/orgs/:id/members/export.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await people.export(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/orgs/:id/members/import', { schema: { params: IdParams } }, async (request) =>
    people.import(contextOf(request), request.params.id, await uploadedFile(request)),
  );
  app.get('/orgs/:id/members', { schema: { params: IdParams, querystring: MembersQuery } }, async (request) =>
    people.members(contextOf(request), request.params.id, request.query),
  );
  app.post('/orgs/:id/members', { schema: { params: IdParams, body: CreateMemberRequest } }, async (request, reply) => {
    const result = await people.createMember(contextOf(request), request.params.id, request.body);
    reply.status(result.linked ? 200 : 201);
    return result;
  });
  app.get('/people/:id', { schema: { params: IdParams } }, async (request) => people.get(contextOf(request), request.params.id));
  app.patch('/people/:id', { schema: { params: IdParams, body: UpdatePersonRequest } }, async (request) =>
    people.update(contextOf(request), request.params.id, request.body),
  );
  app.post('/people/:id/reveal', { schema: { params: IdParams } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return people.reveal(contextOf(request), request.params.id);
  });
};
