/**
 * A real three-node NATS JetStream cluster on loopback ports, each node with its own temp folder,
 * for the access-log scale-out tests. Nodes can be killed (SIGKILL) and restarted on their data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openAccessStream, type AccessStream } from '../../src/workers/access-jetstream.ts';

const NATS_SERVER = '/usr/sbin/nats-server';

export interface NatsNode {
  name: string;
  clientPort: number;
  process: ChildProcess | undefined;
}

export interface NatsCluster {
  nodes: NatsNode[];
  servers: string[];
  kill(index: number): Promise<void>;
  restart(index: number): void;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-nats-'));
  const clientPorts = await Promise.all(Array.from({ length: size }, freePort));
  const routePorts = await Promise.all(Array.from({ length: size }, freePort));
  const configs = clientPorts.map((port, i) => {
    const dir = path.join(root, `n${i + 1}`);
    fs.mkdirSync(dir);
    const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats-route://127.0.0.1:${p}`);
    const file = path.join(dir, 'nats.conf');
    fs.writeFileSync(
      file,
      [
        `server_name: n${i + 1}`,
        `listen: 127.0.0.1:${port}`,
        `jetstream { store_dir: "${dir}" }`,
        `cluster { name: gatehouse-test, listen: 127.0.0.1:${routePorts[i]}, routes: [${routes.join(', ')}] }`,
      ].join('\n'),
    );
    return file;
  });
  const nodes: NatsNode[] = clientPorts.map((port, i) => ({
    name: `n${i + 1}`,
    clientPort: port,
    process: undefined,
  }));
  const launch = (index: number) => {
    const child = spawn(NATS_SERVER, ['-c', configs[index] ?? ''], { stdio: 'ignore' });
    running.add(child);
    child.once('exit', () => running.delete(child));
    nodes[index]!.process = child;
  };
  nodes.forEach((_, i) => launch(i));
  const kill = async (index: number) => {
    const child = nodes[index]?.process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    nodes,
    servers: clientPorts.map((p) => `nats://127.0.0.1:${p}`),
    kill,
    restart: launch,
    stop: async () => {
      for (let i = 0; i < nodes.length; i += 1) await kill(i);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A fresh cluster answers "JetStream not ready" until it has elected its meta leader: retry for a minute. */
export async function openStreamWhenReady(servers: string[]): Promise<AccessStream> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await openAccessStream({ servers, replicas: 3 });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
