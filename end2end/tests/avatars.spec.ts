// Avatars: one uploaded on the profile shows in the navigation at once, stays with the session,
// and shows beside the person's chat messages; without one, their initials do.

import { test, expect, waitForHydration, registerIn, unique } from './fixtures';
import { picture } from './pictures';

test('a new avatar shows in the navigation at once, and beside the chat messages', async ({ page }) => {
  await registerIn(page.context(), 'Grace Hopper');
  await page.goto('/profile');
  await waitForHydration(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.locator('img.avatar')).toHaveCount(0);
  await expect(page.locator('.avatar-current .avatar-initials')).toHaveText('GH');

  // The avatar's rules are checked in the page: JPEG or PNG only.
  const chooser = page.getByLabel('Choose a picture');
  await chooser.setInputFiles({ ...picture('me.gif'), mimeType: 'image/gif' });
  await expect(page.locator('.upload-entry .upload-error')).toHaveText('File type not accepted');

  // A new choice takes the place of the refused one, and goes up at once.
  await chooser.setInputFiles(picture('me.png', 320, 240));
  const avatar = nav.locator('img.avatar');
  await expect(avatar).toHaveAttribute('src', /^\/avatars\/\d+\?v=\d+$/);
  const src = (await avatar.getAttribute('src'))!;
  await expect(page.getByAltText('Your avatar')).toHaveAttribute('src', src);
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.locator('.uploader .upload-entry')).toHaveCount(0);

  // It is the session's now: a new page has it too, and so do the messages.
  await page.goto('/chat');
  await waitForHydration(page);
  await expect(nav.locator('img.avatar')).toHaveAttribute('src', src);
  await page.getByLabel('Name').fill(unique('avatars'));
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await expect(page.locator('.room-head .connection')).toHaveAttribute('data-state', 'connected');
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Hello with a face');
  await composer.press('Enter');
  const message = page.locator('.messages .message').last();
  await expect(message.locator('.message-body')).toHaveText('Hello with a face');
  await expect(message.locator('img.avatar')).toHaveAttribute('src', src);
});

test('a person without an avatar has their initials beside their messages', async ({ page }) => {
  await registerIn(page.context(), 'Katherine Johnson');
  await page.goto('/chat');
  await waitForHydration(page);
  await page.getByLabel('Name').fill(unique('initials'));
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page.locator('.room-head .connection')).toHaveAttribute('data-state', 'connected');
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('No picture yet');
  await composer.press('Enter');
  const message = page.locator('.messages .message').last();
  await expect(message.locator('.avatar-initials')).toHaveText('KJ');
  await expect(message.locator('img')).toHaveCount(0);
});
