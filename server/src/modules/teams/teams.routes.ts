import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AddTeamMemberRequest,
  CreateTeamRequest,
  IdParams,
  TeamCandidatesQuery,
  TeamLedgerQuery,
  TeamMemberParams,
  TeamsQuery,
  UpdateTeamRequest,
} from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { FieldCipher } from '../../platform/crypto.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { EnrolmentService } from '../enrolment/enrolment.service.js';
import { PeopleService } from '../people/people.service.js';
import { TeamsService } from './teams.service.js';

/** The teams service with the services it asks (pairing builds one too). */
export function teamsService({ db, config }: Pick<ModuleDeps, 'db' | 'config'>): TeamsService {
  if (!config.fieldKey) throw new Error('config.fieldKey is missing: resolve it with resolveFieldKey (main.ts) before buildApp');
  return new TeamsService(db.kysely, new PeopleService(db.kysely, new FieldCipher(config.fieldKey)), new EnrolmentService(db.kysely));
}

export const teamsRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const teams = teamsService(deps);

  app.get('/teams', { schema: { querystring: TeamsQuery } }, async (request) => teams.list(contextOf(request), request.query));
  app.post('/teams', { schema: { body: CreateTeamRequest } }, async (request, reply) => {
    reply.status(201);
    return teams.create(contextOf(request), request.body);
  });
  app.get('/teams/export.xlsx', { schema: { querystring: TeamLedgerQuery } }, async (request, reply) => {
    const { file, name } = await teams.export(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.get('/teams/:id', { schema: { params: IdParams } }, async (request) => teams.get(contextOf(request), request.params.id));
  app.patch('/teams/:id', { schema: { params: IdParams, body: UpdateTeamRequest } }, async (request) =>
    teams.update(contextOf(request), request.params.id, request.body),
  );
  app.post('/teams/:id/dissolve', { schema: { params: IdParams } }, async (request) => teams.dissolve(contextOf(request), request.params.id));
  app.get('/teams/:id/candidates', { schema: { params: IdParams, querystring: TeamCandidatesQuery } }, async (request) =>
    teams.candidates(contextOf(request), request.params.id, request.query),
  );
  app.post('/teams/:id/members', { schema: { params: IdParams, body: AddTeamMemberRequest } }, async (request) =>
    teams.addMember(contextOf(request), request.params.id, request.body),
  );
  app.delete('/teams/:id/members/:personId', { schema: { params: TeamMemberParams } }, async (request) =>
    teams.removeMember(contextOf(request), request.params.id, request.params.personId),
  );
};
