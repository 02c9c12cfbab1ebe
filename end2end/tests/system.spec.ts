// The system page (this product's Observer): an admin sees the supervised tasks, the live
// rooms, the health checks and the recent log lines, filtered by level and text with a GET
// form (with and without JavaScript); anyone else gets 403. Each test runs its own server with
// a fresh database, so the first account it registers is the admin, and the server logs at
// info level so there are lines of several levels to filter. The test's own page and context
// (which the browser guard watches) talk to that server.

import type { BrowserContext, Page } from '@playwright/test';

import { expect, registerIn, testWithOwnServer, unique, waitForHydration } from './fixtures';

// The server logs at info, so there are lines of several levels to filter.
const test = testWithOwnServer({ env: { APP_LOG__LEVEL: 'info' } });

// Times are the reader's: this reader is in India (UTC+05:30 all year), so local time shows.
test.use({ timezoneId: 'Asia/Kolkata' });

/** "14:35", the time of day of an RFC 3339 moment in India, as the page should show it. */
function indianClock(rfc3339: string): string {
  return new Date(rfc3339).toLocaleTimeString('en-GB', {
    timeZone: 'Asia/Kolkata',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** Makes the server log a warning naming `marker`: a write from another site is refused. */
async function provokeWarning(context: BrowserContext, marker: string): Promise<void> {
  const response = await context.request.post('/logout', {
    headers: { Origin: `https://${marker}.example` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
}

async function openSystem(page: Page, query = ''): Promise<void> {
  const response = await page.goto(`/admin/system${query}`);
  expect(response?.status()).toBe(200);
  await waitForHydration(page);
}

const logRows = (page: Page) => page.locator('tr.log-line');

test('a signed-out visitor is sent to sign in, with the way back', async ({ page }) => {
  await page.goto('/admin/system');
  await expect(page).toHaveURL('/login?return_to=%2Fadmin%2Fsystem');
  await waitForHydration(page);
});

test('a member who is not an admin gets 403 and no System link', async ({
  browser,
  context,
  page,
  server,
  browserGuard,
}) => {
  // The first account is the admin; the second, this page's, is a member.
  const adminContext = await browser.newContext({ baseURL: server.url });
  await registerIn(adminContext, 'Ada');
  await adminContext.close();
  await registerIn(context, 'Bo');
  browserGuard.allow({
    text: 'Failed to load resource: the server responded with a status of 403 (Forbidden)',
    url: /\/admin\/system$/,
    because: 'Chromium reports the 403 status of the page this test asks for',
  });

  const response = await page.goto('/admin/system');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admins only');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Admins only');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'System' })).toHaveCount(0);
  await expect(page.locator('tr[data-task]')).toHaveCount(0);

  // The server functions behind the page refuse a member too.
  const report = await context.request.post('/rpc/system/report', { form: { 'filter[text]': '' } });
  expect(report.status()).toBe(403);
});

test('the admin sees the node, its supervised tasks and a live room it can stop', async ({ context, page }) => {
  await registerIn(context, 'Ada');
  await openSystem(page);
  await expect(page).toHaveTitle('System · Commons');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'System' })).toHaveAttribute('aria-current', 'page');

  const collector = page.locator('tr[data-task="metrics_collector"]');
  await expect(collector).toHaveAttribute('data-state', 'running');
  await expect(collector.locator('td').first()).toHaveText('running');
  // When it started, in the reader's time (India here), the machine-readable moment beside it.
  const started = collector.locator('time');
  const startedAt = await started.getAttribute('datetime');
  await expect(started).toHaveText(new RegExp(`^\\w+day \\d+ \\w+ \\d{4}, ${indianClock(startedAt!)}$`));
  await expect(page.locator('[data-figure="uptime"] dd')).toHaveText(/^\d+ (s|min \d+ s)$/);
  await expect(page.locator('[data-figure="pool"] dd')).toHaveText(/^\d+ in use \/ \d+$/);

  // A room someone has open is live; Stop ends its task and the list loads again.
  const chat = await context.newPage();
  await chat.goto('/chat');
  await waitForHydration(chat);
  const roomName = unique('observed');
  await chat.getByLabel('Name').fill(roomName);
  await chat.getByRole('button', { name: 'Create room' }).click();
  await expect(chat).toHaveURL(/\/chat\/\d+$/);
  await expect(chat.locator('.room-head .connection')).toHaveAttribute('data-state', 'connected');
  const roomId = new URL(chat.url()).pathname.split('/').at(-1)!;

  await page.getByRole('link', { name: 'Refresh' }).click();
  const room = page.locator(`tr[data-room="${roomId}"]`);
  await expect(room.getByRole('link', { name: roomName })).toHaveAttribute('href', `/chat/${roomId}`);
  await room.getByRole('button', { name: 'Stop' }).click();
  await expect(room).toHaveCount(0);
});

