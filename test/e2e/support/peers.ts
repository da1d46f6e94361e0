import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServer as createTlsServer } from 'node:tls';

/**
 * Misbehaving peers on loopback for the transport's end-to-end tests: a TLS front with its own
 * CA, which can leave handshakes hanging; a port that refuses; a listener that never accepts.
 */

interface TestTls {
  caCert: string;
  cert: string;
  key: string;
}

const TLS: TestTls = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'tls', 'test-ca-localhost.json'), 'utf8')) as TestTls;

/** The test CA as a PEM file, for the function's NODE_EXTRA_CA_CERTS. */
export function testCaFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fn-ca-')), 'test-ca.pem');
  writeFileSync(file, TLS.caCert);
  return file;
}

export interface HeldConnection {
  /** When the client closed it, from its arrival; undefined while open. */
  closedAfterMs?: number;
}

export interface TlsFront {
  /** `https://localhost:<port>`: the certificate names localhost. */
  url: string;
  /** Where decrypted connections go (the emulator), set once it is known. */
  forwardTo(httpUrl: string): void;
  /** The next `count` connections are accepted and never answered: their TLS handshake never completes. */
  stallHandshakes(count: number): void;
  stalled: HeldConnection[];
  close(): Promise<void>;
}

/** TLS in front of a plain-HTTP server (the emulator), with the certificate of the test CA. */
export async function startTlsFront(): Promise<TlsFront> {
  let target: URL | undefined;
  let stallsLeft = 0;
  const stalled: HeldConnection[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };
  const tlsServer = createTlsServer({ key: TLS.key, cert: TLS.cert }, (clear) => {
    const upstream = connect(Number(target!.port), target!.hostname);
    track(upstream);
    clear.on('error', () => upstream.destroy());
    upstream.once('close', () => clear.destroy());
    clear.once('close', () => upstream.destroy());
    clear.pipe(upstream).pipe(clear);
  });
  tlsServer.on('tlsClientError', () => undefined);
  const server = createNetServer((socket) => {
    track(socket);
    if (stallsLeft > 0) {
      stallsLeft--;
      const held: HeldConnection = {};
      const startedAt = performance.now();
      stalled.push(held);
      // Read what the client sends (its ClientHello) and answer nothing.
      socket.resume();
      socket.once('close', () => (held.closedAfterMs = performance.now() - startedAt));
      return;
    }
    tlsServer.emit('connection', socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    forwardTo: (httpUrl) => {
      target = new URL(httpUrl);
    },
    stallHandshakes: (count) => {
      stallsLeft = count;
    },
    stalled,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port where nothing listens: connections are refused. */
export async function refusingPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface NeverAccepting {
  port: number;
  close(): void;
}

/**
 * A loopback listener that never accepts: a child process listens with the smallest backlog and
 * then blocks its only thread (Atomics.wait, no CPU), so nothing ever accepts. Its queue is
 * filled first, after which the kernel drops new connection attempts: they neither succeed nor fail.
 */
export async function neverAcceptingPeer(): Promise<NeverAccepting> {
  const script =
    "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{process.stdout.write(s.address().port+'\\n');" +
    'setImmediate(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,600000));});';
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the never-accepting peer exited (${code})`)));
  });
  const fillers: Socket[] = [];
  for (let i = 0; i < 6; i++) {
    const filler = connect(port, '127.0.0.1');
    filler.on('error', () => undefined);
    fillers.push(filler);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    port,
    close: () => {
      for (const filler of fillers) filler.destroy();
      child.kill('SIGKILL');
    },
  };
}
