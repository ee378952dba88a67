import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.tsx';
import type { User } from '../../src/content/accounts.ts';
import type { Role } from '../../src/content/roles.ts';
import { createUser } from '../../src/content/use-cases/users.ts';

/** A password that passes the rules, for test accounts. */
export const TEST_PASSWORD = 'صحيفة الصباح تصدر 2024';

let seq = 0;

/** Creates an active user with `role` (and {@link TEST_PASSWORD}) straight through the use case. */
export async function addUser(app: App, role: Role, email = `${role}-${++seq}@example.com`, password = TEST_PASSWORD): Promise<User> {
  return app.store.transaction((repos) => createUser(repos, app.clock, null, { email, role, password, display_name: `${role} ${seq}` }));
}

/**
 * A browser stand-in over `app.http.inject`: keeps cookies (session and
 * CSRF) and the CSRF token of the last page that had a form, and sends it
 * with form posts unless told otherwise.
 */
export class AdminClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly app: App,
    /** The client's address (the login limit per address counts by it). */
    readonly ip = '127.0.0.1',
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    form?: Record<string, string>,
    options: { csrf?: boolean | string; headers?: Record<string, string>; body?: { payload: Buffer; contentType: string } } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | Buffer | undefined;
    // A body built by the caller (a multipart upload); the CSRF token goes in the header below.
    if (options.body) {
      headers['content-type'] = options.body.contentType;
      payload = options.body.payload;
    }
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const token = options.csrf === false ? undefined : typeof options.csrf === 'string' ? options.csrf : this.csrf;
      payload = new URLSearchParams({ ...(token === undefined ? {} : { _csrf: token }), ...form }).toString();
    } else if (method !== 'GET' && options.csrf !== false) {
      headers['x-csrf-token'] = typeof options.csrf === 'string' ? options.csrf : this.csrf;
    }
    const res = await this.app.http.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }), remoteAddress: this.ip });
    for (const c of res.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      const gone = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/u.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  get(url: string): Promise<LightMyRequestResponse> {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string> = {}, options: { csrf?: boolean | string } = {}): Promise<LightMyRequestResponse> {
    return this.request('POST', url, form, options);
  }

  /**
   * Opens the login page (for its CSRF token) and signs in; returns the POST's
   * response. Like a browser, follows the redirect after signing in: the
   * session's forms have tokens of their own (the login page's is refused then).
   */
  async login(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/admin/login');
    const res = await this.post('/admin/login', { email, password, next: '/admin' });
    const location = res.headers.location;
    if (res.statusCode === 303 && typeof location === 'string') await this.get(location);
    return res;
  }
}

/** A client signed in as a new user of `role`. */
export async function signedIn(app: App, role: Role, ip?: string): Promise<{ client: AdminClient; user: User }> {
  const user = await addUser(app, role);
  const client = new AdminClient(app, ip ?? `127.0.${Math.floor(seq / 250) + 1}.${(seq % 250) + 1}`);
  const res = await client.login(user.email);
  if (res.statusCode !== 303 || res.headers.location !== '/admin') throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return { client, user };
}
