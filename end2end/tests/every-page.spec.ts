// Every page of the app, signed out and signed in, passes axe with no violation of any impact at
// a laptop's width and a phone's, once hydrated. The list of pages is checked against the
// router's own (app/src/lib.rs), so a new page cannot be added without being swept here.

import { readFileSync } from 'node:fs';

import type { Page } from '@playwright/test';

import { expect, expectAccessible, registerIn, testWithOwnServer, waitForHydration } from './fixtures';
import { createRoom } from './chat-room';
import { writePost } from './board';

/** Each route of the router (its `path!` pattern) and the page that stands for it here. */
const ROUTES = new Map<string, string>([
  ['/', '/'],
  ['/chat', '/chat'],
  ['/chat/:id', '/chat/:id'],
  ['/posts', '/posts'],
  ['/posts/new', '/posts/new'],
  ['/posts/:id', '/posts/:id'],
  ['/posts/:id/edit', '/posts/:id/edit'],
  ['/search', '/search?q=sweep'],
  ['/mentions', '/mentions'],
  ['/people/:id', '/people/:id'],
  ['/recipes', '/recipes'],
  ['/dashboard', '/dashboard'],
  ['/uploads', '/uploads'],
  ['/register', '/register'],
  ['/login', '/login'],
  ['/password/forgot', '/password/forgot'],
  ['/password/reset', '/password/reset?token=not-a-real-token'],
  ['/dev/mailbox', '/dev/mailbox'],
  ['/profile', '/profile'],
  ['/admin/system', '/admin/system'],
  ['/admin/users', '/admin/users'],
  ['/admin/jobs', '/admin/jobs'],
  ['/admin/schedules', '/admin/schedules'],
  ['/admin/board', '/admin/board'],
  ['/api/docs', '/api/docs'],
  ['/api/docs/:version', '/api/docs/v1'],
]);

/** The router's routes, read from its source: nested `path!("…")` joined to their parent's. */
function routerRoutes(): string[] {
  const source = readFileSync(new URL('../../app/src/lib.rs', import.meta.url), 'utf8');
  const routes: string[] = [];
  let parent = '';
  for (const line of source.split('\n')) {
    const parentRoute = line.match(/<ParentRoute path=path!\("([^"]*)"\)/);
    if (parentRoute) {
      parent = parentRoute[1];
      continue;
    }
    if (line.includes('</ParentRoute>')) {
      parent = '';
      continue;
    }
    const route = line.match(/<Route path=path!\("([^"]*)"\)/);
    if (!route) continue;
    const child = route[1];
    routes.push(parent === '' ? child : child === '' ? parent : `${parent}/${child}`);
  }
  return routes;
}

const ownServer = testWithOwnServer();

ownServer('every route of the router is swept here', async () => {
  const routes = routerRoutes();
  expect(routes.length).toBeGreaterThan(10);
  expect([...routes].sort()).toEqual([...ROUTES.keys()].sort());
});

/** Opens `path`, waits for the WebAssembly, and checks the page at both widths. */
async function sweep(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBeLessThan(400);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 }), `one h1 on ${path}`).toHaveCount(1);
  await expectAccessible(page);
}

ownServer('every page a visitor can open passes axe at both widths', async ({ page }) => {
  ownServer.setTimeout(180_000); // seventeen pages, each checked at two widths
  const open = ['/', '/posts', '/search', '/recipes', '/register', '/login', '/password/forgot', '/password/reset', '/api/docs', '/api/docs/:version'];
  for (const route of open) await sweep(page, ROUTES.get(route)!);

  // A post, written by someone in another context, is open to visitors too.
  const writer = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  await registerIn(writer, 'Wren Writer');
  const post = await writePost(await writer.newPage(), { title: 'Open to all', body: 'Some *text*.', tags: 'sweep' });
  await writer.close();
  await sweep(page, post);
  // Its author's page, reached from the post.
  await page.locator('.post-meta a').first().click();
  await expect(page).toHaveURL(/\/people\/\d+$/);
  await sweep(page, new URL(page.url()).pathname);

  // The pages behind sign-in send a visitor to the sign-in page, which passes too.
  for (const route of ['/chat', '/dashboard', '/uploads', '/profile', '/posts/new', '/mentions', '/admin/system']) {
    await page.goto(ROUTES.get(route)!);
    await expect(page).toHaveURL(/\/login/);
    await waitForHydration(page);
    await expectAccessible(page);
  }
});

ownServer('every page, signed in as the admin, passes axe at both widths', async ({ page, context }) => {
  ownServer.setTimeout(270_000); // twenty-two pages, each checked at two widths
  await registerIn(context, 'Ada Admin'); // the first account of a fresh server is the admin
  const room = await createRoom(page, 'Sweep');
  const post = await writePost(page, { title: 'Sweep', body: '# A heading\n\n- a list\n\n`code`', tags: 'sweep, axe' });
  const stands = new Map([
    ['/chat/:id', room],
    ['/posts/:id', post],
    ['/posts/:id/edit', `${post}/edit`],
    ['/people/:id', '/people/1'],
  ]);
  for (const [route, path] of ROUTES) {
    if (route === '/register' || route === '/login' || route === '/password/forgot') continue;
    await sweep(page, stands.get(route) ?? path);
  }
});

ownServer('a member who is not an admin is told so on the admin pages, accessibly', async ({ page, context, browserGuard }) => {
  await registerIn(context, 'Ada Admin');
  await context.clearCookies();
  await registerIn(context, 'Bo Member');
  browserGuard.allow({
    text: 'Failed to load resource: the server responded with a status of 403 (Forbidden)',
    because: 'a member opens the admin pages on purpose',
  });
  for (const route of ['/admin/system', '/admin/users', '/admin/jobs', '/admin/schedules', '/admin/board']) {
    await page.goto(route);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expectAccessible(page);
  }
});
