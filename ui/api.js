// The console is a client of the public JSON API only. The session lives in this module's memory:
// never in localStorage or a cookie, so it ends with the tab, on logout, or when it expires.
let session = null; // { ba, accessToken, refreshToken, expiresAt, refreshExpiresAt }
let refreshTimer = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, body, fallback) {
    super(describe(body, fallback));
    this.status = status;
    this.body = body;
  }
}

// Every API error becomes one readable sentence: Problem Details `detail` with the offending
// entries, or an OAuth `error_description`.
function describe(body, fallback) {
  if (body && typeof body === 'object') {
    if (body.detail) {
      const entries = Array.isArray(body.invalidEntries) && body.invalidEntries.length ? ` (${body.invalidEntries.join('; ')})` : '';
      return `${body.detail}${entries}`;
    }
    if (body.error_description) return body.error_description;
  }
  return fallback;
}

export function onSessionEnd(listener) {
  listeners.add(listener);
}

export function hasSession() {
  return session !== null;
}

export function businessAccount() {
  return session?.ba;
}

function endSession(reason) {
  session = null;
  clearTimeout(refreshTimer);
  for (const listener of listeners) listener(reason);
}

async function parse(response) {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function realm(ba) {
  return `/auth/realms/${encodeURIComponent(ba)}`;
}

async function tokenRequest(ba, fields) {
  const response = await fetch(`${realm(ba)}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'tessera', ...fields }).toString(),
  });
  const body = await parse(response);
  if (!response.ok) {
    const error = new ApiError(response.status, body, `Login failed (${response.status}).`);
    error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
    error.passwordChangeRequired = body?.code === 'password_change_required';
    throw error;
  }
  return body;
}

function start(ba, tokens) {
  const now = Date.now();
  session = {
    ba,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: now + tokens.expires_in * 1000,
    refreshExpiresAt: now + tokens.refresh_expires_in * 1000,
  };
  clearTimeout(refreshTimer);
  // Refresh a minute before the access token expires; the session ends with the refresh token.
  const wait = Math.max(5_000, tokens.expires_in * 1000 - 60_000);
  refreshTimer = setTimeout(refresh, wait);
}

async function refresh() {
  if (!session) return;
  if (Date.now() >= session.refreshExpiresAt) return endSession('Your session has expired. Please log in again.');
  try {
    start(session.ba, await tokenRequest(session.ba, { grant_type: 'refresh_token', refresh_token: session.refreshToken }));
  } catch {
    endSession('Your session has ended. Please log in again.');
  }
}

export async function login(ba, username, password) {
  start(ba, await tokenRequest(ba, { grant_type: 'password', username, password }));
}

// JWT-4: the one-time code Tessera gave the console after an SSO login, exchanged for the
// session's tokens (which never appear in a URL).
export async function loginWithSsoCode(ba, code) {
  start(ba, await tokenRequest(ba, { grant_type: 'authorization_code', code }));
}

// The business account's identity providers, for "Sign in with …" (public).
export async function loginProviders(ba) {
  const response = await fetch(`${realm(ba)}/identity-providers`);
  if (!response.ok) return [];
  return (await parse(response)) ?? [];
}

// Extension: the current password proves who asks (expired or temporary passwords).
export async function changePassword(ba, userName, currentPassword, newPassword) {
  const response = await fetch(`${realm(ba)}/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ userName, currentPassword, newPassword }),
  });
  if (!response.ok) throw new ApiError(response.status, await parse(response), `The password could not be changed (${response.status}).`);
}

export async function logout() {
  if (!session) return;
  const { ba, refreshToken } = session;
  endSession('');
  await fetch(`${realm(ba)}/protocol/openid-connect/logout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ refresh_token: refreshToken }).toString(),
  }).catch(() => {});
}

// An authenticated JSON call; 401 ends the session (expired, revoked or disabled).
export async function api(method, path, json) {
  if (!session) throw new ApiError(401, null, 'You are not logged in.');
  const init = { method, headers: { Authorization: `Bearer ${session.accessToken}` } };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, null, 'Tessera could not be reached. Check your connection and try again.');
  }
  const body = await parse(response);
  if (response.status === 401) {
    endSession('Your session has ended. Please log in again.');
    throw new ApiError(401, body, 'Your session has ended.');
  }
  if (!response.ok) throw new ApiError(response.status, body, `The request failed (${response.status}).`);
  return body;
}
