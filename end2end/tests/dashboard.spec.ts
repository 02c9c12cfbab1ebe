// The live dashboard: figures pushed over the Phoenix-protocol socket move without a reload
// while someone else uses the site, every tile draws its sparkline, and only admins get the
// node's resources. Each test runs its own server with a fresh database, so the first account
// it registers is the admin; the test's own page and context (which the browser guard watches)
// talk to that server.

import type { Page } from '@playwright/test';

import { expect, registerIn, testWithOwnServer, waitForHydration } from './fixtures';

const PUBLIC_TILES = [
  'users_online',
  'requests_per_min',
  'avg_response_ms',
  'p95_response_ms',
  'sockets',
  'messages_per_min',
];
const ADMIN_TILES = ['pool_in_use', 'memory_bytes'];
/** "x,y x,y …" with at least two points, every coordinate a plain number. */
const POLYLINE = /^\d+(\.\d+)?,\d+(\.\d+)?( \d+(\.\d+)?,\d+(\.\d+)?)+$/;

const test = testWithOwnServer();

function tile(page: Page, metric: string) {
  return page.locator(`section.tile[data-metric="${metric}"]`);
}

/** Opens the dashboard and waits until the socket has brought figures. */
async function openDashboard(page: Page): Promise<void> {
  await page.goto('/dashboard');
  await waitForHydration(page);
  await expect(page.locator('.dashboard-head .connection')).toHaveAttribute('data-state', 'connected');
  await expect(tile(page, 'users_online').locator('.tile-value')).toHaveText(/^\d+$/);
}

test('a signed-out visitor is sent to sign in, with the way back', async ({ page }) => {
  const response = await page.goto('/dashboard');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL('/login?return_to=%2Fdashboard');
  await waitForHydration(page);
});

test('the server renders the frame with placeholders; the figures come over the socket', async ({
  context,
  page,
}) => {
  await registerIn(context, 'Ada');
  const html = await (await context.request.get('/dashboard')).text();
  expect(html).toContain('data-metric="requests_per_min"');
  expect(html).toMatch(/<p class="tile-value">—(<!>)?<\/p>/); // <!>: a hydration marker

  await openDashboard(page);
  await expect(page).toHaveTitle('Dashboard · Commons');
  for (const metric of PUBLIC_TILES) {
    await expect(tile(page, metric).locator('.tile-value')).not.toHaveText('—');
  }
  await expect(page.locator('.last-updated time')).toHaveText(/^\d\d:\d\d:\d\d$/);
});

test('requests per minute rise without a reload while someone else uses the site', async ({
  context,
  page,
  playwright,
  server,
}) => {
  await registerIn(context, 'Ada');
  await openDashboard(page);
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));
  const requests = tile(page, 'requests_per_min').locator('.tile-value');
  const before = Number(await requests.textContent());

  const other = await playwright.request.newContext({ baseURL: server.url });
  for (let i = 0; i < 25; i++) {
    expect((await other.get('/health/live')).ok()).toBe(true);
  }
  await other.dispose();

  await expect
    .poll(async () => Number(await requests.textContent()), { message: 'requests per minute on the tile' })
    .toBeGreaterThanOrEqual(before + 25);
  // Pushed, not reloaded: the same document all along.
  expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
});

test('every tile draws its sparkline, and the requests chart rises off the floor', async ({
  context,
  page,
  playwright,
  server,
}) => {
  await registerIn(context, 'Ada');
  const other = await playwright.request.newContext({ baseURL: server.url });
  for (let i = 0; i < 5; i++) {
    expect((await other.get('/health/live')).ok()).toBe(true);
  }
  await other.dispose();
  await openDashboard(page);

  for (const metric of PUBLIC_TILES) {
    const chart = tile(page, metric).locator('svg.sparkline');
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(chart).toHaveAttribute('viewBox', '0 0 120 32');
    await expect(chart.locator('polyline')).toHaveAttribute('points', POLYLINE);
  }
  // Requests were made, so the newest point of that chart is above the bottom edge (y < 32).
  const points = tile(page, 'requests_per_min').locator('polyline');
  await expect
    .poll(async () => {
      const drawn = (await points.getAttribute('points')) ?? '';
      const last = drawn.split(' ').at(-1) ?? '';
      return Number(last.split(',')[1]);
    })
    .toBeLessThan(32);
});

test('only admins get the database pool and memory tiles', async ({ browser, context, page, server }) => {
  // The first account on a fresh database is the admin.
  await registerIn(context, 'Ada');
  const memberContext = await browser.newContext({ baseURL: server.url });
  await registerIn(memberContext, 'Bo');
  const memberPage = await memberContext.newPage();

  await openDashboard(page);
  await expect(tile(page, 'pool_in_use').locator('.tile-value')).toHaveText(/^\d+ in use \/ \d+$/);
  await expect(tile(page, 'memory_bytes').locator('.tile-value')).toHaveText(/^\d+\.\d MiB$/);
  for (const metric of ADMIN_TILES) {
    await expect(tile(page, metric).locator('polyline')).toHaveAttribute('points', POLYLINE);
  }

  await openDashboard(memberPage);
  await expect(memberPage.locator('section.tile')).toHaveCount(PUBLIC_TILES.length);
  // Another pushed snapshot later, still none.
  const updated = await memberPage.locator('.last-updated time').textContent();
  await expect(memberPage.locator('.last-updated time')).not.toHaveText(updated ?? '');
  await expect(memberPage.locator('section.tile')).toHaveCount(PUBLIC_TILES.length);
  for (const metric of ADMIN_TILES) {
    await expect(tile(memberPage, metric)).toHaveCount(0);
  }
  await memberContext.close();
});
