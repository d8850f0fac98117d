/**
 * A TCP proxy in front of PostgreSQL for outage tests: point a process's database URL at it, then
 * take the database "down" without touching the shared server.
 *
 *   const proxy = new TcpProxy({ host: '127.0.0.1', port: 5432 });
 *   await proxy.up();            // listens on proxy.port (the same port again after a down())
 *   await proxy.down();          // drops every connection and refuses new ones
 *   const held = proxy.hold();   // forwards nothing (a partition); `await held.sent` = a query in flight
 *   await proxy.downOn('COMMIT\0', { deliver: true });  // down once a client sends a COMMIT, after
 *                                // passing it on: committed, but the answer never comes back
 */
import net from 'node:net';

/**
 * Forwards TCP connections to `target`. `down()` drops them all and refuses new ones until `up()`;
 * `hold()` keeps connections open but forwards nothing, as a network partition does, so a query sent
 * meanwhile stays in flight.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private holding = false;
  private onHeldBytes: (() => void) | undefined;
  private trigger: { marker: Buffer; deliver: boolean; fired: () => void } | undefined;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** A proxy for a `postgres://` URL, and the same URL pointed at the proxy (valid once `up()`). */
  static forUrl(url: string): { proxy: TcpProxy; proxiedUrl: () => string } {
    const direct = new URL(url);
    const proxy = new TcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxiedUrl = () => {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      return proxied.toString();
    };
    return { proxy, proxiedUrl };
  }

  get isUp(): boolean {
    return this.server !== undefined;
  }

  async up(): Promise<void> {
    this.holding = false;
    const server = net.createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Stops forwarding; `sent` resolves once bytes either way were held back (a query in flight). */
  hold(): { sent: Promise<void> } {
    this.holding = true;
    return { sent: new Promise<void>((resolve) => (this.onHeldBytes = resolve)) };
  }

  /**
   * Goes down (as `down()`) when a client next sends bytes containing `marker`, e.g. `'COMMIT\0'` (the
   * end of a simple-protocol COMMIT query). With `deliver`, the database still gets those bytes and the
   * end of the stream, so it acts on them (commits) but its answer is lost; otherwise they are dropped.
   * Resolves once the proxy is down.
   */
  downOn(marker: string, options: { deliver: boolean }): Promise<void> {
    return new Promise<void>((resolve) => {
      this.trigger = { marker: Buffer.from(marker), deliver: options.deliver, fired: resolve };
    });
  }

  private forward(client: net.Socket): void {
    this.track(client);
    if (this.holding) {
      client.on('data', () => this.onHeldBytes?.());
      return;
    }
    const upstream = this.track(net.connect(this.target.port, this.target.host));
    let delivering = false;
    const close = () => {
      client.destroy();
      if (!delivering) upstream.destroy();
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('data', (chunk: Buffer) => {
      const trigger = this.trigger;
      if (this.holding) {
        this.onHeldBytes?.();
      } else if (trigger === undefined || !chunk.includes(trigger.marker)) {
        upstream.write(chunk);
      } else {
        this.trigger = undefined;
        if (trigger.deliver) {
          // Half-close rather than destroy, so the database reads the chunk before the end of the
          // stream (a reset could discard it); what it answers is read and thrown away.
          delivering = true;
          this.sockets.delete(upstream);
          upstream.removeAllListeners('data');
          upstream.resume();
          upstream.setTimeout(10_000, () => upstream.destroy());
          upstream.end(chunk);
        }
        void this.down().then(trigger.fired);
      }
    });
    // An answer held back is a query in flight as surely as a request held back.
    upstream.on('data', (chunk) => (this.holding ? this.onHeldBytes?.() : client.write(chunk)));
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}
