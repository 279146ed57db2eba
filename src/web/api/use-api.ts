import { useCallback, useEffect, useState } from 'react';
import { api } from './client.ts';

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'failed'; error: unknown; retry: () => void };

/** GETs `path` when the component appears (and when `path` changes). */
export function useApi<T>(path: string): Loadable<T> {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    api<T>('GET', path).then(
      (data) => live && setState({ status: 'ready', data }),
      (error: unknown) => live && setState({ status: 'failed', error, retry }),
    );
    return () => {
      live = false;
    };
  }, [path, attempt, retry]);
  return state;
}
