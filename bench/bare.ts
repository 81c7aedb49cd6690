import Fastify from 'fastify';

/** The ceiling for reads: Fastify with nothing in it, answering a small JSON (run as its own process). */
const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true, items: [{ id: 'a', name: '1栋' }], total: 1 }));
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`listening ${address}\n`);
