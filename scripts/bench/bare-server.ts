// The ceiling of the benchmark: a bare Fastify app with one route answering a small HTML page,
// started as its own process on the same machine as the portal, so the portal's figures can be
// read as a share of what Fastify and Node do here with no work at all.
import Fastify from 'fastify';

const BODY =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title></head><body><p>Hello</p></body></html>';

const app = Fastify({ logger: false });
app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(BODY));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
