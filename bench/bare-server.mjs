// The cold-start baseline: a bare Fastify server answering the same health route.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/_mock/health', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
