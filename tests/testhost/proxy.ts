import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join, normalize } from 'node:path';

import { log } from './log.js';

/** Debian hosts the proxy forwards to. Every other remote host gets 403. */
export const upstreamHosts = ['deb.debian.org', 'security.debian.org'] as const;

/**
 * Host names of the repositories the proxy serves from local folders. The
 * `.invalid` top-level domain never resolves (RFC 2606), so a guest that
 * bypassed the proxy could not reach a real server with these URIs.
 */
export const standinHosts = {
  pmg: 'pmg-standin.invalid',
  thirdParty: 'thirdparty-standin.invalid',
} as const;

export interface ProxyOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Folder for cached .deb files, laid out as HOST/PATH. */
  cacheDir: string;
  /** Local folder served for each stand-in host name; URL paths map 1:1 below it. */
  localRepositories: Record<string, string>;
}

export interface RunningProxy {
  host: string;
  port: number;
  close(): Promise<void>;
}

const hopByHopHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Resolves a URL path below a root folder. Returns undefined for a path that
 * would leave the root.
 */
function resolveBelow(root: string, urlPath: string): string | undefined {
  const decoded = decodeURIComponent(urlPath);
  const relativePath = normalize(decoded).replace(/^(\.\.(\/|$))+/, '');
  if (relativePath.includes('\0') || relativePath.split('/').includes('..')) {
    return undefined;
  }

  return join(root, relativePath);
}

function sendStatus(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(message) + 1 });
  response.end(`${message}\n`);
}

function serveFile(request: http.IncomingMessage, response: http.ServerResponse, path: string): boolean {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      return false;
    }
    size = stat.size;
  } catch {
    return false;
  }

  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  if (request.method === 'HEAD') {
    response.end();
    return true;
  }

  createReadStream(path).pipe(response);
  return true;
}

function forwardedHeaders(request: http.IncomingMessage, hostname: string): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!hopByHopHeaders.has(name)) {
      headers[name] = value;
    }
  }
  headers.host = hostname;

  return headers;
}

/**
 * Copies the upstream response to the client. A complete 200 response for a
 * .deb is also written to the cache. A partial one is discarded, so the cache
 * never contains a truncated package.
 */
function relayUpstream(
  upstream: http.IncomingMessage,
  response: http.ServerResponse,
  cacheFile: string | undefined,
): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (!hopByHopHeaders.has(name)) {
      headers[name] = value;
    }
  }
  response.writeHead(upstream.statusCode ?? 502, headers);

  const expected = Number(upstream.headers['content-length'] ?? -1);
  if (cacheFile === undefined || upstream.statusCode !== 200 || expected < 0) {
    upstream.pipe(response);
    return;
  }

  mkdirSync(dirname(cacheFile), { recursive: true });
  const partial = `${cacheFile}.${process.pid}.${Math.random().toString(16).slice(2)}.part`;
  const sink = createWriteStream(partial);
  let received = 0;

  upstream.on('data', (chunk: Buffer) => {
    received += chunk.length;
    sink.write(chunk);
    if (!response.destroyed) {
      response.write(chunk);
    }
  });
  upstream.on('end', () => {
    if (!response.destroyed) {
      response.end();
    }
    sink.end(() => {
      if (received === expected) {
        renameSync(partial, cacheFile);
      } else {
        rmSync(partial, { force: true });
      }
    });
  });
  upstream.on('error', () => {
    sink.destroy();
    rmSync(partial, { force: true });
    response.destroy();
  });
}

function handleUpstream(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  target: URL,
  cacheDir: string,
  agent: http.Agent,
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendStatus(response, 405, `Method ${request.method} is not forwarded`);
    return;
  }

  const isPackage = target.pathname.endsWith('.deb') && request.method === 'GET';
  const cacheFile = isPackage ? resolveBelow(join(cacheDir, target.hostname), target.pathname) : undefined;
  if (cacheFile !== undefined && serveFile(request, response, cacheFile)) {
    log('proxy', `HIT ${target.href}`);
    return;
  }

  log('proxy', `${request.method} ${target.href}`);
  const upstreamRequest = http.request(
    {
      host: target.hostname,
      port: 80,
      method: request.method,
      path: target.pathname + target.search,
      headers: forwardedHeaders(request, target.hostname),
      agent,
      timeout: 60_000,
    },
    (upstream) => relayUpstream(upstream, response, cacheFile),
  );

  upstreamRequest.on('timeout', () => upstreamRequest.destroy(new Error('upstream timed out')));
  upstreamRequest.on('error', (error) => {
    log('proxy', `upstream error for ${target.href}: ${error.message}`);
    if (!response.headersSent) {
      sendStatus(response, 502, `Upstream request failed: ${error.message}`);
    } else {
      response.destroy();
    }
  });
  upstreamRequest.end();
}

/** Parses the request target: absolute-form for proxy requests, else Host plus path. */
function requestTarget(request: http.IncomingMessage): URL | undefined {
  try {
    if (request.url?.startsWith('http://')) {
      return new URL(request.url);
    }

    return new URL(request.url ?? '/', `http://${request.headers.host ?? 'invalid.invalid'}`);
  } catch {
    return undefined;
  }
}

function handleRequest(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  options: ProxyOptions,
  agent: http.Agent,
): void {
  const target = requestTarget(request);
  if (target === undefined || (target.port !== '' && target.port !== '80')) {
    sendStatus(response, 400, `Invalid request target ${request.url}`);
    return;
  }

  const hostname = target.hostname.toLowerCase();
  const localRoot = options.localRepositories[hostname];
  if (localRoot !== undefined) {
    const path = resolveBelow(localRoot, target.pathname);
    if (path === undefined || !serveFile(request, response, path)) {
      sendStatus(response, 404, `Not found in the stand-in repository: ${target.pathname}`);
    }
    return;
  }

  if ((upstreamHosts as readonly string[]).includes(hostname)) {
    handleUpstream(request, response, target, options.cacheDir, agent);
    return;
  }

  log('proxy', `rejected ${request.method} ${target.href}`);
  sendStatus(response, 403, `The test-host proxy forwards only to ${upstreamHosts.join(' and ')}`);
}

/**
 * Starts the HTTP forward proxy that guests use for apt. It forwards GET and
 * HEAD to Debian's mirror hosts, caches .deb files on disk, serves the
 * stand-in repositories from local folders, and returns 403 for any other host
 * and for CONNECT.
 */
export function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const server = http.createServer((request, response) => handleRequest(request, response, options, agent));
  const sockets = new Set<Socket>();

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (_request, socket: Socket) => {
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address() as AddressInfo;
      log('proxy', `listening on ${address.address}:${address.port}`);

      resolve({
        host: address.address,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) {
              socket.destroy();
            }
            agent.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
