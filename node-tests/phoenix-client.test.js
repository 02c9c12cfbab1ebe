// The official `phoenix` npm client, unmodified, against the server's /socket endpoint and its
// `room:<id>` channel (docs/protocol.md). One server for the whole file; each test makes its
// own accounts and rooms.

import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { Presence } from 'phoenix';

import {
  connect,
  createRoom,
  disconnect,
  disconnectAll,
  join,
  nextEvent,
  push,
  register,
  signOut,
  socketToken,
  waitFor,
} from './lib/commons.js';
import { startServer } from './lib/server.js';

let server;
let admin;

before(async () => {
  // Every account here is registered from 127.0.0.1: more than one address may make an hour.
  server = await startServer({ APP_LIMITS__REGISTRATIONS_PER_ADDRESS: '1000' });
  // The first account is the node's admin; register it here so the tests' users are not.
  admin = await register(server.url, 'Admin');
});

afterEach(disconnectAll);

after(async () => {
  await disconnectAll();
  await server?.stop();
});

/** A new account with a socket open (token in the params, as the cookbook's snippet does). */
async function signedInSocket(name) {
  const user = await register(server.url, name);
  const token = await socketToken(server.url, user);
  const socket = await connect(server.wsUrl, { params: { token } });
  return { user, socket };
}

const presenceKeys = (presence) => presence.list((key) => key).sort();

test('two users in a public room both receive the message one of them posts', async () => {
  const ada = await signedInSocket('Ada');
  const grace = await signedInSocket('Grace');
  const roomId = await createRoom(server.url, ada.user, { name: 'analytical engine', private: false });
  const topic = `room:${roomId}`;

  const adaRoom = ada.socket.channel(topic, {});
  const graceRoom = grace.socket.channel(topic, {});
  const adaJoin = await join(adaRoom);
  await join(graceRoom);
  assert.equal(adaJoin.room.id, roomId);
  assert.deepEqual(adaJoin.messages, []);

  const body = 'The engine weaves algebraic patterns.';
  // The reply and the broadcast both carry the saved message itself, as in the cookbook.
  const isIt = (payload) => payload.body === body;
  const seenByAda = nextEvent(adaRoom, 'new_message', isIt);
  const seenByGrace = nextEvent(graceRoom, 'new_message', isIt);
  const reply = await push(adaRoom, 'new_message', { body });

  assert.equal(reply.status, 'ok', `the push was refused: ${JSON.stringify(reply.response)}`);
  const saved = reply.response;
  assert.equal(typeof saved.id, 'number');
  assert.equal(saved.room_id, roomId);
  assert.equal(saved.body, body);
  assert.equal(saved.author.id, adaJoin.room.created_by);
  assert.equal(saved.author.name, 'Ada');
  assert.ok(!Number.isNaN(Date.parse(saved.inserted_at)), `inserted_at: ${saved.inserted_at}`);

  const [adaSaw, graceSaw] = await Promise.all([seenByAda, seenByGrace]);
  assert.deepEqual(adaSaw, saved);
  assert.deepEqual(graceSaw, saved);
});

test("both clients' presence lists show the same two users, and only one after the other leaves", async () => {
  const ada = await signedInSocket('Ada');
  const grace = await signedInSocket('Grace');
  const roomId = await createRoom(server.url, ada.user, { name: 'difference engine', private: false });
  const topic = `room:${roomId}`;

  const adaRoom = ada.socket.channel(topic, {});
  const graceRoom = grace.socket.channel(topic, {});
  const adaPresence = new Presence(adaRoom);
  const gracePresence = new Presence(graceRoom);

  const adaJoin = await join(adaRoom);
  const adaId = String(adaJoin.room.created_by);
  const graceJoined = nextEvent(adaRoom, 'user_joined');
  await join(graceRoom);
  const graceId = String((await graceJoined).user_id);
  assert.notEqual(graceId, adaId);

  const both = [adaId, graceId].sort();
  const listsBoth = (keys) => JSON.stringify(keys) === JSON.stringify(both);
  await waitFor("Ada's presence list to show both", () => presenceKeys(adaPresence), listsBoth);
  await waitFor("Grace's presence list to show both", () => presenceKeys(gracePresence), listsBoth);

  await disconnect(grace.socket);
  await waitFor(
    "Ada's presence list to drop Grace",
    () => presenceKeys(adaPresence),
    (keys) => JSON.stringify(keys) === JSON.stringify([adaId]),
  );
});

test('joining a private room one was not invited to is refused as a missing room would be', async () => {
  const ada = await signedInSocket('Ada');
  const eve = await signedInSocket('Eve');
  const roomId = await createRoom(server.url, ada.user, { name: 'the vault', private: true });
  const topic = `room:${roomId}`;

  // The room exists and its creator gets in: the refusal below is about who asks.
  const adaJoin = await join(ada.socket.channel(topic, {}));
  assert.equal(adaJoin.room.private, true);

  const refusal = await join(eve.socket.channel(topic, {})).then(
    () => assert.fail('an uninvited user joined a private room'),
    (error) => error.response,
  );
  assert.deepEqual(refusal, { reason: 'not found' });
});

test('a socket authenticated with the authToken option joins a room', async () => {
  const ada = await register(server.url, 'Ada');
  const roomId = await createRoom(server.url, ada, { name: 'bearer tokens', private: false });
  const token = await socketToken(server.url, ada);

  // No params at all: the token travels only as the `Sec-WebSocket-Protocol` the client offers.
  const socket = await connect(server.wsUrl, { authToken: token });
  assert.equal(socket.conn.protocol, 'phoenix', 'the server must choose the phoenix subprotocol');
  const joined = await join(socket.channel(`room:${roomId}`, {}));
  assert.equal(joined.room.id, roomId);

  // A token the server did not sign is refused at the upgrade, so the check above means something.
  await assert.rejects(connect(server.wsUrl, { authToken: `${token}x` }), /failed to open/);
});

test('signing out closes the socket: its channels close, and the close says why', async () => {
  const ada = await signedInSocket('Ada');
  const roomId = await createRoom(server.url, ada.user, { name: 'sign-out', private: false });
  const room = ada.socket.channel(`room:${roomId}`, {});
  await join(room);
  const channelClosed = new Promise((resolve) => room.onClose(resolve));
  const socketClosed = new Promise((resolve) => ada.socket.onClose((event) => resolve(event)));

  await signOut(server.url, ada.user);

  await channelClosed;
  assert.equal(room.state, 'closed', 'the client will not rejoin it');
  const close = await socketClosed;
  // What an app listens for to show "signed out" and stop the socket (socket.disconnect()).
  assert.equal(close.code, 4001);
  assert.equal(close.reason, 'signed out');
  const refused = await fetch(`${server.url}/socket/token`, { headers: { cookie: ada.user.cookie } });
  assert.equal(refused.status, 401, 'no new token for the ended session');
});
