import i18n from 'i18next';
import { ErrorBody, RowError } from '@meshwork/contracts';

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** An error the API answered with (or a transport failure, status 0); `message` is ready to show. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The row-by-row report of a rejected import, when that is what `details` holds. */
  get rowErrors(): RowError[] | undefined {
    const parsed = RowError.array().safeParse(this.details);
    return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

export function apiUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(response.status, code, message, details);
  }
  return new ApiError(response.status, 'HTTP_ERROR', i18n.t('errors.http', { status: response.status }));
}

async function send(method: string, path: string, init: { query?: QueryParams; body?: unknown; signal?: AbortSignal } = {}) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (init.body instanceof FormData) {
    body = init.body;
  } else if (init.body !== undefined) {
    // Only with a body: the server rejects an empty body declared as JSON.
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, init.query), { method, headers, body, credentials: 'same-origin', signal: init.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The file name the server chose (RFC 6266, UTF-8 form first since names are Chinese). */
function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const utf8 = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (utf8?.[1]) return decodeURIComponent(utf8[1]);
  return /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1];
}

/**
 * Responses are trusted to match the contracts' types rather than parsed: the server serializes
 * through the same schemas, and parsing every tree node would cost more than it catches.
 */
export const api = {
  get: async <T>(path: string, query?: QueryParams, signal?: AbortSignal) => json<T>(await send('GET', path, { query, signal })),
  post: async <T>(path: string, body?: unknown, query?: QueryParams) => json<T>(await send('POST', path, { body, query })),
  patch: async <T>(path: string, body: unknown) => json<T>(await send('PATCH', path, { body })),
  put: async <T>(path: string, body: unknown) => json<T>(await send('PUT', path, { body })),
  delete: async <T>(path: string) => json<T>(await send('DELETE', path)),

  /** Sends files as multipart form fields named `field`. */
  upload: async <T>(path: string, files: File[], query?: QueryParams, field = 'file') => {
    const form = new FormData();
    for (const file of files) form.append(field, file, file.name);
    return json<T>(await send('POST', path, { body: form, query }));
  },

  /** Fetches a file and hands it to the browser; a plain link would show a JSON error page instead. */
  download: async (path: string, query?: QueryParams, fallbackName = 'download.xlsx') => {
    const response = await send('GET', path, { query });
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = filenameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(href), 1000);
  },
};
