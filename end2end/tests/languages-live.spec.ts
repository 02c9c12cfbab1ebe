// Live pages in four languages: the chat's counts follow each language's plural rules, and
// switching the language of a live page (a room, the dashboard) re-words it in place, its socket
// still connected, what is already shown included.

import type { Page } from '@playwright/test';

import { test, expect, waitForHydration, unique } from './fixtures';
import { bodies, connection, createRoom, openRoom, person, send } from './chat-room';

/** Picks `language` (its own name) from the navigation's menu: the page changes in place. */
async function switchTo(page: Page, language: string): Promise<void> {
  await page.locator('details.language-menu summary').click();
  const kept = page.waitForResponse((response) => response.url().includes('/rpc/choose_locale'));
  await page.locator('details.language-menu').getByRole('link', { name: language }).click();
  expect((await kept).status()).toBe(200);
}

/** Marks the document, so a test can tell a change in place from a new page load. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));
}

async function sameDocument(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument);
}

test("the room list's unread counts follow each language's plural rules, switched in place", async ({
  browser,
  baseURL,
}) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const one = unique('one');
  const two = unique('two');
  await createRoom(ada.page, one);
  await send(ada.page, 'hello');
  await createRoom(ada.page, two);
  await send(ada.page, 'first');
  await send(ada.page, 'second');

  await bo.page.goto('/chat?locale=fr');
  await waitForHydration(bo.page);
  await expect(bo.page.locator('html')).toHaveAttribute('lang', 'fr');
  const entry = (name: string) => bo.page.locator('.room-link', { hasText: name });
  await expect(entry(one).locator('.unread')).toHaveAttribute('aria-label', '1 message non lu');
  await expect(entry(two).locator('.unread')).toHaveAttribute('aria-label', '2 messages non lus');
  await expect(entry(one).locator('.room-members')).toHaveText('1 membre');
  await markDocument(bo.page);

  await switchTo(bo.page, 'Español');
  await expect(bo.page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(entry(one).locator('.unread')).toHaveAttribute('aria-label', '1 mensaje sin leer');
  await expect(entry(two).locator('.unread')).toHaveAttribute('aria-label', '2 mensajes sin leer');
  await expect(entry(two).locator('.room-members')).toHaveText('1 miembro');

  // Indonesian has one form for every count.
  await switchTo(bo.page, 'Bahasa Indonesia');
  await expect(entry(one).locator('.unread')).toHaveAttribute('aria-label', '1 pesan belum dibaca');
  await expect(entry(two).locator('.unread')).toHaveAttribute('aria-label', '2 pesan belum dibaca');
  expect(await sameDocument(bo.page)).toBe(true);

  await ada.context.close();
  await bo.context.close();
});

test('a live room switches language in place: still connected, what is shown re-worded, what comes next in the new language', async ({
  browser,
  baseURL,
}) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const roomPath = await createRoom(ada.page, unique('live'));
  await send(ada.page, 'bonjour');

  await bo.page.goto('/?locale=fr');
  await openRoom(bo.page, roomPath);
  await expect(bodies(bo.page)).toHaveText(['bonjour']);
  await expect(connection(bo.page)).toHaveText('Connecté');
  await expect(bo.page.locator('.messages .day h2')).toHaveText('Aujourd’hui');
  await ada.page.getByRole('textbox', { name: 'Message' }).pressSequentially('…');
  await expect(bo.page.locator('.typing')).toHaveText('Ada écrit…');
  await markDocument(bo.page);

  await switchTo(bo.page, 'Español');
  await expect(bo.page.locator('html')).toHaveAttribute('lang', 'es');
  // What was already on the page, now Spanish; the socket never dropped.
  await expect(connection(bo.page)).toHaveText('Conectado');
  await expect(connection(bo.page)).toHaveAttribute('data-state', 'connected');
  await expect(bo.page.locator('.messages .day h2')).toHaveText('Hoy');
  await ada.page.getByRole('textbox', { name: 'Message' }).pressSequentially('…');
  await expect(bo.page.locator('.typing')).toHaveText('Ada está escribiendo…');
  await expect(bo.page.getByRole('textbox', { name: 'Mensaje' })).toBeVisible();
  await expect(bodies(bo.page)).toHaveText(['bonjour']);
  // And what comes next.
  await send(ada.page, 'hola');
  await expect(bodies(bo.page)).toHaveText(['bonjour', 'hola']);
  await expect(ada.page.getByTestId('seen')).toHaveText('Seen by Bo');
  const composer = bo.page.getByRole('textbox', { name: 'Mensaje' });
  await composer.fill('¿qué tal?');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(bo.page.getByTestId('seen')).toHaveText('Visto por Ada');
  expect(await sameDocument(bo.page)).toBe(true);

  await ada.context.close();
  await bo.context.close();
});

test('the live dashboard switches language in place and keeps its figures coming', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const page = ada.page;
  await page.goto('/dashboard');
  await waitForHydration(page);
  const status = page.locator('.dashboard-head .connection');
  await expect(status).toHaveText('Connected');
  const tile = page.locator('[data-metric="users_online"]');
  await expect(tile.getByRole('heading')).toHaveText('Users online');
  await expect(tile.locator('.tile-value')).not.toHaveText('—');
  await markDocument(page);

  await switchTo(page, 'Français');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expect(tile.getByRole('heading')).toHaveText('Utilisateurs en ligne');
  await expect(status).toHaveText('Connecté');
  await expect(tile.locator('.tile-value')).not.toHaveText('—');
  // A French number: a decimal comma and a non-breaking space before the unit.
  await expect(page.locator('[data-metric="avg_response_ms"] .tile-value')).toHaveText(/^\d+,\d\u00a0ms$/);
  expect(await sameDocument(page)).toBe(true);
  await ada.context.close();
});
