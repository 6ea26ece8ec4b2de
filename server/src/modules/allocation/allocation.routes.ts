import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AllocationPageQuery, IdParams, NoBody, PlansQuery, ProposePlanRequest } from '@meshwork/contracts';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.js';
import { FieldCipher } from '../../platform/crypto.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { dutyService } from '../duty/duty.routes.js';
import { EnrolmentService } from '../enrolment/enrolment.service.js';
import { PairingService } from '../pairing/pairing.service.js';
import { PeopleService } from '../people/people.service.js';
import { TeamsService } from '../teams/teams.service.js';
import type { CandidateBudget } from './allocation.instance.js';
import { AllocationService } from './allocation.service.js';

export function allocationService({ db, config }: Pick<ModuleDeps, 'db' | 'config'>, budget?: CandidateBudget): AllocationService {
  if (!config.fieldKey) throw new Error('config.fieldKey is missing: resolve it with resolveFieldKey (main.ts) before buildApp');
  const people = new PeopleService(db.kysely, new FieldCipher(config.fieldKey));
  const enrolment = new EnrolmentService(db.kysely);
  const pairing = new PairingService(db.kysely, new TeamsService(db.kysely, people, enrolment));
  return new AllocationService(db.kysely, dutyService({ db, config }), enrolment, pairing, people, budget);
}

export const allocationRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const allocation = allocationService(deps);

  app.get('/allocation/shifts', { schema: { querystring: AllocationPageQuery } }, async (request) => allocation.gapShifts(contextOf(request), request.query));
  app.get('/allocation/pool', { schema: { querystring: AllocationPageQuery } }, async (request) => allocation.pool(contextOf(request), request.query));
  app.get('/allocation/defaults', { schema: { querystring: z.object({ regionId: z.coerce.number().int().positive() }).strict() } }, async (request) =>
    allocation.defaults(contextOf(request), request.query.regionId),
  );
  app.get('/allocation/plans', { schema: { querystring: PlansQuery } }, async (request) => allocation.list(contextOf(request), request.query));
  app.post('/allocation/plans', { schema: { body: ProposePlanRequest } }, async (request, reply) => {
    reply.status(201);
    return allocation.propose(contextOf(request), request.body);
  });
  app.get('/allocation/plans/:id', { schema: { params: IdParams } }, async (request) => allocation.get(contextOf(request), request.params.id));
  app.post('/allocation/plans/:id/publish', { schema: { params: IdParams, body: NoBody } }, async (request) => allocation.publish(contextOf(request), request.params.id));
  app.post('/allocation/plans/:id/discard', { schema: { params: IdParams, body: NoBody } }, async (request) => allocation.discard(contextOf(request), request.params.id));
  app.get('/allocation/plans/:id/export.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await allocation.export(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
};
