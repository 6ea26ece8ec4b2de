import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AvailabilityRequest,
  NoBody,
  CreateInvitationRequest,
  EndEnrolmentRequest,
  EnrolmentListQuery,
  EnrolRequest,
  IdParams,
  InvitationListQuery,
  OrgEnrolmentListQuery,
  OrgNameQuery,
  PlacesQuery,
  RegisterRequest,
  RejectEnrolmentRequest,
  TokenParams,
} from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { FieldCipher } from '../../platform/crypto.js';
import { contextOf, sendFile, SESSION_COOKIE, XLSX } from '../../platform/http.js';
import { AuthService } from '../accounts/auth.service.js';
import { PeopleService } from '../people/people.service.js';
import { EnrolmentService, InvitationService } from './enrolment.service.js';


export const enrolmentRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db, config, sessions }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  if (!config.fieldKey) throw new Error('config.fieldKey is missing: resolve it with resolveFieldKey (main.ts) before buildApp');
  const enrolments = new EnrolmentService(db.kysely, new PeopleService(db.kysely, new FieldCipher(config.fieldKey)));
  const invitations = new InvitationService(db.kysely, new AuthService(db.kysely, sessions, config));

  // The member's own (self-service)
  app.get('/me/places', { schema: { querystring: PlacesQuery } }, async (request) => enrolments.places(contextOf(request), request.query.parentId));
  app.get('/me/orgs', { schema: { querystring: OrgNameQuery } }, async (request) => enrolments.orgNames(contextOf(request), request.query.q));
  app.get('/me/enrolments', async (request) => enrolments.mine(contextOf(request)));
  app.post('/me/enrolments', { schema: { body: EnrolRequest } }, async (request, reply) => {
    reply.status(201);
    return enrolments.enrol(contextOf(request), request.body);
  });
  app.put('/me/enrolments/:id/availability', { schema: { params: IdParams, body: AvailabilityRequest } }, async (request) =>
    enrolments.setAvailability(contextOf(request), request.params.id, request.body),
  );
  app.post('/me/enrolments/:id/withdraw', { schema: { params: IdParams, body: NoBody } }, async (request) =>
    enrolments.withdraw(contextOf(request), request.params.id),
  );

  // The community
  app.get('/enrolments', { schema: { querystring: EnrolmentListQuery } }, async (request) => enrolments.list(contextOf(request), request.query));
  app.get('/enrolments/export.xlsx', { schema: { querystring: EnrolmentListQuery.pick({ regionId: true, status: true }) } }, async (request, reply) => {
    const { file, name } = await enrolments.export(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/enrolments/:id/confirm', { schema: { params: IdParams, body: NoBody } }, async (request) =>
    enrolments.confirm(contextOf(request), request.params.id),
  );
  app.post('/enrolments/:id/reject', { schema: { params: IdParams, body: RejectEnrolmentRequest } }, async (request) =>
    enrolments.reject(contextOf(request), request.params.id, request.body.reason),
  );
  app.post('/enrolments/:id/end', { schema: { params: IdParams, body: EndEnrolmentRequest } }, async (request) =>
    enrolments.end(contextOf(request), request.params.id, request.body.reason || undefined),
  );

  // The member's own org
  app.get('/org-enrolments', { schema: { querystring: OrgEnrolmentListQuery } }, async (request) => enrolments.ofOrgs(contextOf(request), request.query));
  app.get('/org-enrolments/export.xlsx', { schema: { querystring: OrgEnrolmentListQuery.pick({ orgId: true, status: true }) } }, async (request, reply) => {
    const { file, name } = await enrolments.exportOfOrgs(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });

  // Invitations
  app.get('/invitations', { schema: { querystring: InvitationListQuery } }, async (request) => invitations.list(contextOf(request), request.query));
  app.post('/invitations', { schema: { body: CreateInvitationRequest } }, async (request, reply) => {
    reply.status(201);
    return invitations.create(contextOf(request), request.body);
  });
  app.post('/invitations/:id/revoke', { schema: { params: IdParams, body: NoBody } }, async (request) =>
    invitations.revoke(contextOf(request), request.params.id),
  );
  // Public: the link itself is the credential, so both are rate-limited per address like login.
  app.get('/invitations/:token', { schema: { params: TokenParams }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } }, async (request) =>
    invitations.describe(request.params.token),
  );
  app.post(
    '/invitations/:token/register',
    { schema: { params: TokenParams, body: RegisterRequest }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const token = await invitations.register(contextOf(request), request.params.token, request.body);
      reply.status(201).setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
      return { ok: true };
    },
  );
};
