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
  const url = request.url;
  const mark = url.indexOf('?');
  // Only the first `?` starts the query: later ones are part of its values.
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? '' : url.slice(mark + 1);
  const params = new URLSearchParams(query);
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  return `${originOf(request)}${path}?${params.toString()}`;
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

const HOST = /^[A-Za-z0-9._-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The first value of a header a proxy chain may have appended to: the one the client reached. */
function firstOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim();
}

/** The address the request arrived on, for a request whose Host header names no host. */
function localHost(request: FastifyRequest): string {
  const { localAddress, localPort } = request.socket;
  if (!localAddress) return 'localhost';
  const address = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return localPort ? `${address}:${localPort}` : address;
}

/**
 * The origin (scheme, host, port) the client reached the mock on: behind a proxy (TLS, a tunnel),
 * what its X-Forwarded-Proto and X-Forwarded-Host say, when they hold a scheme and a host. A Host
 * header that is not a host (empty, or with a path or query in it) never reaches a link.
 */
export function originOf(request: FastifyRequest): string {
  const proto = firstOf(request.headers['x-forwarded-proto'])?.toLowerCase();
  const forwarded = firstOf(request.headers['x-forwarded-host']);
  const scheme = proto === 'http' || proto === 'https' ? proto : request.protocol;
  const host =
    forwarded && HOST.test(forwarded)
      ? forwarded
      : HOST.test(request.host)
        ? request.host
        : localHost(request);
  return `${scheme}://${host}`;
}
