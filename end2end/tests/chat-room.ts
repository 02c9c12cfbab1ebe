// What the chat's browser tests share: people signed in within browser contexts of their own,
// rooms made through the form, and the room's parts.

import type { Browser, BrowserContext, Page } from '@playwright/test';

import { expect, waitForHydration, PASSWORD, unique } from './fixtures';

export interface Person {
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

/** A new account, signed in within a browser context of its own. */
export async function person(browser: Browser, name: string, baseURL: string): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  const email = `${unique(name.toLowerCase())}@example.com`;
  const response = await context.request.post('/register', {
    form: { name, email, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const page = await context.newPage();
  return { name, email, context, page };
}

/** Creates a room through the form and answers its path (`/chat/<id>`). */
export async function createRoom(page: Page, name: string, options: { private?: boolean } = {}): Promise<string> {
  await page.goto('/chat');
  await waitForHydration(page);
  await page.getByLabel('Name').fill(name);
  if (options.private) await page.getByLabel('Private (members you invite only)').check();
  await page.getByRole('button', { name: 'Create room' }).click();
  await expect(page).toHaveURL(/\/chat\/\d+$/);
  await expect(page.locator('#room-title')).toContainText(name);
  return new URL(page.url()).pathname;
}

export async function openRoom(page: Page, roomPath: string): Promise<void> {
  await page.goto(roomPath);
  await waitForHydration(page);
  await expect(connection(page)).toHaveAttribute('data-state', 'connected');
}

export function connection(page: Page) {
  return page.locator('.room-head .connection');
}

export function bodies(page: Page) {
  return page.locator('.messages .message-body');
}

export async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
}
