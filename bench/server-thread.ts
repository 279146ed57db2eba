// A Tandem server on a thread of its own (see serverThread in measure.ts): started with the
// environment it is given, it answers its port, and closes when asked.
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../src/config.ts';
import { createTandem } from '../src/server.ts';

const tandem = await createTandem(loadConfig((workerData as { env: Record<string, string> }).env));
await tandem.app.listen({ port: 0, host: '127.0.0.1' });
parentPort!.postMessage({ port: (tandem.app.server.address() as AddressInfo).port });
parentPort!.once('message', () => {
  void tandem.close().then(() => parentPort!.postMessage('closed'));
});
