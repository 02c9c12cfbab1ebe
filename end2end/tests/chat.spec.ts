// The chat in the browser: two people in two browser contexts talk in real time over the
// Phoenix-protocol socket, see each other typing and online, and get read receipts; message
// text is only ever text; unread counts show in the room list; after the server restarts both
// pages reconnect by themselves without losing a message; and what is sent offline is queued
// and goes once back.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { test, expect, expectAccessible, waitForHydration, unique, type BrowserGuard } from './fixtures';
import { bodies, connection, createRoom, openRoom, person, send } from './chat-room';
import { startServer } from '../server';

/** The browser logs failed connections while the server is away; those are expected there. */
function allowServerAway(guard: BrowserGuard): void {
  guard.allow({
    text: /WebSocket connection to .* failed|Failed to load resource: net::ERR_CONNECTION_REFUSED/,
    because: 'the server is stopped on purpose while the pages try to reconnect',
  });
}

test('two people chat live and see typing, presence and read receipts', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('lovelace'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await openRoom(bo.page, roomPath);

  // Online, from presence, on both sides.
  await expect(ada.page.locator('aside.online li')).toHaveText(['Ada (you)', 'Bo']);
  await expect(bo.page.locator('aside.online li')).toHaveText(['Ada', 'Bo (you)']);

  // Typing reaches the other side only.
  await ada.page.getByRole('textbox', { name: 'Message' }).pressSequentially('Hello B', { delay: 20 });
  await expect(bo.page.locator('.typing')).toHaveText('Ada is typing…');
  await expect(ada.page.locator('.typing')).toHaveText('');

  // Enter sends; both see it once; the typing notice ends with the message.
  await ada.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(bodies(bo.page)).toHaveText(['Hello B']);
  await expect(bodies(ada.page)).toHaveText(['Hello B']);
  await expect(bo.page.locator('.typing')).toHaveText('');

  // Bo has it on screen, so it is read: Ada sees the receipt.
  await expect(ada.page.getByTestId('seen')).toHaveText('Seen by Bo');

  // Shift+Enter is a new line, not a send.
  const composer = bo.page.getByRole('textbox', { name: 'Message' });
  await composer.pressSequentially('line one');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('line two');
  await expect(bodies(ada.page)).toHaveCount(1);
  await composer.press('Enter');
  await expect(bodies(ada.page).last()).toHaveText('line one\nline two');
  await expect(bo.page.getByTestId('seen')).toHaveText('Seen by Ada');

  // Leaving the room takes Bo off Ada's list.
  await bo.page.goto('/chat');
  await expect(ada.page.locator('aside.online li')).toHaveText(['Ada (you)']);

  await ada.context.close();
  await bo.context.close();
});

test('messages sit at the bottom under a day heading, and one\'s own stand apart', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('layout'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await openRoom(bo.page, roomPath);
  await send(bo.page, 'from Bo');
  await send(ada.page, 'from Ada');

  // A log region (read out as messages arrive), its messages at its bottom, not its top.
  const log = ada.page.getByRole('log', { name: 'Messages' });
  await expect(log.locator('.message-body')).toHaveText(['from Bo', 'from Ada']);
  const frame = (await log.boundingBox())!;
  const last = (await log.locator('.message').last().boundingBox())!;
  expect(frame.y + frame.height - (last.y + last.height)).toBeLessThan(24);

  // One heading for the day; the time says the day and the year on hover.
  await expect(log.getByRole('heading')).toHaveText(['Today']);
  await expect(log.locator('.message time').first()).toHaveAttribute(
    'title',
    /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d$/,
  );

  // Ada's own message is set apart; Bo's is not.
  const mine = log.locator('.message', { hasText: 'from Ada' });
  const theirs = log.locator('.message', { hasText: 'from Bo' });
  await expect(mine).toHaveClass(/\bmine\b/);
  await expect(theirs).not.toHaveClass(/\bmine\b/);
  const background = (item: typeof mine) => item.evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(await background(mine)).not.toBe(await background(theirs));

  // The room list and the room, messages in, pass axe at both widths.
  await expectAccessible(ada.page);

  await ada.context.close();
  await bo.context.close();
});

