import { useEffect, useState } from 'react';
import { Grid } from 'antd';

/** The value once it has stopped changing for `delay` ms: search-as-you-type without a request per key. */
export function useDebouncedValue<T>(value: T, delay = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * A paged list's search box and page. A new search, or a filter set through `resetting`, goes
 * back to page 1; `q` is the search once typing has settled, undefined when blank.
 */
export function useListQuery() {
  const [search, setSearchNow] = useState('');
  const [page, setPage] = useState(1);
  const q = useDebouncedValue(search.trim()) || undefined;
  const resetting =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };
  return { search, setSearch: resetting(setSearchNow), q, page, setPage, resetting };
}

/** Below antd's md breakpoint (768px): phones, where panels stack and drawers take the full width. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Every breakpoint reads undefined until measured; assume a wide screen rather than flash the phone layout.
  return screens.md === false;
}
