// The signed-in person, as the server describes them (GET /api/auth/me), shared by every page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from './client.ts';
import { client, data, type Answer } from './typed.ts';

export type Me = Answer<'/api/auth/me'>;

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  /** `fresh` when the person signed in on this page, rather than arriving already signed in. */
  | { status: 'signed-in'; me: Me; fresh?: boolean }
  | { status: 'error'; error: unknown };

type SessionControl = {
  state: SessionState;
  /** Gives the password; afterwards `state.me.stage` says whether a second factor is owed. */
  signIn(email: string, password: string): Promise<void>;
  verifySecondFactor(code: string): Promise<void>;
  signOut(): Promise<void>;
  switchOrganisation(orgId: string): Promise<void>;
  reload(): Promise<void>;
};

const SessionContext = createContext<SessionControl | null>(null);

async function fetchMe(): Promise<SessionState> {
  try {
    // 204 when nobody is signed in: not an error, so nothing is logged in the console.
    const me: Me | undefined = await data(client.GET('/api/auth/me', { params: { query: { probe: '1' } } }));
    return me ? { status: 'signed-in', me } : { status: 'signed-out' };
  } catch (error) {
    return error instanceof ApiError && error.status === 401 ? { status: 'signed-out' } : { status: 'error', error };
  }
}

export function useSession(): SessionControl {
  const control = useContext(SessionContext);
  if (!control) throw new Error('useSession outside SessionProvider');
  return control;
}

export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe on a page that does not require sign-in');
  return state.me;
}

export function SessionProvider(props: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const reload = useCallback(() => fetchMe().then(setState), []);

  useEffect(() => {
    let live = true;
    void fetchMe().then((next) => live && setState(next));
    return () => {
      live = false;
    };
  }, []);

  const control = useMemo<SessionControl>(
    () => ({
      state,
      reload,
      async signIn(email, password) {
        const answer = await data(() => client.POST('/api/auth/login', { body: { email, password } }));
        if (answer.mfaRequired) {
          const next = await fetchMe();
          setState(next.status === 'signed-in' ? { ...next, fresh: true } : next);
        } else {
          setState({ status: 'signed-in', me: answer, fresh: true });
        }
      },
      async verifySecondFactor(code) {
        const me = await data(() => client.POST('/api/auth/mfa', { body: { code } }));
        setState({ status: 'signed-in', me, fresh: true });
      },
      async signOut() {
        await data(() => client.POST('/api/auth/logout')).catch(() => undefined);
        setState({ status: 'signed-out' });
      },
      async switchOrganisation(orgId) {
        setState({ status: 'signed-in', me: await data(() => client.PUT('/api/auth/organisation', { body: { orgId } })) });
      },
    }),
    [state, reload],
  );
  return <SessionContext.Provider value={control}>{props.children}</SessionContext.Provider>;
}
