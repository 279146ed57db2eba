// The worker threads documents are rendered in (piscina): laying out a national report takes
// seconds of CPU, which must never hold the event loop that answers requests. One thread by
// default — the machine's other core serves requests; more with TANDEM_RENDER_THREADS. A renderer
// reports how far it has got through a message port.
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';



export type RenderPool = {
  render(kind: string, input: unknown, onProgress: (fraction: number) => void): Promise<Uint8Array>;
  close(): Promise<void>;
};

export function renderPool(workerFile: URL, threads = 1): RenderPool {
  const pool = new Piscina({ filename: workerFile.href, minThreads: 0, maxThreads: threads, idleTimeout: 60_000 });
  return {
    async render(kind, input, onProgress) {
      const channel = new MessageChannel();
      channel.port1.on('message', (fraction: number) => onProgress(fraction));
      try {
        return (await pool.run({ kind, input, port: channel.port2 }, { transferList: [channel.port2] })) as Uint8Array;
      } finally {
        channel.port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}
