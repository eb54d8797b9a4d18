import type Keycloak from 'keycloak-js';
import { ApiError, parseApiError } from './errors';
import { totalOf } from './paging';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Page<T> {
  items: T[];
  /** From X-Total-Count when the route sends it. */
  total?: number;
  /** X-Total-Count-Capped: true (a search's count stopped at its cap): there are more than total. */
  totalCapped?: boolean;
}

/** fetch with the bearer token against /realms/{realm}/kc-edu; every refusal becomes an ApiError. */
export class Api {
  constructor(
    private readonly base: string,
    private readonly keycloak: Keycloak,
  ) {}

  url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    return this.base + path + (qs ? '?' + qs : '');
  }

  private async token(): Promise<string> {
    try {
      await this.keycloak.updateToken(30);
    } catch {
      // the session is gone: log in again (keeps the current page as the redirect)
      await this.keycloak.login();
      throw new ApiError(401, 'unauthorized', 'Session expired');
    }
    return this.keycloak.token ?? '';
  }

  async raw(method: string, path: string, opts: { query?: Query; body?: BodyInit; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: 'Bearer ' + (await this.token()), ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, opts.query), { method, headers, body });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'Network error');
    }
    if (res.status === 401) {
      void this.keycloak.login();
    }
    if (!res.ok) {
      throw parseApiError(res.status, res.statusText, await res.text().catch(() => ''));
    }
    return res;
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    const res = await this.raw('GET', path, { query });
    return (await res.json()) as T;
  }

  async page<T>(path: string, query: Query): Promise<Page<T>> {
    const res = await this.raw('GET', path, { query });
    return { items: (await res.json()) as T[], ...totalOf(res.headers) };
  }

  async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, json?: unknown, query?: Query): Promise<T> {
    const res = await this.raw(method, path, { json, query });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A download: the response as a blob handed to the browser through an object URL. */
  async download(path: string, query: Query | undefined, fileName: string): Promise<void> {
    const res = await this.raw('GET', path, { query });
    saveBlob(await res.blob(), fileName);
  }
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
