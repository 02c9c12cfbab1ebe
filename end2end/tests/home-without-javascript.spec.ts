// The home page and the recipes as a browser without JavaScript gets them: everything is in the
// server's HTML, and the recipe search is a plain GET form the server answers.

import { test, expect } from './fixtures';

test.use({ javaScriptEnabled: false });

const NAV_LINKS = [
  { name: 'Home', href: '/' },
  { name: 'Chat', href: '/chat' },
  { name: 'Posts', href: '/posts' },
  { name: 'Dashboard', href: '/dashboard' },
  { name: 'Uploads', href: '/uploads' },
  { name: 'Sign in', href: '/login' },
];

test('the home page renders completely from the server with JavaScript disabled', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);

  await expect(page).toHaveTitle('Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your community, live in one place');
  // Nothing ran in the page: the server's marker is still there.
  await expect(page.locator('div.page')).toHaveAttribute('data-hydrated', 'false');
  await expect(page.locator('p.node-facts')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Create an account' })).toHaveAttribute('href', '/register');
  await expect(page.locator('main').getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  await expect(page.getByRole('navigation', { name: 'For developers' }).getByRole('link', { name: 'Recipes' })).toHaveAttribute(
    'href',
    '/recipes',
  );

  const nav = page.getByRole('navigation', { name: 'Main' });
  const links = nav.getByRole('link');
  await expect(links).toHaveText(NAV_LINKS.map((link) => link.name));
  for (const { name, href } of NAV_LINKS) {
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
  }
  await expect(nav.getByRole('link', { name: 'Home', exact: true })).toHaveAttribute('aria-current', 'page');
});

test('the recipes render completely from the server with JavaScript disabled', async ({ page }) => {
  const response = await page.goto('/recipes');
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle('Recipes · Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recipes');
  const recipes = page.locator('ol.recipes > li.recipe');
  await expect(recipes).toHaveCount(48);
  await expect(recipes.first()).toContainText('Transform map keys');
  await expect(recipes.last()).toContainText('Distributed systems');
  await expect(page.getByText('48 of 48 shown')).toBeVisible();
});

test('without JavaScript, typing does nothing and submitting the search filters on the server', async ({
  page,
}) => {
  await page.goto('/recipes');
  const recipes = page.locator('ol.recipes > li.recipe');
  const search = page.getByRole('searchbox', { name: 'Find a recipe' });

  await search.fill('websocket');
  // No script runs, so the list stays whole until the form is sent.
  await expect(recipes).toHaveCount(48);
  await expect(page.getByText('48 of 48 shown')).toBeVisible();

  await Promise.all([
    page.waitForURL((url) => url.pathname === '/recipes' && url.searchParams.get('q') === 'websocket'),
    page.getByRole('button', { name: 'Search' }).click(),
  ]);

  await expect(recipes).toHaveCount(1);
  await expect(recipes.first().locator('.recipe-number')).toHaveText('27');
  await expect(recipes.first().locator('.recipe-title')).toHaveText('WebSocket channels');
  await expect(page.getByText('1 of 48 shown')).toBeVisible();
  await expect(page.locator('div.page')).toHaveAttribute('data-hydrated', 'false');
});

test('without JavaScript, a search that matches nothing says so', async ({ page }) => {
  await page.goto('/recipes?q=no-such-recipe');
  await expect(page.locator('ol.recipes > li.recipe')).toHaveCount(0);
  await expect(page.getByText('0 of 48 shown')).toBeVisible();
  await expect(page.getByText('No recipe matches that search.')).toBeVisible();
});

test('without JavaScript, the search box keeps the submitted query', async ({ page }) => {
  await page.goto('/recipes?q=websocket');
  await expect(page.getByRole('searchbox', { name: 'Find a recipe' })).toHaveValue('websocket');
});
