// The home page and the recipes once the WebAssembly has hydrated them: the home page shows a
// visitor the way in and someone signed in their rooms, and the recipe search filters as you
// type, in the page, without asking the server.

import {
  test,
  expect,
  expectAccessible,
  waitForHydration,
  registerIn,
  testWithOwnServer,
  unique,
  NODE_FACTS,
} from './fixtures';
import { createRoom, person, send } from './chat-room';

const ownServer = testWithOwnServer();

test('the server sends the page unhydrated, and the WebAssembly marks it hydrated', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  expect(html).toContain('data-hydrated="false"');
  expect(html).not.toContain('data-hydrated="true"');

  await page.goto('/');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your community, live in one place');
  await expectAccessible(page);
  // Which database a node runs is for its operators.
  await expect(page.locator('p.node-facts')).toHaveCount(0);
});

ownServer('an admin sees which database the node runs on', async ({ page, context }) => {
  await registerIn(context, 'Ada Admin'); // the first account of a fresh server is the admin
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.locator('p.node-facts')).toHaveText(NODE_FACTS);
});

test('after hydration, typing in the search filters the recipes live without a navigation', async ({ page }) => {
  await page.goto('/recipes');
  // Wait for the WebAssembly first: typing before it is in charge must not be what passes.
  await waitForHydration(page);

  const startUrl = page.url();
  const searchRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).searchParams.has('q')) searchRequests.push(request.url());
  });
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  // Survives only if the document is never replaced.
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

  const recipes = page.locator('ol.recipes > li.recipe');
  const search = page.getByRole('searchbox', { name: 'Find a recipe' });
  await search.pressSequentially('websocket');

  await expect(recipes).toHaveCount(1);
  await expect(recipes.first().locator('.recipe-number')).toHaveText('27');
  await expect(recipes.first().locator('.recipe-title')).toHaveText('WebSocket channels');
  await expect(page.getByText('1 of 48 shown')).toBeVisible();

  await search.clear();
  await expect(recipes).toHaveCount(48);
  await expect(page.getByText('48 of 48 shown')).toBeVisible();

  await search.fill('zzz-nothing');
  await expect(recipes).toHaveCount(0);
  await expect(page.getByText('No recipe matches that search.')).toBeVisible();

  // Enter submits the form; the hydrated page cancels the submission and keeps filtering itself.
  await page.evaluate(() => {
    window.addEventListener('submit', (event) => {
      // Read after every listener of this dispatch has run.
      setTimeout(() => ((window as unknown as { e2eSubmitPrevented: boolean }).e2eSubmitPrevented = event.defaultPrevented));
    });
  });
  await search.fill('configuration');
  await search.press('Enter');
  const outcome = await page.waitForFunction(() => {
    const prevented = (window as unknown as { e2eSubmitPrevented?: boolean }).e2eSubmitPrevented;
    return prevented === undefined ? null : { prevented };
  });
  expect(await outcome.jsonValue()).toEqual({ prevented: true });
  await expect(recipes.filter({ hasText: 'Environment-based configuration' })).toHaveCount(1);

  expect(page.url()).toBe(startUrl);
  expect(searchRequests).toEqual([]);
  expect(navigations).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
});

test('a search in the address bar is rendered filtered and kept in the box after hydration', async ({ page }) => {
  await page.goto('/recipes?q=websocket');
  await waitForHydration(page);
  await expect(page.locator('ol.recipes > li.recipe')).toHaveCount(1);
  await expect(page.getByText('1 of 48 shown')).toBeVisible();
  await expect(page.getByRole('searchbox', { name: 'Find a recipe' })).toHaveValue('websocket');
});

test('signed in, the home page lists one\'s rooms by latest activity with what waits unread', async ({
  browser,
  baseURL,
}) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bo = await person(browser, 'Bo', baseURL!);
  const older = unique('older');
  const newer = unique('newer');
  await createRoom(ada.page, older);
  await send(ada.page, 'first news');
  await createRoom(ada.page, newer);
  await send(ada.page, 'latest news');

  await bo.page.goto('/');
  await waitForHydration(bo.page);
  await expect(bo.page.getByRole('heading', { level: 1 })).toHaveText('Hello, Bo');
  const rooms = bo.page.locator('.home-rooms .room-link');
  await expect(rooms.filter({ hasText: newer })).toContainText('Ada: latest news');
  await expect(rooms.filter({ hasText: newer }).getByLabel('1 unread')).toBeVisible();
  const names = await rooms.locator('.room-name').allTextContents();
  expect(names.indexOf(newer)).toBeLessThan(names.indexOf(older));
  await expect(bo.page.getByText(/messages? waits? for you\./)).toBeVisible();
  await expectAccessible(bo.page);

  await rooms.filter({ hasText: newer }).click();
  await expect(bo.page).toHaveURL(/\/chat\/\d+$/);

  await ada.context.close();
  await bo.context.close();
});
