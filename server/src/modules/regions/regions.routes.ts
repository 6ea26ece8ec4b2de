import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateRegionRequest,
  DivisionImportQuery,
  IdParams,
  Location,
  MoveRequest,
  RegionChildrenQuery,
  RegionSearchQuery,
  UpdateRegionRequest,
} from '@meshwork/contracts';
import type { ModuleDeps } from '../../app.js';
import { AppError } from '../../platform/errors.js';
import { signedIn } from '../../platform/context.js';
import { contextOf, sendFile, uploadedFile, XLSX } from '../../platform/http.js';
import { RegionsService } from './regions.service.js';
import { divisionFiles, type DivisionFile, type DivisionSources } from './divisions.import.js';

export const regionsRoutes: FastifyPluginAsync<ModuleDeps> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const regions = new RegionsService(db);

  app.get('/regions/roots', async (request) => regions.roots(contextOf(request)));
  app.get('/regions/search', { schema: { querystring: RegionSearchQuery } }, async (request) =>
    regions.search(contextOf(request), request.query.q, request.query.limit),
  );
  app.get('/divisions/search', { schema: { querystring: RegionSearchQuery } }, async (request) =>
    regions.searchDivisions(contextOf(request), request.query.q, request.query.limit),
  );
  app.get('/regions/households-template.xlsx', async (request, reply) => {
    signedIn(contextOf(request));
    return sendFile(reply, await regions.householdTemplate(), '网格户台账模板.xlsx', XLSX);
  });
  app.get('/regions/:id', { schema: { params: IdParams } }, async (request) => regions.get(contextOf(request), request.params.id));
  app.get('/regions/:id/children', { schema: { params: IdParams, querystring: RegionChildrenQuery } }, async (request) =>
    regions.children(contextOf(request), request.params.id, request.query),
  );
  app.post('/regions', { schema: { body: CreateRegionRequest } }, async (request, reply) => {
    reply.status(201);
    return regions.create(contextOf(request), request.body);
  });
  app.put('/regions/:id/location', { schema: { params: IdParams, body: Location } }, async (request) =>
    regions.locate(contextOf(request), request.params.id, request.body),
  );
  app.patch('/regions/:id', { schema: { params: IdParams, body: UpdateRegionRequest } }, async (request) =>
    regions.update(contextOf(request), request.params.id, request.body),
  );
  app.post('/regions/:id/move', { schema: { params: IdParams, body: MoveRequest } }, async (request) =>
    regions.move(contextOf(request), request.params.id, request.body.parentId),
  );
  app.delete('/regions/:id', { schema: { params: IdParams } }, async (request) => {
    await regions.delete(contextOf(request), request.params.id);
    return { ok: true };
  });
  app.get('/regions/:id/households.xlsx', { schema: { params: IdParams } }, async (request, reply) => {
    const { file, name } = await regions.exportHouseholds(contextOf(request), request.params.id);
    return sendFile(reply, file, name, XLSX);
  });
  app.post('/regions/:id/households/import', { schema: { params: IdParams } }, async (request) =>
    regions.importHouseholds(contextOf(request), request.params.id, await uploadedFile(request)),
  );

  app.post('/regions/divisions/import', { schema: { querystring: DivisionImportQuery } }, async (request) => {
    const ctx = contextOf(request);
    // Refuse before reading tens of megabytes from someone who may not import.
    if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
    ctx.actor.require('region.import');
    if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 CSV 文件');
    const sources: DivisionSources = {};
    for await (const part of request.files()) {
      const name = part.filename.replace(/^.*[\\/]/, '').replace(/\.csv$/i, '') as DivisionFile;
      if (!divisionFiles.includes(name)) {
        throw new AppError('FILE_INVALID', `文件名应为 ${divisionFiles.map((f) => `${f}.csv`).join('、')} 之一：${part.filename}`);
      }
      sources[name] = await part.toBuffer();
    }
    return regions.importDivisions(ctx, sources, request.query.under);
  });
};
