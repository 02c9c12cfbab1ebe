// The console-error guard in fixtures.ts must itself work, or every "no console errors" claim in
// the other specs is empty. Each test here makes the page misbehave on purpose, checks that the
// guard caught it, and then allows that exact error so the test itself can pass.

import { test, expect, waitForHydration, type BrowserGuard, type BrowserProblem } from './fixtures';

function unexpectedTexts(guard: BrowserGuard, kind: BrowserProblem['kind']): string[] {
  return guard
    .unexpected()
    .filter((problem) => problem.kind === kind)
    .map((problem) => problem.text);
}

test('the guard catches a console error logged by the page', async ({ page, browserGuard }) => {
  await page.goto('/');
  await page.evaluate(() => console.error('deliberate console error'));
  await expect.poll(() => unexpectedTexts(browserGuard, 'console.error')).toEqual(['deliberate console error']);
  browserGuard.allow({ text: 'deliberate console error', because: 'this test logs it' });
  expect(browserGuard.unexpected()).toEqual([]);
});

test('the guard catches an uncaught error thrown by the page', async ({ page, browserGuard }) => {
  await page.goto('/');
  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('deliberate uncaught error');
    });
  });
  await expect
    .poll(() => unexpectedTexts(browserGuard, 'pageerror'))
    .toEqual([expect.stringContaining('deliberate uncaught error')]);
  browserGuard.allow({ kind: 'pageerror', text: /deliberate uncaught error/, because: 'this test throws it' });
  expect(browserGuard.unexpected()).toEqual([]);
});

test('the guard catches a Content-Security-Policy violation', async ({ page, browserGuard }) => {
  await page.goto('/');
  await waitForHydration(page);
  // An inline script without the nonce: the strict policy must refuse to run it.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.e2eInlineRan = true';
    document.head.append(script);
  });
  expect(await page.evaluate(() => (window as unknown as { e2eInlineRan?: boolean }).e2eInlineRan)).toBeUndefined();
  const violation = /violates the following Content Security Policy directive.*script-src/;
  await expect.poll(() => unexpectedTexts(browserGuard, 'console.error')).toEqual([expect.stringMatching(violation)]);
  browserGuard.allow({ text: violation, because: 'this test injects an inline script' });
  expect(browserGuard.unexpected()).toEqual([]);
});

test('an allowed error does not hide a different one', async ({ page, browserGuard }) => {
  browserGuard.allow({ text: 'the expected one', because: 'this test logs it' });
  await page.goto('/');
  await page.evaluate(() => {
    console.error('the expected one');
    console.error('a different one');
  });
  await expect.poll(() => browserGuard.problems.length).toBe(2);
  expect(unexpectedTexts(browserGuard, 'console.error')).toEqual(['a different one']);
  browserGuard.allow({ text: 'a different one', because: 'this test logs it too' });
});
