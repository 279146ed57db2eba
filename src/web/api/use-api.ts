import { useCallback, useEffect, useState } from 'react';
import { api } from './client.ts';
import type { Loadable } from './typed.ts';

/** GETs `path` when the component appears, when `path` changes, and on retry. */
export function useApi<T>(path: string): Loadable<T> {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string; value: Loadable<T> } | null>(null);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const key = `${attempt}:${path}`;
  useEffect(() => {
    let live = true;
    api<T>('GET', path).then(
      (data) => live && setResult({ key, value: { status: 'ready', data } }),
      (error: unknown) => live && setResult({ key, value: { status: 'failed', error, retry } }),
    );
    return () => {
      live = false;
    };
  }, [key, path, retry]);
  // Until the answer for the current request arrives, the previous one is not shown.
  return result?.key === key ? result.value : { status: 'loading' };
}