test('message text is shown as typed, and only web links become links', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  await createRoom(ada.page, unique('escaping'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');

  const dialogs: string[] = [];
  ada.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const hostile = '<img src=x onerror="alert(1)"><b>bold</b> javascript:alert(2) see https://example.com/a?b=1.';
  await send(ada.page, hostile);

  const body = bodies(ada.page).last();
  await expect(body).toHaveText(hostile);
  await expect(body.locator('img, b')).toHaveCount(0);
  const link = body.getByRole('link');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://example.com/a?b=1');
  await expect(link).toHaveAttribute('rel', /noopener/);
  // Reloaded from the server, it is still text.
  await ada.page.reload();
  await expect(bodies(ada.page).last()).toHaveText(hostile);
  await expect(bodies(ada.page).last().locator('img, b')).toHaveCount(0);
  expect(dialogs).toEqual([]);

  await ada.context.close();
});

test('the room list counts unread messages and private rooms stay private', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const name = unique('unread');
  const roomPath = await createRoom(ada.page, name);
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await send(ada.page, 'one');
  await send(ada.page, 'two');

  await bo.page.goto('/chat');
  await waitForHydration(bo.page);
  const entry = bo.page.locator('.room-link', { hasText: name });
  await expect(entry.locator('.unread')).toHaveText('2');
  // The line says who wrote last, what, when, and how many belong.
  await expect(entry.locator('.room-last')).toHaveText('Ada: two');
  await expect(entry.locator('.room-members')).toHaveText('1 member');
  await expect(entry.locator('time')).toHaveText(/^\d\d:\d\d$/);
  await entry.click();
  await expect(bo.page).toHaveURL(new RegExp(`${roomPath}$`));
  await expect(bodies(bo.page)).toHaveText(['one', 'two']);
  await expect(ada.page.getByTestId('seen')).toHaveText('Seen by Bo');
  // Read while open: the badge goes without leaving the room, and stays gone as more come in.
  await expect(entry.locator('.unread')).toHaveCount(0);
  // Each message Bo reads saves a receipt; the list loads again at most every 2 s for them,
  // not once per message (a query per message for every reader of a busy room).
  let listLoads = 0;
  bo.page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/rpc/chat/rooms') listLoads += 1;
  });
  const more = ['three', 'four', 'five', 'six', 'seven', 'eight'];
  for (const text of more) await send(ada.page, text);
  await expect(bodies(bo.page)).toHaveText(['one', 'two', ...more]);
  await expect(ada.page.getByTestId('seen')).toHaveText('Seen by Bo');
  await expect(entry.locator('.room-last')).toHaveText('Ada: eight');
  await expect(entry.locator('.unread')).toHaveCount(0);
  expect(listLoads).toBeGreaterThan(0);
  expect(listLoads).toBeLessThan(more.length);
  await bo.page.goto('/chat');
  await expect(bo.page.locator('.room-link', { hasText: name }).locator('.unread')).toHaveCount(0);

  // A private room: invisible and closed to Bo until Ada invites him.
  const secret = unique('secret');
  const secretPath = await createRoom(ada.page, secret, { private: true });
  await bo.page.goto('/chat');
  await expect(bo.page.locator('.room-link', { hasText: name })).toBeVisible();
  await expect(bo.page.locator('.room-link', { hasText: secret })).toHaveCount(0);
  await bo.page.goto(secretPath);
  await expect(bo.page.locator('.room-problem')).toHaveText(
    'There is no such room, or it is private: ask its creator for an invitation.',
  );
  await expect(connection(bo.page)).toHaveAttribute('data-state', 'closed');

  await ada.page.getByText('Room settings').click();
  await ada.page.getByLabel('Invite by email').fill(bo.email);
  await ada.page.getByRole('button', { name: 'Invite' }).click();
  await expect(ada.page.locator('.room-settings [role=status]')).toHaveText(`${bo.email} may now enter this room.`);
  await openRoom(bo.page, secretPath);
  await expect(bo.page.locator('#room-title')).toContainText(secret);

  await ada.context.close();
  await bo.context.close();
});

