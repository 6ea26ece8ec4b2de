import type { App } from 'antd';
import { isApiError } from './api-client';

/**
 * The antd feedback API of the mounted <App>, for code that runs outside components (the query
 * client's global error handlers). Static `message.error` would miss the theme and locale.
 */
type Feedback = ReturnType<typeof App.useApp>;
let current: Feedback | undefined;

export function setFeedback(feedback: Feedback) {
  current = feedback;
}

function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null || !('message' in d)) return [];
    const { path, message } = d as { path?: unknown; message: unknown };
    return [typeof path === 'string' && path ? `${path}: ${String(message)}` : String(message)];
  });
}

/** Shows an error: the server's message as is, with validation details when there are any. */
export function showError(error: unknown) {
  if (!current) return;
  const message = error instanceof Error ? error.message : String(error);
  const lines = isApiError(error) ? detailLines(error.details) : [];
  if (lines.length > 0) {
    current.notification.error({ title: message, description: lines.slice(0, 8).join('\n'), style: { whiteSpace: 'pre-line' } });
  } else {
    current.message.error(message);
  }
}

/** For a promise whose failure has already been shown (by the global handler or in place). */
export const ignore = () => undefined;

export function showSuccess(text: string) {
  current?.message.success(text);
}
