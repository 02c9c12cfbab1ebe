// Changing what was said, in the browser: the author edits and deletes their message, anyone in
// the room reacts, and the other side sees each change live; every control works from the
// keyboard, focus lands somewhere sensible after each, and the room passes axe with the actions
// open and with a message being edited. An admin may delete anyone's message, nobody else may.

import type { Page } from '@playwright/test';

import { test, expect, expectAccessible, testWithOwnServer, unique } from './fixtures';
import { bodies, connection, createRoom, openRoom, person, send } from './chat-room';

function message(page: Page, text: string) {
  return page.locator('.messages .message').filter({ hasText: text });
}

function actions(page: Page, author: string) {
  return page.getByRole('button', { name: new RegExp(`^Actions for ${author}'s message`) });
}

test('an author edits and deletes a message and reactions come and go, live on both sides', async ({
  browser,
  baseURL,
}) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('changes'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await openRoom(bo.page, roomPath);
  await send(bo.page, 'helo wrold');
  await expect(bodies(ada.page)).toHaveText(['helo wrold']);

  // Bo edits, by keyboard: the actions button, Edit, the text, Enter.
  const toggle = actions(bo.page, 'Bo');
  await toggle.focus();
  await expect(toggle).toBeVisible();
  await toggle.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(bo.page.getByRole('button', { name: 'React with thumbs up' })).toBeFocused();
  await bo.page.getByRole('button', { name: 'Edit' }).press('Enter');
  const editor = bo.page.getByRole('textbox', { name: 'Edit your message' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('helo wrold');
  await expectAccessible(bo.page);
  await editor.fill('hello world');
  await editor.press('Enter');
  await expect(bodies(ada.page)).toHaveText(['hello world (edited)']);
  await expect(bodies(bo.page)).toHaveText(['hello world (edited)']);
  await expect(toggle).toBeFocused();

  // Up in the empty composer edits one's last message; Escape leaves it as it was.
  const composer = bo.page.getByRole('textbox', { name: 'Message' });
  await composer.focus();
  await composer.press('ArrowUp');
  await expect(editor).toBeFocused();
  await editor.fill('never sent');
  await editor.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(toggle).toBeFocused();
  await expect(bodies(ada.page)).toHaveText(['hello world (edited)']);

  // Ada may react but not edit Bo's words; Escape closes the panel onto its button.
  const adaToggle = actions(ada.page, 'Bo');
  await adaToggle.focus();
  await adaToggle.press('Enter');
  await expect(ada.page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expectAccessible(ada.page);
  await ada.page.keyboard.press('Escape');
  await expect(adaToggle).toHaveAttribute('aria-expanded', 'false');
  await expect(adaToggle).toBeFocused();
  await adaToggle.press('Enter');
  await ada.page.getByRole('button', { name: 'React with party' }).click();
  await expect(adaToggle).toBeFocused();

  const adaChip = ada.page.getByRole('button', { name: 'party: 1' });
  await expect(adaChip).toHaveAttribute('aria-pressed', 'true');
  const boChip = bo.page.getByRole('button', { name: 'party: 1' });
  await expect(boChip).toHaveAttribute('aria-pressed', 'false');
  await boChip.click();
  await expect(bo.page.getByRole('button', { name: 'party: 2' })).toHaveAttribute('aria-pressed', 'true');
  await expect(ada.page.getByRole('button', { name: 'party: 2' })).toHaveAttribute('aria-pressed', 'true');
  // Taking one's own back, by keyboard.
  await ada.page.getByRole('button', { name: 'party: 2' }).press('Enter');
  await expect(bo.page.getByRole('button', { name: 'party: 1' })).toHaveAttribute('aria-pressed', 'true');
  await expect(ada.page.getByRole('button', { name: 'party: 1' })).toHaveAttribute('aria-pressed', 'false');

  // Bo deletes, asked first: "Keep it" has focus, so Enter alone deletes nothing.
  await toggle.press('Enter');
  await bo.page.getByRole('button', { name: 'Delete…' }).press('Enter');
  await expect(bo.page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await expectAccessible(bo.page);
  await bo.page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(message(ada.page, 'Message deleted')).toHaveCount(1);
  await expect(ada.page.getByText('hello world')).toHaveCount(0);
  await expect(ada.page.getByRole('button', { name: /^party/ })).toHaveCount(0);
  await expect(bo.page.locator('.tombstone')).toBeFocused();
  await expect(actions(bo.page, 'Bo')).toHaveCount(0);
  // The room list says so too.
  const roomLink = ada.page.locator(`a.room-link[href="${roomPath}"]`);
  await expect(roomLink).toContainText('Bo: message deleted');

  // After a reload the tombstone is still there, in its place.
  await send(bo.page, 'still here');
  await openRoom(ada.page, roomPath);
  await expect(bodies(ada.page)).toHaveText(['Message deleted', 'still here']);
  await expectAccessible(ada.page);

  await ada.context.close();
  await bo.context.close();
});

const ownServer = testWithOwnServer();

ownServer('an admin deletes anyone\'s message; others may delete only their own', async ({ browser, baseURL }) => {
  // The first account on a fresh server is its admin.
  const admin = await person(browser, 'Root', baseURL!);
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('moderated'));
  await expect(connection(ada.page)).toHaveAttribute('data-state', 'connected');
  await openRoom(bo.page, roomPath);
  await openRoom(admin.page, roomPath);
  await send(bo.page, 'spam spam spam');
  await expect(bodies(ada.page)).toHaveText(['spam spam spam']);

  await actions(ada.page, 'Bo').click();
  await expect(ada.page.getByRole('button', { name: 'Delete…' })).toHaveCount(0);

  await actions(admin.page, 'Bo').click();
  await expect(admin.page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await admin.page.getByRole('button', { name: 'Delete…' }).click();
  await admin.page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(bodies(bo.page)).toHaveText(['Message deleted']);
  await expect(bodies(ada.page)).toHaveText(['Message deleted']);

  await admin.context.close();
  await ada.context.close();
  await bo.context.close();
});
