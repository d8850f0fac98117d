/**
 * Serves the built reviewer console (web/dist) at `/`. Files under /assets carry a content hash in
 * their name, so they are cached for a year; every other path that is not an API path answers
 * index.html, so a reload on a client route (/applications/…) opens the same screen.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

export async function registerConsoleStatic(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(path.join(distDir, 'index.html'))) return false;
  // serve: false: no wildcard route of the plugin's own; the one route below is public and hidden.
  await app.register(fastifyStatic, { root: distDir, serve: false });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // An unknown API path stays a problem+json 404, never the console's HTML.
    if (url === '/v1' || url.startsWith('/v1/')) {
      throw new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${url}.`);
    }
    if (url.startsWith('/assets/')) {
      return reply.sendFile(url.slice(1), { maxAge: 365 * 24 * 3600 * 1000, immutable: true });
    }
    if (/^\/[\w.-]+\.(?:ico|png|svg|txt)$/.test(url) && existsSync(path.join(distDir, url))) {
      return reply.sendFile(url.slice(1));
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
