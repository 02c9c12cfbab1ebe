// The public API from the browser: a token made on the profile page, shown once, used by the
// page's own fetch, revoked; and the API's docs page, served whole from the server.

import type { Page } from '@playwright/test';

import {
  test,
  expect,
  expectAccessible,
  waitForHydration,
  registerIn,
  testWithOwnServer,
} from './fixtures';

/** `GET path` from the page itself with `token`, as a script on it would. */
async function fetchWith(page: Page, path: string, token: string): Promise<number> {
  return page.evaluate(
    async ([path, token]) => (await fetch(path, { headers: { authorization: `Bearer ${token}` } })).status,
    [path, token],
  );
}

test('a token made on the profile is shown once, opens the API, and is revoked there', async ({
  page,
  browserGuard,
}) => {
  browserGuard.allow({
    text: /^Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/,
    url: /\/api\/v2\/me$/,
    because: 'the revoked token is refused, which is the point',
  });
  await registerIn(page.context(), 'Tess');
  await page.goto('/profile');
  await waitForHydration(page);

  const tokens = page.getByRole('region', { name: 'Access tokens', exact: true });
  await expect(tokens.getByText('No tokens yet.')).toBeVisible();
  await tokens.getByRole('button', { name: 'Make token' }).click();
  await expect(tokens.locator('#token_name-error')).toHaveText('Give the token a name.');

  // Keyboard only: name, scope, expiry, submit.
  await tokens.getByLabel('Token name').fill('backup script');
  await tokens.getByLabel('Scope').selectOption('read write');
  await tokens.getByLabel('Expires').selectOption('7');
  await tokens.getByLabel('Expires').press('Tab');
  await page.keyboard.press('Enter');

  const made = tokens.getByRole('status');
  await expect(made).toContainText('“backup script” is ready.');
  const secret = (await made.getByTestId('token-secret').textContent()) ?? '';
  expect(secret).toMatch(/^cmn_[A-Za-z0-9_-]{43}$/);
  const row = tokens.getByRole('row', { name: /backup script/ });
  await expect(row).toContainText('Read and write');
  await expect(row).toContainText('Not yet');
  await expectAccessible(page);

  expect(await fetchWith(page, '/api/v2/me', secret)).toBe(200);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await expect(tokens.getByRole('row', { name: /backup script/ })).not.toContainText('Not yet');

  await tokens.getByRole('button', { name: 'Revoke backup script' }).click();
  await expect(tokens.getByText('No tokens yet.')).toBeVisible();
  expect(await fetchWith(page, '/api/v2/me', secret)).toBe(401);
});

/** Collects every request the page makes to a host other than this one. */
function requestsElsewhere(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname)) outside.push(request.url());
  });
  return outside;
}

// axe reads every table of a long page at two widths: a page per test, each with room for it
// on a loaded machine (both in one test once took over two minutes in CI).
test('the API v2 reference is read from the generated document, keyboard and screen-reader friendly', async ({ page }) => {
  test.setTimeout(120_000);
  const outside = requestsElsewhere(page);
  await page.goto('/api/docs');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Commons API v2');
  await expect(page.getByRole('heading', { name: 'POST /rooms/{id}/messages' })).toBeVisible();
  await expectAccessible(page);
  expect(outside).toEqual([]);
});

test('the API v1 reference is a link away, and as accessible', async ({ page }) => {
  test.setTimeout(120_000);
  const outside = requestsElsewhere(page);
  await page.goto('/api/docs');
  await waitForHydration(page);
  await page.getByRole('navigation', { name: 'Versions' }).getByRole('link', { name: 'v1 (deprecated)' }).click();
  await expect(page).toHaveURL('/api/docs/v1');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Commons API v1');
  await expect(page.getByRole('heading', { name: 'Message', exact: true })).toBeVisible();
  await expectAccessible(page);
  expect(outside).toEqual([]);
});

const ownServer = testWithOwnServer();

ownServer('an admin imports people from a CSV file and reads the report', async ({ page }) => {
  await registerIn(page.context(), 'Root Admin');
  await page.goto('/admin/users');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  await expect(page.getByTestId('people-total')).toHaveText('1');

  const csv = [
    'name,email,age',
    '"Lovelace, Ada",ada@example.com,36',
    'Nobody,not-an-email,',
    'Kid,kid@example.com,7',
    'Grace Hopper,grace@example.com,',
  ].join('\r\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText('2 people added. 2 rows refused:');
  const refused = page.getByRole('table', { name: 'Rows refused' });
  await expect(refused.getByRole('row')).toHaveCount(3);
  await expect(refused.getByRole('row', { name: /^3 email:/ })).toBeVisible();
  await expect(refused.getByRole('row', { name: /^4 age:/ })).toBeVisible();
  await expect(page.getByTestId('people-total')).toHaveText('3');
  await expectAccessible(page);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download all accounts (CSV)' }).click();
  const file = await (await download).path();
  const exported = (await import('node:fs')).readFileSync(file, 'utf8');
  expect(exported.split('\n')[0]).toBe('id,email,name,age,role,active,created_at');
  expect(exported).toContain('"Lovelace, Ada"');
});
