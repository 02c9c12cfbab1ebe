// The three journeys a newcomer makes first, with the keyboard alone: no click, no `fill`, no
// `goto` past the first page. Each step is reached with Tab (and Shift+Tab), so a control that
// cannot take focus, or a trap that keeps it, fails the journey.

import type { Locator, Page } from '@playwright/test';

import { expect, registerIn, test, unique, waitForHydration, PASSWORD } from './fixtures';
import { picture } from './pictures';

/** Presses Tab (Shift+Tab `backwards`) until `target` has focus; fails after 60 presses. */
async function tabTo(page: Page, target: Locator, { backwards = false } = {}): Promise<void> {
  const key = backwards ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses < 60; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${target} never took focus in 60 presses of ${key}`);
}

/** Tabs to `field` and types `text` into it. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

test('register: from the home page to one’s profile', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await tabTo(page, page.getByRole('main').getByRole('link', { name: 'Create an account' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/register');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();

  const email = `${unique('keys')}@example.com`;
  await typeInto(page, page.getByLabel('Name'), 'Kay Board');
  await typeInto(page, page.getByLabel('Email'), email);
  await typeInto(page, page.getByLabel('Age (optional)'), '36');
  await typeInto(page, page.getByLabel('Password', { exact: true }), PASSWORD);
  await typeInto(page, page.getByLabel('Confirm password'), PASSWORD);
  await tabTo(page, page.getByRole('button', { name: 'Create account' }));
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL('/profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kay Board');
  await expect(page.getByText(email)).toBeVisible();
});

test('send a message: from the home page into a new room', async ({ page, context }) => {
  await registerIn(context, 'Kim Keys');
  await page.goto('/');
  await waitForHydration(page);
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/chat');

  const room = unique('Keys');
  await typeInto(page, page.getByLabel('Name'), room);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await expect(page.locator('.room-head .connection')).toHaveAttribute('data-state', 'connected');

  const composer = page.getByRole('textbox', { name: 'Message' });
  await typeInto(page, composer, 'Typed, not clicked');
  await page.keyboard.press('Enter');
  await expect(page.locator('.messages .message-body')).toHaveText(['Typed, not clicked']);
  await expect(composer).toBeFocused();
  await expect(composer).toHaveValue('');

  // Back to the room list, where the room shows its last message.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }), {
    backwards: true,
  });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/chat');
  await expect(page.getByRole('link', { name: new RegExp(room) })).toContainText('Typed, not clicked');
});

test('upload: choose a file, send it, see it listed, delete it', async ({ page, context }) => {
  await registerIn(context, 'Kit Keys');
  await page.goto('/');
  await waitForHydration(page);
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Uploads' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL('/uploads');

  // The picker opens from the keyboard (Space on the focused input), as a browser's does.
  await tabTo(page, page.getByLabel('Choose files'));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles([picture('typed.png')]);
  await tabTo(page, page.getByRole('button', { name: 'Upload', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.locator('table.files tbody tr .file-name')).toHaveText(['typed.png']);
  await expect(page.getByRole('status').filter({ hasText: 'typed.png' })).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Delete typed.png' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Delete it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('No files yet')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your files' })).toBeFocused();
});
