import { useEffect, useState } from "react";

/**
 * `value` once it has stopped changing for `delay` ms. Compared by its JSON, so a new object
 * with the same content (every render builds one) neither restarts the wait nor re-renders.
 */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const json = JSON.stringify(value);
  const [debounced, setDebounced] = useState<{ json: string; value: T }>({ json, value });
  useEffect(() => {
    if (json === debounced.json) return;
    const timer = setTimeout(() => setDebounced({ json, value: JSON.parse(json) as T }), delay);
    return () => clearTimeout(timer);
  }, [json, delay, debounced.json]);
  return debounced.value;
}