test('after a server restart both pages reconnect and nothing said meanwhile is lost', async ({
  browser,
  browserGuard,
}) => {
  test.setTimeout(90_000);
  allowServerAway(browserGuard);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'commons-restart-'));
  let server = await startServer({ dataDir });
  const port = Number(new URL(server.url).port);
  try {
    const ada = await person(browser, 'Ada', server.url);
    const bo = await person(browser, 'Bo', server.url);
    const roomPath = await createRoom(ada.page, unique('restart'));
    await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
    await send(ada.page, 'before the restart');
    await openRoom(bo.page, roomPath);
    await expect(bodies(bo.page)).toHaveText(['before the restart']);

    await server.stop();
    await expect(connection(ada.page)).toHaveAttribute('data-state', 'reconnecting');
    await expect(connection(bo.page)).toHaveAttribute('data-state', 'reconnecting');

    // Said while the server is down: it waits in Ada's socket and goes out once she is back.
    const composer = ada.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('said during the restart');
    await composer.press('Enter');

    server = await startServer({ dataDir, port });
    await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(connection(bo.page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    const expected = ['before the restart', 'said during the restart'];
    await expect(bodies(ada.page)).toHaveText(expected);
    await expect(bodies(bo.page)).toHaveText(expected);

    // And the room is live again both ways.
    await send(bo.page, 'after the restart');
    await expect(bodies(ada.page)).toHaveText([...expected, 'after the restart']);

    await ada.context.close();
    await bo.context.close();
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('older messages load on scroll-up, and new ones never pull a reader away', async ({ browser, baseURL }) => {
  test.setTimeout(60_000);
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('history'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  for (let n = 1; n <= 60; n++) await send(ada.page, `message ${n}`);

  await openRoom(bo.page, roomPath);
  await expect(bodies(bo.page)).toHaveCount(50);
  await expect(bodies(bo.page).first()).toHaveText('message 11');
  const list = bo.page.getByRole('log', { name: 'Messages' });
  // The newest message is in view.
  await expect(bodies(bo.page).last()).toBeInViewport();

  await list.evaluate((element) => (element.scrollTop = 0));
  await expect(bodies(bo.page)).toHaveCount(60);
  await expect(bodies(bo.page).first()).toHaveText('message 1');
  await expect(bo.page.getByRole('button', { name: 'Load older messages' })).toHaveCount(0);
  // What Bo was reading stays put: the page grew above it instead of jumping to the top.
  const reading = await list.evaluate((element) => element.scrollTop);
  expect(reading).toBeGreaterThan(0);

  await send(ada.page, 'said while Bo reads');
  await expect(bo.page.getByRole('button', { name: 'New messages ↓' })).toBeVisible();
  expect(await list.evaluate((element) => element.scrollTop)).toBe(reading);
  await bo.page.getByRole('button', { name: 'New messages ↓' }).click();
  await expect(bodies(bo.page).last()).toHaveText('said while Bo reads');
  await expect(bodies(bo.page).last()).toBeInViewport();
  await expect(bo.page.getByRole('button', { name: 'New messages ↓' })).toHaveCount(0);

  await ada.context.close();
  await bo.context.close();
});

test('a rename and a deletion reach everyone in the room', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('renamed'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await openRoom(bo.page, roomPath);
  // Only the creator has the settings.
  await expect(bo.page.getByText('Room settings')).toHaveCount(0);

  const newName = unique('hall');
  await ada.page.getByText('Room settings').click();
  await ada.page.getByLabel('New name').fill(newName);
  await ada.page.getByRole('button', { name: 'Rename' }).click();
  await expect(bo.page.locator('#room-title')).toContainText(newName);
  await expect(bo.page.locator('.room-link.current')).toContainText(newName);

  ada.page.once('dialog', (dialog) => void dialog.accept());
  await ada.page.getByRole('button', { name: 'Delete room' }).click();
  await expect(ada.page).toHaveURL(/\/chat$/);
  await expect(bo.page.locator('.room-problem')).toHaveText('This room has been deleted.');
  await expect(connection(bo.page)).toHaveAttribute('data-state', 'closed');
  await expect(bo.page.locator('.room-link', { hasText: newName })).toHaveCount(0);

  await ada.context.close();
  await bo.context.close();
});

test('offline, the room says so and queues what is sent, then sends it in order once back', async ({
  browser,
  baseURL,
}) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('offline'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await openRoom(bo.page, roomPath);

  await ada.context.setOffline(true);
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'offline');
  await expect(connection(ada.page)).toHaveText(/^Offline/);
  const note = ada.page.locator('#composer-note');
  await expect(note).toHaveText(/what you send now is queued/);
  await expect(ada.page.getByRole('textbox', { name: 'Message' })).toHaveAttribute(
    'aria-describedby',
    'composer-error composer-note',
  );
  await send(ada.page, 'written offline');
  await send(ada.page, 'and a second');
  const queued = ada.page.locator('.message.queued');
  await expect(queued.locator('.message-body')).toHaveText(['written offline', 'and a second']);
  await expect(queued.locator('.queued-note').first()).toHaveText('Queued: sends when the connection is back');
  await expectAccessible(ada.page);
  // Nothing reached the room while Ada was away.
  await expect(bodies(bo.page)).toHaveCount(0);

  await ada.context.setOffline(false);
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await expect(bodies(bo.page)).toHaveText(['written offline', 'and a second']);
  await expect(queued).toHaveCount(0);
  await expect(note).toHaveCount(0);
  await expect(bodies(ada.page)).toHaveText(['written offline', 'and a second']);
  await send(ada.page, 'back online');
  await expect(bodies(bo.page)).toHaveText(['written offline', 'and a second', 'back online']);

  await ada.context.close();
  await bo.context.close();
});
