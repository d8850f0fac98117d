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
  /** Each node's state and the end of its log, for a failure message. */
  describe(): string;
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

/**
 * Starts the cluster and waits until every node listens. The ports are picked free, then let go
 * for nats-server to bind; under load another process can take one first, and that node exits. Then
 * the whole cluster is started again on new ports (three attempts).
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  for (let attempt = 1; ; attempt += 1) {
    const cluster = await launchCluster(size);
    const problem = await whenListening(cluster, 20_000);
    if (problem === undefined) return cluster;
    const detail = cluster.describe();
    await cluster.stop();
    if (attempt === 3) throw new Error(`the NATS test cluster did not start: ${problem}\n${detail}`);
  }
}

async function whenListening(cluster: NatsCluster, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (const node of cluster.nodes) {
    for (;;) {
      const child = node.process;
      if (child === undefined || child.exitCode !== null || child.signalCode !== null)
        return `${node.name} exited`;
      if (await accepts(node.clientPort)) break;
      if (Date.now() > deadline) return `${node.name} is not listening on ${node.clientPort}`;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return undefined;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function launchCluster(size: number): Promise<NatsCluster> {
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
        `log_file: "${path.join(dir, 'nats.log')}"`,
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
    describe: () =>
      nodes
        .map((node) => {
          const child = node.process;
          const state =
            child === undefined || child.exitCode !== null || child.signalCode !== null
              ? 'exited'
              : 'running';
          return `${node.name} (port ${node.clientPort}, ${state}):\n${logTail(path.join(root, node.name, 'nats.log'))}`;
        })
        .join('\n'),
  };
}

function logTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-8).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * A fresh cluster answers "JetStream not ready" (or "no suitable peers for placement") until its nodes
 * have met and elected a meta leader: retry for 90 s, then fail with each node's state and log.
 */
export async function openStreamWhenReady(cluster: NatsCluster): Promise<AccessStream> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await openAccessStream({ servers: cluster.servers, replicas: 3 });
    } catch (error) {
      if (Date.now() > deadline) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`the JetStream stream could not be opened: ${message}\n${cluster.describe()}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
