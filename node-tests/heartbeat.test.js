// The server closes a socket that sends nothing for `realtime.idle_timeout_secs`; the phoenix
// client's heartbeat is what keeps its socket open. This file runs its own server with a 1 s
// idle timeout, so that both halves show within a few seconds.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';

import { connect, disconnectAll, register, socketToken, WAIT_MS } from './lib/commons.js';
import { startServer } from './lib/server.js';

const IDLE_TIMEOUT_MS = 1_000;
/** How long the heartbeating socket is watched: well past the idle timeout. */
const WATCH_MS = 2_500;
const HEARTBEAT_MS = 200;

let server;

before(async () => {
  server = await startServer({ APP_REALTIME__IDLE_TIMEOUT_SECS: String(IDLE_TIMEOUT_MS / 1000) });
});

after(async () => {
  await disconnectAll();
  await server?.stop();
});

/** Opens a raw socket that never sends a frame; resolves with its close code and open time. */
function silentSocket(token) {
  const url = `${server.wsUrl}/websocket?vsn=2.0.0&token=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let openedAt;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`the silent socket was still open ${WATCH_MS + WAIT_MS} ms later`));
    }, WATCH_MS + WAIT_MS);
    ws.on('open', () => {
      openedAt = performance.now();
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      if (openedAt === undefined) reject(new Error(`the silent socket closed (${code}) before it opened`));
      else resolve({ code, openMs: performance.now() - openedAt });
    });
  });
}

test('the heartbeat keeps a phoenix socket open past the idle timeout that closes a silent one', async () => {
  const user = await register(server.url, 'Ada');
  const token = await socketToken(server.url, user);

  const socket = await connect(server.wsUrl, { params: { token }, heartbeatIntervalMs: HEARTBEAT_MS });
  const trouble = [];
  let opens = 0;
  let heartbeatReplies = 0;
  socket.onOpen(() => (opens += 1));
  socket.onClose((event) => trouble.push(`close ${event.code}`));
  socket.onError((error) => trouble.push(`error ${error?.message ?? error}`));
  socket.onMessage(({ topic, event, payload }) => {
    if (topic === 'phoenix' && event === 'phx_reply' && payload.status === 'ok') heartbeatReplies += 1;
  });

  // Both at once: the silent socket must be closed while the phoenix one is being watched.
  const silent = silentSocket(token);
  await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
  const { code, openMs } = await silent;

  assert.equal(code, 1001, 'the server closes an idle socket as "going away"');
  assert.ok(
    openMs >= IDLE_TIMEOUT_MS - 100 && openMs < 2 * IDLE_TIMEOUT_MS,
    `the silent socket was closed after ${Math.round(openMs)} ms, not after about ${IDLE_TIMEOUT_MS} ms`,
  );

  assert.deepEqual(trouble, [], 'the phoenix socket was closed or failed');
  assert.equal(opens, 0, 'the phoenix socket reconnected');
  assert.ok(socket.isConnected(), 'the phoenix socket is still connected');
  assert.ok(
    heartbeatReplies >= WATCH_MS / HEARTBEAT_MS / 2,
    `only ${heartbeatReplies} heartbeats were answered in ${WATCH_MS} ms`,
  );
});
