import { z } from 'zod';

/** An id in a path or query string, where everything arrives as text. */
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const IdParams = z.object({ id: Id }).strict();
/** An id in a JSON body: a number, never coerced (`true` must not become 1). */
export const BodyId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** One problem in one row of an import; row numbers are the spreadsheet's or file's own (header = 1). */
export const RowError = z.object({
  file: z.string().optional(),
  row: z.number().int(),
  column: z.string().optional(),
  message: z.string(),
});
export type RowError = z.infer<typeof RowError>;

export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** An action that takes no body: nothing, or an empty object. */
export const NoBody = z.object({}).strict().optional();

export const Page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

/** Trimmed, non-empty, bounded text; what people type in a name field. */
export const Name = (max = 100) => z.string().trim().min(1).max(max);

export const MobilePhone = z.string().trim().regex(/^1[3-9]\d{9}$/, '手机号格式不正确');

/** A point (WGS-84 degrees), or null to clear it: both coordinates or neither. */
export const Location = z
  .object({
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
  })
  .strict()
  .refine((v) => (v.latitude === null) === (v.longitude === null), { message: '经度和纬度应同时填写或同时清空', path: ['longitude'] });
export type Location = z.infer<typeof Location>;
