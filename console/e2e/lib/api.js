// The kc-edu REST API, called directly: to check what the UI did, and to make requests the UI would not make.
import { API_CLIENT, API_SECRET, API_URL, PASSWORD, REALM_URL } from './env.js';

const tokens = new Map();

export async function token(username, password = PASSWORD) {
  const cached = tokens.get(username);
  if (cached && cached.expires > Date.now() + 20_000) return cached.token;
  const res = await fetch(`${REALM_URL}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: API_CLIENT, client_secret: API_SECRET, username, password, scope: 'openid' }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`token for ${username}: ${res.status} ${JSON.stringify(body)}`);
  tokens.set(username, { token: body.access_token, expires: Date.now() + body.expires_in * 1000 });
  return body.access_token;
}

/** An API client acting as {@code username}; each call resolves to {status, body, text, headers}. */
export function as(username) {
  const call = async (method, path, body, headers = {}) => {
    const h = { Authorization: `Bearer ${await token(username)}`, Accept: 'application/json', ...headers };
    let payload;
    if (body !== undefined && typeof body !== 'string') {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    } else if (body !== undefined) {
      payload = body;
    }
    const res = await fetch(`${API_URL}/${path.replace(/^\//, '')}`, { method, headers: h, body: payload });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  };
  return {
    get: (p, headers) => call('GET', p, undefined, headers),
    post: (p, b, headers) => call('POST', p, b, headers),
    put: (p, b, headers) => call('PUT', p, b, headers),
    delete: (p) => call('DELETE', p),
  };
}

/** GET that must answer 200; returns the JSON body. */
export async function must(client, path) {
  const r = await client.get(path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text}`);
  return r.body;
}

export async function userByUsername(client, username) {
  const list = await must(client, `users?search=${encodeURIComponent(username)}`);
  const u = list.find((x) => x.username === username);
  if (!u) throw new Error(`no user ${username} in ${JSON.stringify(list)}`);
  return u;
}

export async function domainByIdentifier(client, identifier) {
  const list = await must(client, `domains?identifier=${encodeURIComponent(identifier)}`);
  if (list.length !== 1) throw new Error(`domain ${identifier}: ${JSON.stringify(list)}`);
  return list[0];
}
