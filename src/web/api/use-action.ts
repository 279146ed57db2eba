import { useState } from 'react';
import { ApiError, errorMessageId, type ProblemField } from './client.ts';

export type ActionState = {
  busy: boolean;
  /** Message id of the error, if the last attempt failed. */
  error: string | null;
  fields: ProblemField[];
};

/** Runs a server action from a form or button, keeping what the person needs to see. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [state, setState] = useState<ActionState>({ busy: false, error: null, fields: [] });
  async function run(...args: A): Promise<{ ok: true; value: R } | { ok: false }> {
    setState({ busy: true, error: null, fields: [] });
    try {
      const value = await action(...args);
      setState({ busy: false, error: null, fields: [] });
      return { ok: true, value };
    } catch (e) {
      setState({ busy: false, error: errorMessageId(e), fields: e instanceof ApiError ? e.fields : [] });
      return { ok: false };
    }
  }
  return { ...state, run };
}
