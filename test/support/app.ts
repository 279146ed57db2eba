// A Tandem instance for API tests: its own database copy, demo data, app.inject() clients.
import type { Config } from '../../src/config.ts';
import { createTandem, type Tandem } from '../../src/server.ts';
import { createTestDatabase, type Backend } from './databases.ts';
import { TestClient } from './client.ts';
import { DEMO_PASSWORD, testConfig } from './test-config.ts';

export type TestApp = Tandem & { config: Config; client(): TestClient; signIn(email: string, password?: string): Promise<TestClient> };

export async function createTestApp(backend: Backend, env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const { db, drop } = await createTestDatabase(backend);
  const tandem = await createTandem(config, { database: db });
  return {
    ...tandem,
    config,
    async close() {
      await tandem.app.close();
      await drop();
    },
    client: () => new TestClient(tandem.app),
    async signIn(email, password = DEMO_PASSWORD) {
      const client = new TestClient(tandem.app);
      const res = await client.post('/api/auth/login', { email, password });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
      return client;
    },
  };
}