test('filtering the log lines by level and by text narrows the rows, without a reload', async ({
  context,
  page,
}) => {
  await registerIn(context, 'Ada');
  const marker = unique('elsewhere');
  await provokeWarning(context, marker);
  await openSystem(page);
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

  // Every level at first: the requests logged at info, and the warning.
  await expect(logRows(page).and(page.locator('[data-level="info"]')).first()).toBeVisible();
  const warning = logRows(page).filter({ hasText: `https://${marker}.example` });
  await expect(warning).toHaveCount(1);
  await expect(warning).toHaveAttribute('data-level', 'warn');
  await expect(warning.locator('.log-message')).toContainText('refused a cross-site write');
  const all = await logRows(page).count();

  await page.getByLabel('Level').selectOption('warn');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/\/admin\/system\?level=warn&q=$/);
  await expect(logRows(page).and(page.locator('[data-level="info"]'))).toHaveCount(0);
  await expect(warning).toHaveCount(1);
  expect(await logRows(page).count()).toBeLessThan(all);

  await page.getByLabel('Containing').fill(marker);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?level=warn&q=${marker}$`));
  await expect(logRows(page)).toHaveCount(1);
  await expect(logRows(page)).toContainText(marker);
  await expect(page.locator('.log-count')).toHaveText(/^1 of \d+ kept lines$/);

  // A level that excludes the warning leaves nothing.
  await page.getByLabel('Level').selectOption('error');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No line matches this filter.')).toBeVisible();
  await expect(logRows(page)).toHaveCount(0);

  expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(
    true,
  );
});

test("the log shows 50 lines a page, older pages by link, in the reader's time", async ({ context, page }) => {
  await registerIn(context, 'Ada');
  const marker = unique('paged');
  for (let n = 0; n < 56; n++) await provokeWarning(context, marker);
  await openSystem(page, `?q=${marker}`);

  await expect(logRows(page)).toHaveCount(50);
  const first = logRows(page).first().locator('time');
  const at = await first.getAttribute('datetime');
  await expect(first).toHaveText(new RegExp(`^${indianClock(at!)}:\\d\\d\\.\\d{3}$`));

  const pages = page.getByRole('navigation', { name: 'Log pages' });
  await expect(pages.getByRole('link', { name: 'Newest lines' })).toHaveCount(0);
  // New lines arrive in between: the next page still starts where this one ended.
  await provokeWarning(context, marker);
  await pages.getByRole('link', { name: 'Older lines' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${marker}&before=\\d+$`));
  await expect(logRows(page)).toHaveCount(6);
  await expect(pages.getByRole('link', { name: 'Older lines' })).toHaveCount(0);

  await pages.getByRole('link', { name: 'Newest lines' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${marker}$`));
  await expect(logRows(page)).toHaveCount(50);
  await expect(pages.getByRole('link', { name: 'Older lines' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the log filter is a plain GET form the server answers', async ({ context, page }) => {
    await registerIn(context, 'Ada');
    const marker = unique('nojs');
    await provokeWarning(context, marker);
    const response = await page.goto('/admin/system');
    expect(response?.status()).toBe(200);
    await expect(page.locator('div.page')).toHaveAttribute('data-hydrated', 'false');
    expect(await logRows(page).count()).toBeGreaterThan(1);

    await page.getByLabel('Level').selectOption('warn');
    await page.getByLabel('Containing').fill(marker);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === marker),
      page.getByRole('button', { name: 'Filter' }).click(),
    ]);
    await expect(logRows(page)).toHaveCount(1);
    await expect(logRows(page)).toHaveAttribute('data-level', 'warn');
    // The form shows the filter it was sent with.
    await expect(page.getByLabel('Level')).toHaveValue('warn');
    await expect(page.getByLabel('Containing')).toHaveValue(marker);
  });

  test('older log lines are a link away', async ({ context, page }) => {
    await registerIn(context, 'Ada');
    const marker = unique('nojs-paged');
    for (let n = 0; n < 51; n++) await provokeWarning(context, marker);
    await page.goto(`/admin/system?q=${marker}`);
    await expect(logRows(page)).toHaveCount(50);
    await page.getByRole('link', { name: 'Older lines' }).click();
    await expect(page).toHaveURL(/&before=\d+$/);
    await expect(logRows(page)).toHaveCount(1);
  });
});

test('running the health checks shows the database, disk and supervisor checks passing', async ({
  context,
  page,
}) => {
  await registerIn(context, 'Ada');
  await openSystem(page);
  await page.getByRole('button', { name: 'Run health checks' }).click();
  for (const name of ['database', 'disk', 'supervisor']) {
    const check = page.locator(`li[data-check="${name}"]`);
    await expect(check).toHaveAttribute('data-ok', 'true');
    await expect(check.locator('.check-verdict')).toHaveText('ok');
    await expect(check.locator('.check-duration')).toHaveText(/^\d+\.\d ms$/);
  }
});
