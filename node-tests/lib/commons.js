// What the tests do through the server's HTTP routes (accounts, socket tokens, rooms) and small
// promise wrappers around the official phoenix client. Nothing here changes how that client
// talks to the server: every socket is a plain `new Socket(...)` with the `ws` transport.

import { Socket } from 'phoenix';
import WebSocket from 'ws';

const PASSWORD = 'Analytical-Engine-1843';
/** What one wait for the server may take before the test fails with a message. */
export const WAIT_MS = 5_000;

let accounts = 0;

/** Form posts must look same-site, or the CSRF check refuses them (403). */
function formPost(url, fields, cookie) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

/**
 * Registers a new account (the first one on a server is its admin) and returns
 * `{ name, cookie }`, where `cookie` is the `session=…` pair to send back.
 */
export async function register(baseUrl, name) {
  accounts += 1;
  const email = `${name.toLowerCase()}.${process.pid}.${accounts}@example.com`;
  const response = await formPost(`${baseUrl}/register`, {
    name,
    email,
    age: '36',
    password: PASSWORD,
    password_confirmation: PASSWORD,
  });
  if (response.status !== 303) {
    throw new Error(`registering ${email} answered ${response.status}: ${await response.text()}`);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .find((pair) => pair.startsWith('session='));
  if (!cookie) throw new Error(`registering ${email} set no session cookie`);
  return { name, cookie };
}

/** Signs the account out (`POST /logout`): its session ends, and with it its sockets. */
export async function signOut(baseUrl, user) {
  const response = await formPost(`${baseUrl}/logout`, {}, user.cookie);
  if (response.status !== 303) throw new Error(`POST /logout answered ${response.status}`);
}

/** A fresh socket token for the signed-in account (`GET /socket/token`). */
export async function socketToken(baseUrl, user) {
  const response = await fetch(`${baseUrl}/socket/token`, { headers: { cookie: user.cookie } });
  if (response.status !== 200) {
    throw new Error(`GET /socket/token answered ${response.status}: ${await response.text()}`);
  }
  const { token } = await response.json();
  if (typeof token !== 'string' || token === '') throw new Error('GET /socket/token gave no token');
  return token;
}

/** Creates a room (`POST /chat/rooms`) as `user` and returns its id, read from the redirect. */
export async function createRoom(baseUrl, user, { name, private: isPrivate }) {
  const response = await formPost(
    `${baseUrl}/chat/rooms`,
    { name, private: String(isPrivate) },
    user.cookie,
  );
  const location = response.headers.get('location') ?? '';
  const match = /^\/chat\/(\d+)$/.exec(location);
  if (response.status !== 303 || !match) {
    throw new Error(
      `POST /chat/rooms answered ${response.status} (location ${JSON.stringify(location)}): ` +
        (await response.text()),
    );
  }
  return Number(match[1]);
}

/** Every socket opened through `connect`, so that a test's sockets can all be closed after it. */
const openSockets = new Set();

/**
 * A phoenix `Socket` to `wsUrl` over the `ws` transport (Node 20 has no global WebSocket, and
 * without one the client would fall back to long-polling). `opts` go to the client as they are.
 * Resolves once the socket is open; rejects if it errors first.
 */
export function connect(wsUrl, opts) {
  const socket = new Socket(wsUrl, { transport: WebSocket, ...opts });
  openSockets.add(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the socket to ${wsUrl} did not open in ${WAIT_MS} ms`)), WAIT_MS);
    const refs = [
      socket.onOpen(() => {
        clearTimeout(timer);
        socket.off(refs);
        resolve(socket);
      }),
      socket.onError((error) => fail(new Error(`the socket to ${wsUrl} failed to open: ${describe(error)}`))),
    ];
    function fail(error) {
      clearTimeout(timer);
      socket.off(refs);
      disconnect(socket);
      reject(error);
    }
    socket.connect();
  });
}

/** Closes `socket` (code 1000: the client will not reconnect) and forgets it. */
export function disconnect(socket) {
  openSockets.delete(socket);
  return new Promise((resolve) => socket.disconnect(resolve));
}

/** Closes every socket `connect` opened that is still open. */
export async function disconnectAll() {
  await Promise.all([...openSockets].map(disconnect));
}

function describe(value) {
  if (value instanceof Error) return value.message;
  if (value && typeof value === 'object' && 'message' in value) return String(value.message);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * Joins `channel`: resolves with the `ok` response, rejects with the `error` response (as
 * `error.response`) or on timeout.
 */
export function join(channel) {
  return new Promise((resolve, reject) => {
    channel
      .join(WAIT_MS)
      .receive('ok', resolve)
      .receive('error', (response) => {
        const error = new Error(`joining ${channel.topic} was refused: ${describe(response)}`);
        error.response = response;
        reject(error);
      })
      .receive('timeout', () => reject(new Error(`joining ${channel.topic} timed out`)));
  });
}

/** Pushes `event` and resolves with `{ status, response }` for an ok or error reply. */
export function push(channel, event, payload) {
  return new Promise((resolve, reject) => {
    channel
      .push(event, payload, WAIT_MS)
      .receive('ok', (response) => resolve({ status: 'ok', response }))
      .receive('error', (response) => resolve({ status: 'error', response }))
      .receive('timeout', () => reject(new Error(`no reply to ${event} on ${channel.topic}`)));
  });
}

/**
 * Resolves with the payload of the next `event` on `channel` that `matches`. Call it before
 * whatever causes the event, so that the event cannot arrive first.
 */
export function nextEvent(channel, event, matches = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      channel.off(event, ref);
      reject(new Error(`no matching ${event} on ${channel.topic} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const ref = channel.on(event, (payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      channel.off(event, ref);
      resolve(payload);
    });
  });
}

/**
 * Waits until `read()` returns a value that `done` accepts, and resolves with it; fails after
 * `timeoutMs` with `what` and the last value read.
 */
export async function waitFor(what, read, done, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describe(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
