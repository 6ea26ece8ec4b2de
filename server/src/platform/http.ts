import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import type { RequestContext } from './context.js';

export const SESSION_COOKIE = 'meshwork_session';

export function contextOf(request: FastifyRequest): RequestContext {
  return {
    actor: request.actor,
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

/** Sends a generated file as a download with a UTF-8 file name (Chinese names survive). */
export function sendFile(reply: FastifyReply, body: Buffer, fileName: string, type: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .header('cache-control', 'no-store')
    .send(body);
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The one uploaded file of a multipart request, read whole. */
export async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  const file = await request.file();
  if (!file) throw new AppError('FILE_INVALID', '没有收到文件');
  return file.toBuffer();
}
