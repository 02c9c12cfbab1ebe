// Every page has its own title, the navigation works after hydration, pages for signed-in
// people send a visitor to sign in and back, and an unknown address answers 404 with a page a
// person can act on.

import { test, expect, registerIn, waitForHydration } from './fixtures';

const PAGES = [{ path: '/login', link: 'Sign in', title: 'Sign in · Commons', heading: 'Sign in' }];

test('an unknown path answers 404 and shows "Page not found"', async ({ page, browserGuard }) => {
  browserGuard.allow({
    text: 'Failed to load resource: the server responded with a status of 404 (Not Found)',
    url: /\/no\/such\/page$/,
    because: 'Chromium reports the 404 status of the page this test asks for',
  });
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle('Page not found · Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
  await waitForHydration(page);
});

for (const path of ['/chat', '/uploads']) {
  test(`${path} sends a signed-out visitor to sign in, with the way back`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(`/login?return_to=${encodeURIComponent(path)}`);
    await expect(page).toHaveTitle('Sign in · Commons');
    await expect(page.locator('input[name="return_to"]')).toHaveValue(path);
    await waitForHydration(page);
  });
}

test('after hydration the nav links switch pages in place, updating the title and current link', async ({
  page,
}) => {
  await page.goto('/');
  await waitForHydration(page);
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));
  const nav = page.getByRole('navigation', { name: 'Main' });

  const home = { path: '/', link: 'Home', title: 'Commons', heading: 'Your community, live in one place' };
  for (const { path, link, title, heading } of [...PAGES, home]) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(page).toHaveURL(path);
    await expect(page).toHaveTitle(title);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    // Focus moves to the new page's heading, where a screen reader then starts.
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(nav.getByRole('link', { name: link, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  await expect(page.getByRole('link', { name: 'Create an account' })).toBeVisible();
  // Client-side routing: the document was never reloaded.
  expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
});

test('a flash message belongs to the page it came with, and is gone on the next', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  await registerIn(context, 'Ada');
  const page = await context.newPage();
  await page.goto('/chat');
  await waitForHydration(page);
  const flash = page.getByRole('status').filter({ hasText: 'Welcome, Ada! Your account is ready.' });
  await expect(flash).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL('/dashboard');
  await expect(flash).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL('/chat');
  await expect(flash).toHaveCount(0);
  await context.close();
});
