// The chat on a 390×844 phone: the room list first, then a room alone with a way back, who is
// online behind a button, and the composer on screen.

import { test, expect, expectAccessible, waitForHydration, PHONE, unique } from './fixtures';
import { connection, person, send } from './chat-room';

test('on a phone the list leads to a room shown alone, with its members behind a button', async ({
  browser,
  baseURL,
}) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const page = ada.page;
  await page.setViewportSize(PHONE);
  await page.goto('/chat');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'Chat', level: 1 })).toBeInViewport();
  await expect(page.getByRole('complementary', { name: 'Rooms' })).toBeVisible();

  const name = unique('phone');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await expect(connection(page)).toHaveAttribute('data-state', 'connected');
  await expect(page.getByRole('complementary', { name: 'Rooms' })).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Online now' })).toBeHidden();

  const composer = page.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeInViewport();
  for (let n = 1; n <= 12; n++) await send(page, `message ${n}`);
  await expect(composer).toBeInViewport();
  await expect(page.locator('.messages .message-body').last()).toBeInViewport();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'nothing scrolls sideways').toBeLessThanOrEqual(PHONE.width);

  const online = page.getByRole('button', { name: 'Online (1)' });
  await online.click();
  const list = page.getByRole('complementary', { name: 'Online now' });
  await expect(list).toBeVisible();
  await expect(list.locator('li')).toHaveText(['Ada (you)']);
  await expectAccessible(page, { sizes: [PHONE] });
  await page.setViewportSize(PHONE);
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();

  await page.getByRole('link', { name: 'Rooms' }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.locator('.room-link', { hasText: name })).toContainText('Ada: message 12');
  await expectAccessible(page);

  await ada.context.close();
});
