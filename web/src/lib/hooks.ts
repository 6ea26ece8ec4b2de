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

/** Below antd's md breakpoint (768px): phones, where panels stack and drawers take the full width. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Every breakpoint reads undefined until measured; assume a wide screen rather than flash the phone layout.
  return screens.md === false;
}
