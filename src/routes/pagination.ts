import type { FastifyRequest } from 'fastify';

export interface Page<T> {
  totalCount: number;
  count: number;
  next: string | null;
  previous: string | null;
  data: T[];
}

/** The request's own URL with another offset: absolute, on the host the client used. */
function linkTo(request: FastifyRequest, offset: number, limit: number): string {
  const [path, query = ''] = request.url.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  return `${request.protocol}://${request.host}${path}?${params.toString()}`;
}

/** The pagination envelope around one page of already formatted items. */
export function page<T>(
  request: FastifyRequest,
  data: T[],
  totalCount: number,
  offset: number,
  limit: number,
): Page<T> {
  const hasNext = offset + data.length < totalCount;
  const hasPrevious = offset > 0;
  return {
    totalCount,
    count: data.length,
    next: hasNext ? linkTo(request, offset + limit, limit) : null,
    previous: hasPrevious ? linkTo(request, Math.max(0, offset - limit), limit) : null,
    data,
  };
}

/** Pages an in-memory list, formatting only the items on the page. */
export function pageOf<R, T>(
  request: FastifyRequest,
  records: readonly R[],
  query: { offset: number; limit: number },
  format: (record: R) => T,
): Page<T> {
  const slice = records.slice(query.offset, query.offset + query.limit);
  return page(request, slice.map(format), records.length, query.offset, query.limit);
}

/** The origin (scheme, host, port) the client reached the mock on. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
