/**
 * Helpers for forms that edit records whose personal fields may arrive masked (`138****5678`):
 * such a value must neither be re-validated nor sent back, or it would overwrite the real one.
 */

export const isMasked = (value: string | null | undefined) => !!value && value.includes('*');

/** An antd rule validator: `pattern` unless the value is empty or still the masked original. */
export const patternUnlessMasked = (pattern: RegExp, message: string) => (_: unknown, value?: string | null) =>
  !value || isMasked(value) || pattern.test(value.trim()) ? Promise.resolve() : Promise.reject(new Error(message));

/** The fields of `after` that differ from `before`: what a PATCH should carry. */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => before[key as keyof T] !== value)) as Partial<T>;
}

export const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
