import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreatePairingRequest,
  DeclinePairingRequest,
  IdParams,
  PairingLedgerQuery,
  PairingsQuery,
  UpdatePairingRequest,
} from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { contextOf, sendFile, XLSX } from '../../platform/http.js';
import { teamsService } from '../teams/teams.routes.js';
import { PairingService } from './pairing.service.js';

export const pairingRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const pairing = new PairingService(deps.db.kysely, teamsService(deps));

  app.get('/pairings', { schema: { querystring: PairingsQuery } }, async (request) => pairing.list(contextOf(request), request.query));
  app.get('/pairings/export.xlsx', { schema: { querystring: PairingLedgerQuery } }, async (request, reply) => {
    const { file, name } = await pairing.export(contextOf(request), request.query);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/pairings', { schema: { body: CreatePairingRequest } }, async (request, reply) => {
    reply.status(201);
    return pairing.create(contextOf(request), request.body);
  });
  app.get('/pairings/:id', { schema: { params: IdParams } }, async (request) => pairing.get(contextOf(request), request.params.id));
  app.patch('/pairings/:id', { schema: { params: IdParams, body: UpdatePairingRequest } }, async (request) =>
    pairing.update(contextOf(request), request.params.id, request.body),
  );
  app.post('/pairings/:id/confirm', { schema: { params: IdParams } }, async (request) => pairing.confirm(contextOf(request), request.params.id));
  app.post('/pairings/:id/decline', { schema: { params: IdParams, body: DeclinePairingRequest } }, async (request) =>
    pairing.decline(contextOf(request), request.params.id, request.body),
  );
  app.post('/pairings/:id/withdraw', { schema: { params: IdParams } }, async (request) => pairing.withdraw(contextOf(request), request.params.id));
  app.post('/pairings/:id/end', { schema: { params: IdParams } }, async (request) => pairing.end(contextOf(request), request.params.id));
};
