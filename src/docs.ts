import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Response headers the outer reply sets itself. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);
const HEAD_OWN_HEADERS = new Set([...HOP_HEADERS].filter((name) => name !== 'content-length'));

/**
 * Swagger UI at `routePrefix`, loaded on the first request for it. @fastify/swagger-ui brings
 * @fastify/static, glob and send, and reads its asset folder when registered: a fifth of the
 * mock's start-up, for a page most runs never open (CI, tests, load tests). The UI runs in an
 * inner Fastify instance built on first use; requests reach it through inject. It shows `document`,
 * the one /openapi.json serves: @fastify/swagger's own lacks the bearer scheme (no "Authorize", so
 * every "Try it out" was a 401) and has an input twin of every schema.
 */
export async function lazySwaggerUi(
  app: FastifyInstance,
  options: { routePrefix: string; document: () => object },
): Promise<void> {
  let inner: Promise<FastifyInstance> | null = null;
  const build = async () => {
    const { default: swaggerUi } = await import('@fastify/swagger-ui');
    const ui = Fastify({ logger: false });
    // Stands in for @fastify/swagger, which swagger-ui requires (what it shows is `document`).
    const documentOfApp = async (instance: FastifyInstance) => {
      instance.decorate('swagger', ((opts?: { yaml?: boolean }) =>
        app.swagger(opts as never)) as FastifyInstance['swagger']);
    };
    Object.assign(documentOfApp, {
      [Symbol.for('skip-override')]: true,
      [Symbol.for('plugin-meta')]: { name: '@fastify/swagger' },
    });
    await ui.register(documentOfApp);
    await ui.register(swaggerUi, {
      routePrefix: options.routePrefix,
      // Its /json and /yaml serve this, not what @fastify/swagger made.
      transformSpecification: () => options.document(),
      transformSpecificationClone: false,
    });
    ui.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'Not Found' }));
    await ui.ready();
    return ui;
  };
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    inner ??= build();
    const ui = await inner;
    const answer = await ui.inject({
      method: request.method as 'GET' | 'HEAD',
      url: request.url,
      headers: request.headers,
    });
    // HEAD keeps the page's length: the outer reply has no body to measure.
    const own = request.method === 'HEAD' ? HEAD_OWN_HEADERS : HOP_HEADERS;
    for (const [name, value] of Object.entries(answer.headers)) {
      if (!own.has(name) && value !== undefined) reply.header(name, value);
    }
    reply.code(answer.statusCode);
    return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
  };
  // Pages, not API operations: FastAPI serves its docs as Starlette routes, which answer HEAD too.
  for (const url of [options.routePrefix, `${options.routePrefix}/*`])
    app.route({ method: ['GET', 'HEAD'], url, schema: { hide: true }, handler: forward });
  app.addHook('onClose', async () => {
    if (inner) await (await inner).close();
  });
}
