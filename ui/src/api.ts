/** Every control calls the documented API: /api/v2 with the tenant's bearer token, /_mock for the rest. */
import { adminToken, askForAdminToken, mayAskForAdminToken } from './admin-token.js';

export class ApiFailure extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${method} ${path}: ${status} ${detail}`);
    this.name = 'ApiFailure';
  }
}

export interface Answer<T> {
  status: number;
  body: T;
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'detail' in body) {
    const detail = (body as { detail: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail)) {
      return detail
        .map((item: { loc?: unknown[]; msg?: string }) => `${(item.loc ?? []).join('.')}: ${item.msg ?? ''}`)
        .join('; ');
    }
  }
  return 'no detail';
}

export async function call<T>(
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown; accept?: number[] } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let headerList: Headers;
  try {
    headerList = new Headers(headers);
  } catch {
    // A token with a character no header carries (a pasted curly quote): fetch would fail as if the
    // server were gone, and the page would never ask again. No server can take it: it is refused.
    throw new ApiFailure(method, path, 401, 'the token holds characters an HTTP header cannot carry');
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headerList,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(method, path, 0, 'the mock server cannot be reached');
  }
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok && !(options.accept ?? []).includes(response.status)) {
    throw new ApiFailure(method, path, response.status, describe(body));
  }
  return { status: response.status, body: body as T };
}

export const api = {
  /** /api/v2 as a tenant. */
  v2<T>(token: string, method: string, path: string, body?: unknown, accept?: number[]) {
    return call<T>(method, `/api/v2/${path}`, { token, body, ...(accept ? { accept } : {}) });
  },
  /**
   * /_mock, with the admin token when the page has one. A 401 opens the admin token dialog and the
   * call is tried again with what the user gives; dismissing the dialog fails it with that 401.
   */
  async mock<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    for (;;) {
      const token = adminToken();
      try {
        return await call<T>(method, `/_mock/${path}`, { token: token ?? undefined, body });
      } catch (error) {
        if (!(error instanceof ApiFailure) || error.status !== 401) throw error;
        // Another call saved a new token meanwhile: just try again with it.
        if (adminToken() !== token) continue;
        if (!mayAskForAdminToken()) throw error;
        await askForAdminToken(token !== null).catch(() => {
          throw error;
        });
      }
    }
  },
};
