// Times GET /api/health from a thread of its own, as a client on another machine would see it:
// a probe on the server's own event loop would stall with it and never notice a stall.
import { Worker } from 'node:worker_threads';

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const times = [];
  while (!stop) {
    const t0 = performance.now();
    try {
      await (await fetch(workerData.url)).arrayBuffer();
      times.push(performance.now() - t0);
    } catch {
      times.push(Infinity);
    }
    await new Promise((r) => setTimeout(r, workerData.pauseMs));
  }
  parentPort.postMessage(times);
})();
`;

/** Health-check latencies (ms) from a separate thread, for as long as `during` runs. */
export async function probeHealth(baseUrl: string, during: () => Promise<unknown>, pauseMs = 10): Promise<number[]> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: `${baseUrl}/api/health`, pauseMs } });
  const times = new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  try {
    await new Promise((r) => setTimeout(r, 200));
    await during();
  } finally {
    worker.postMessage('stop');
  }
  const result = await times;
  await worker.terminate();
  return result;
}

export const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
