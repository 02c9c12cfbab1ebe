// The `test` every spec uses: Playwright's, plus a guard that fails the test when any page of
// its browser context logs a console error (a CSP violation, a failed load, a panic from the
// WebAssembly…) or throws an uncaught error. Console errors of its service workers count too.
//
// A test that provokes an error on purpose (a 404 page, a fetch while offline) says so with
// `browserGuard.allow(...)`, naming the exact message and URL; anything else still fails it.

import { readdirSync } from 'node:fs';

import AxeBuilder from '@axe-core/playwright';

import {
  test as base,
  expect,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
  type WebError,
} from '@playwright/test';

import { startServer, type RunningServer, type ServerOptions } from '../server';

export interface BrowserProblem {
  kind: 'console.error' | 'pageerror';
  text: string;
  /** Where it came from: the script or resource URL, else the page's. */
  url: string;
  /** `url:line:column`, for the report. */
  where: string;
}

/** An error the test expects: its text, and optionally the URL it is reported at. */
export interface AllowedError {
  kind?: BrowserProblem['kind'];
  text: string | RegExp;
  url?: string | RegExp;
  /** Why it is expected, for whoever reads the test. */
  because: string;
}

function matches(pattern: string | RegExp, value: string): boolean {
  return typeof pattern === 'string' ? pattern === value : pattern.test(value);
}

export class BrowserGuard {
  /** Everything reported so far, allowed or not. */
  readonly problems: BrowserProblem[] = [];
  private readonly allowed: AllowedError[] = [];

  /** Lets an error the test provokes on purpose pass. */
  allow(rule: AllowedError): void {
    this.allowed.push(rule);
  }

  /** The problems no rule allows. */
  unexpected(): BrowserProblem[] {
    return this.problems.filter(
      (problem) =>
        !this.allowed.some(
          (rule) =>
            (rule.kind ?? 'console.error') === problem.kind &&
            matches(rule.text, problem.text) &&
            (rule.url === undefined || matches(rule.url, problem.url)),
        ),
    );
  }

  record(problem: BrowserProblem): void {
    this.problems.push(problem);
  }
}

function fromConsole(message: ConsoleMessage): BrowserProblem {
  const { url, lineNumber, columnNumber } = message.location();
  const source = url || message.page()?.url() || '(worker)';
  return {
    kind: 'console.error',
    text: message.text(),
    url: source,
    where: url ? `${url}:${lineNumber}:${columnNumber}` : source,
  };
}

function fromWebError(webError: WebError): BrowserProblem {
  const error = webError.error();
  const page = webError.page()?.url() ?? '(unknown page)';
  return { kind: 'pageerror', text: error.stack ?? `${error.name}: ${error.message}`, url: page, where: page };
}

export const test = base.extend<{ browserGuard: BrowserGuard }>({
  browserGuard: [
    async ({ context }, use, testInfo) => {
      const guard = new BrowserGuard();
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() === 'error') guard.record(fromConsole(message));
      };
      const onWebError = (webError: WebError) => guard.record(fromWebError(webError));
      context.on('console', onConsole);
      context.on('weberror', onWebError);

      await use(guard);

      context.off('console', onConsole);
      context.off('weberror', onWebError);
      const unexpected = guard.unexpected();
      if (unexpected.length > 0) {
        const report = unexpected.map((p, i) => `${i + 1}. [${p.kind}] ${p.text}\n   at ${p.where}`).join('\n');
        await testInfo.attach('browser-errors.txt', { body: report, contentType: 'text/plain' });
        expect(unexpected, `The browser reported ${unexpected.length} error(s) during the test:\n${report}`).toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };

/** Waits until the WebAssembly has taken over the server-rendered page. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator('div.page')).toHaveAttribute('data-hydrated', 'true');
}

/** The two widths every page is checked at: a laptop and a phone. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** No axe violations of any impact on `page` as it is now, at both widths (then back at the
 * desktop one). `include` narrows the check to a selector; `exclude` leaves one out (content
 * that is not the page's, such as a mail's own HTML in a sandboxed frame); `sizes` checks only
 * those widths (a phone's open menu is a phone's only). */
export async function expectAccessible(
  page: Page,
  options: { include?: string; exclude?: string; sizes?: { width: number; height: number }[] } = {},
): Promise<void> {
  for (const size of options.sizes ?? [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    let axe = new AxeBuilder({ page });
    if (options.include) axe = axe.include(options.include);
    if (options.exclude) axe = axe.exclude(options.exclude);
    const results = await axe.analyze();
    expect(results.violations, `axe at ${size.width}px on ${page.url()}`).toEqual([]);
  }
  await page.setViewportSize(DESKTOP);
}

/** Waits until a service worker controls the page (it claims clients once the shell is cached). */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** How many migrations a fresh SQLite database gets: the `.up.sql` files in the repository. */
const MIGRATIONS = readdirSync(new URL('../../domain/migrations/sqlite/', import.meta.url)).filter((name) =>
  name.endsWith('.up.sql'),
).length;

/** The home page's line about the node: the SQLite version and every migration applied. */
export const NODE_FACTS = new RegExp(
  `^Running on SQLite \\d+(?:\\.\\d+)+ · ${MIGRATIONS} migration${MIGRATIONS === 1 ? '' : 's'} applied$`,
);

/** The password every test account uses. */
export const PASSWORD = 'Analytical-Engine-1843';

/** `tag` made unique to this run, for emails and room names. */
export function unique(tag: string): string {
  return `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Registers a new account through the plain form, which signs `context` in. `name` may have
 * spaces ("Grace Hopper"); the email address is made from its letters and digits. */
export async function registerIn(context: BrowserContext, name: string): Promise<void> {
  const email = `${unique(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'))}@example.com`;
  const response = await context.request.post('/register', {
    form: { name, email, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
}

/** `test`, with a server of its own per test (a fresh database, so the first account
 * registered is the admin) that the test's page and contexts talk to through `baseURL`. */
export function testWithOwnServer(options: ServerOptions = {}) {
  return test.extend<{ server: RunningServer }>({
    server: async ({}, use) => {
      const server = await startServer(options);
      await use(server);
      await server.stop();
    },
    baseURL: async ({ server }, use) => {
      await use(server.url);
    },
  });
}
