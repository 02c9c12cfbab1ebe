// The service worker: registered by the hydrated app, in control of the page without a reload,
// and answering navigations with the offline page when the network is gone.

import { test, expect, waitForHydration, waitForServiceWorkerControl } from './fixtures';

test('the service worker registers and controls the page', async ({ page }) => {
  await page.goto('/');
  await waitForHydration(page);
  await waitForServiceWorkerControl(page);

  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      controller: navigator.serviceWorker.controller?.scriptURL,
      state: navigator.serviceWorker.controller?.state,
      scope: registration?.scope,
      caches: await caches.keys(),
    };
  });
  expect(new URL(worker.controller!).pathname).toBe('/sw.js');
  expect(worker.controller).toMatch(/\/sw\.js$/);
  expect(worker.state).toBe('activated');
  expect(new URL(worker.scope!).pathname).toBe('/');
  // One cache, named after this build (the server writes the id into the worker).
  expect(worker.caches).toHaveLength(1);
  expect(worker.caches[0]).toMatch(/^commons-[0-9a-f]{16}$/);
});

test('offline, a reload shows the offline page, and back online the real home page returns', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await waitForHydration(page);
  // The worker takes control only after it has cached the shell.
  await waitForServiceWorkerControl(page);

  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  const stylesheet = page.waitForResponse((response) => new URL(response.url()).pathname === '/pkg/main.css');
  const offline = await page.reload();
  // The worker answers with the offline page only when its own fetch of the page fails, so
  // this also shows that the offline emulation reaches the worker's requests.
  expect(offline?.fromServiceWorker()).toBe(true);
  await expect(page).toHaveTitle('Offline · Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You are offline');
  await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/');
  // The offline page is styled: its stylesheet came from the worker's cache too.
  expect((await stylesheet).fromServiceWorker()).toBe(true);
  expect(
    await page.evaluate(() =>
      [...document.styleSheets].some((sheet) => sheet.href?.endsWith('/pkg/main.css') && sheet.cssRules.length > 0),
    ),
  ).toBe(true);

  await context.setOffline(false);
  const online = await page.reload();
  expect(online?.status()).toBe(200);
  await expect(page).toHaveTitle('Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your community, live in one place');
  await expect(page.getByRole('link', { name: 'Create an account' })).toBeVisible();
  await waitForHydration(page);
});

test('offline, the page is in the language of the last page seen', async ({ page, context }) => {
  await page.goto('/?locale=fr');
  await waitForHydration(page);
  await waitForServiceWorkerControl(page);
  // A page the worker fetched itself, so it has seen this page's language.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

  await context.setOffline(true);
  const offline = await page.reload();
  expect(offline?.fromServiceWorker()).toBe(true);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page).toHaveTitle('Hors ligne · Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vous êtes hors ligne');
  await expect(page.getByRole('link', { name: 'Réessayer' })).toHaveAttribute('href', '/');
  await context.setOffline(false);
});

test.describe('without a service worker', () => {
  test.use({ serviceWorkers: 'block' });

  test('an offline reload fails outright, so the offline page above is the worker\'s doing', async ({ page, context }) => {
    await page.goto('/');
    await waitForHydration(page);
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
    await context.setOffline(false);
  });
});
