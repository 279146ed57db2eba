// A Tandem instance for API tests: its own database copy, demo data, app.inject() clients.
import type { FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { Config } from '../../src/config.ts';
import { currentCode } from '../../src/modules/identity/mfa.ts';
import { createTandem, type Tandem } from '../../src/server.ts';
import { createTestDatabase, type Backend } from './databases.ts';
import { TestClient, type ClientOptions } from './client.ts';
import { DEMO_PASSWORD, testConfig } from './test-config.ts';

export type TestApp = Tandem & {
  config: Config;
  client(options?: ClientOptions): TestClient;
  /** Signs in with password and, where enrolled, the second factor: a fully signed-in client. */
  signIn(email: string, password?: string, options?: ClientOptions): Promise<TestClient>;
  /** A code the person's authenticator would show now, accepted even if one was used this step. */
  totpCode(email: string): Promise<string>;
};

export async function createTestApp(backend: Backend, env: Record<string, string> = {}, options: { workJobs?: boolean; controlSocket?: boolean; logger?: FastifyServerOptions['logger'] } = {}): Promise<TestApp> {
  const config = testConfig(env);
  const { db, drop } = await createTestDatabase(backend);
  // Jobs wait for the test to run them (runJobs), so that nothing changes data under it.
  const tandem = await createTandem(config, { database: db, workJobs: options.workJobs ?? false, controlSocket: options.controlSocket, logger: options.logger });
  const secrets = new Map((tandem.demo?.accounts ?? []).map((a) => [a.email, a.totpSecret]));

  const totpCode = async (email: string) => {
    const secret = secrets.get(email);
    if (!secret) throw new Error(`${email} has no second factor in the demo data`);
    // Tests sign the same person in many times within one 30-second step; a real authenticator
    // could not, as each step's code is accepted once. Forget the last step used.
    await db.system((tx) =>
      sql`UPDATE user_mfa SET last_used_step = NULL WHERE user_id = (SELECT id FROM users WHERE email = ${email})`.execute(tx),
    );
    return currentCode(secret);
  };

  return {
    ...tandem,
    config,
    totpCode,
    async close() {
      await tandem.close();
      await drop();
    },
    client: (options) => new TestClient(tandem.app, options),
    async signIn(email, password = DEMO_PASSWORD, options = {}) {
      const client = new TestClient(tandem.app, options);
      const res = await client.post('/api/auth/login', { email, password });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
      if ((res.json() as { mfaRequired: boolean }).mfaRequired) {
        const mfa = await client.post('/api/auth/mfa', { code: await totpCode(email) });
        if (mfa.statusCode !== 200) throw new Error(`second factor of ${email} failed: ${mfa.statusCode} ${mfa.body}`);
      }
      return client;
    },
  };
}
