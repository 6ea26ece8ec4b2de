import type { Actor } from './access.js';
import { AppError } from './errors.js';

/** Who is asking and from where; passed from routes to services. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  userAgent: string | null;
}

export interface SignedInContext extends RequestContext {
  actor: Actor;
}

export function signedIn(ctx: RequestContext): SignedInContext {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return ctx as SignedInContext;
}
