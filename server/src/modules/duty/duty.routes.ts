import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AssignRequest,
  CertifyRequest,
  CheckinRequest,
  CreateNeedRequest,
  CreateRiskZoneRequest,
  CreateSiteRequest,
  IdParams,
  NeedsQuery,
  PresenceRequest,
  RiskZonesQuery,
  RosterQuery,
  UpdateShiftRequest,
  UpdateSiteRequest,
} from '@meshwork/contracts';
import { z } from 'zod';
import type { ModuleDeps } from '../../app.js';
import { FieldCipher } from '../../platform/crypto.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { PairingService } from '../pairing/pairing.service.js';
import { PeopleService } from '../people/people.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { TemporaryBranchesService } from '../temporary-branches/temporary-branches.service.js';
import { EnrolmentService } from '../enrolment/enrolment.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { DutyService } from './duty.service.js';

export function dutyService({ db, config }: Pick<ModuleDeps, 'db' | 'config'>): DutyService {
  if (!config.fieldKey) throw new Error('config.fieldKey is missing: resolve it with resolveFieldKey (main.ts) before buildApp');
  const people = new PeopleService(db.kysely, new FieldCipher(config.fieldKey));
  const enrolment = new EnrolmentService(db.kysely);
  const teams = new TeamsService(db.kysely, people, enrolment);
  const branches = new TemporaryBranchesService(db.kysely, enrolment);
  return new DutyService(db.kysely, enrolment, new NotificationsService(db.kysely), people, teams, branches, new PairingService(db.kysely, teams));
}

export const dutyRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const duty = dutyService(deps);

  app.get('/risk-zones', { schema: { querystring: RiskZonesQuery } }, async (request) => duty.riskZones(contextOf(request), request.query));
  app.post('/risk-zones', { schema: { body: CreateRiskZoneRequest } }, async (request, reply) => {
    reply.status(201);
    return duty.designate(contextOf(request), request.body);
  });
  app.get('/risk-zones/export.xlsx', { schema: { querystring: RiskZonesQuery } }, async (request, reply) => {
    const { file, name } = await duty.riskZonesExport(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/risk-zones/:id/lift', { schema: { params: IdParams } }, async (request) => duty.lift(contextOf(request), request.params.id));

  app.get('/sites', { schema: { querystring: z.object({ regionId: z.coerce.number().int().positive() }).strict() } }, async (request) =>
    duty.sites(contextOf(request), request.query.regionId),
  );
  app.post('/sites', { schema: { body: CreateSiteRequest } }, async (request, reply) => {
    reply.status(201);
    return duty.createSite(contextOf(request), request.body);
  });

  app.patch('/sites/:id', { schema: { params: IdParams, body: UpdateSiteRequest } }, async (request) =>
    duty.updateSite(contextOf(request), request.params.id, request.body),
  );

  app.get('/needs', { schema: { querystring: NeedsQuery } }, async (request) => duty.needs(contextOf(request), request.query));
  app.post('/needs', { schema: { body: CreateNeedRequest } }, async (request, reply) => {
    reply.status(201);
    return duty.createNeed(contextOf(request), request.body);
  });
  app.get('/shifts/:id', { schema: { params: IdParams } }, async (request) => duty.shift(contextOf(request), request.params.id));
  app.patch('/shifts/:id', { schema: { params: IdParams, body: UpdateShiftRequest } }, async (request) =>
    duty.updateShift(contextOf(request), request.params.id, request.body),
  );
  app.post('/shifts/:id/assignments', { schema: { params: IdParams, body: AssignRequest } }, async (request) =>
    duty.assign(contextOf(request), request.params.id, request.body),
  );
  app.post('/signups/:id/remove', { schema: { params: IdParams } }, async (request) => duty.remove(contextOf(request), request.params.id));
  app.post('/signups/:id/presence', { schema: { params: IdParams, body: PresenceRequest } }, async (request) =>
    duty.markPresence(contextOf(request), request.params.id, request.body.action),
  );
  app.post('/signups/certify', { schema: { body: CertifyRequest } }, async (request) => duty.certify(contextOf(request), request.body));

  app.get('/roster', { schema: { querystring: RosterQuery } }, async (request) => duty.roster(contextOf(request), request.query));
  app.get('/roster/export.xlsx', { schema: { querystring: RosterQuery } }, async (request, reply) => {
    const { file, name } = await duty.rosterExport(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.get('/gaps', { schema: { querystring: RosterQuery } }, async (request) => duty.gaps(contextOf(request), request.query));
  app.get('/gaps/export.xlsx', { schema: { querystring: RosterQuery } }, async (request, reply) => {
    const { file, name } = await duty.gapsExport(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.get('/people/:id/service-ledger', { schema: { params: IdParams } }, async (request) => duty.ledgerOf(contextOf(request), request.params.id));

  // The member's own.
  app.get('/me/service-ledger', async (request) => duty.myLedger(contextOf(request)));
  app.get('/me/shifts', async (request) => duty.myShifts(contextOf(request)));
  app.get('/me/open-shifts', async (request) => duty.openShifts(contextOf(request)));
  app.post('/shifts/:id/signup', { schema: { params: IdParams } }, async (request, reply) => {
    reply.status(201);
    return duty.signUp(contextOf(request), request.params.id);
  });
  app.post('/me/signups/:id/cancel', { schema: { params: IdParams } }, async (request) => duty.cancel(contextOf(request), request.params.id));
  app.post('/me/checkin', { schema: { body: CheckinRequest } }, async (request) => duty.checkin(contextOf(request), request.body));
};
