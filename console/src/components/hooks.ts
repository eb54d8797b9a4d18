import { useCallback, useEffect, useRef, useState } from 'react';

/** Loads data with an async function; reload() runs it again. Errors are kept for an alert, never thrown. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(undefined);
    load().then(
      (d) => {
        if (live) {
          setData(d);
          setLoading(false);
        }
      },
      (e) => {
        if (live) {
          setError(e);
          setLoading(false);
        }
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

/** Runs an action, keeping its error for an alert and a busy flag for the button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  /** ok is false when fn threw; the error is then in `error` for the alert. */
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<{ ok: boolean; value?: T }> => {
    setBusy(true);
    setError(undefined);
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      setError(e);
      return { ok: false };
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title + ' · kc-edu';
  }, [title]);
}

export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}
