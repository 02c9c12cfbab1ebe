// The interface's language: chosen by the browser's languages until a person picks one in the
// navigation, which then holds after a reload and on every next page; the server renders in it
// and the browser hydrates in it, without a flash of another language.

import { test, expect, waitForHydration, expectAccessible, PHONE, PASSWORD, unique } from './fixtures';

const HEADINGS = {
  en: 'Your community, live in one place',
  es: 'Tu comunidad, en vivo y en un solo lugar',
  fr: 'Votre communauté, en direct, au même endroit',
  id: 'Komunitas Anda, langsung di satu tempat',
};

test('switching to Spanish from the navigation changes the page in place, and it stays Spanish after a reload and on the next page', async ({
  page,
}) => {
  await page.goto('/');
  await waitForHydration(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.evaluate(() => ((window as unknown as { e2eSameDocument: boolean }).e2eSameDocument = true));

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByText('Language: English').click();
  await expectAccessible(page);
  const kept = page.waitForResponse((response) => response.url().includes('/rpc/choose_locale'));
  await nav.getByRole('link', { name: 'Español' }).click();
  expect((await kept).status()).toBe(200);

  // In place: the same document, now Spanish, and the menu closed again.
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.es);
  await expect(page).toHaveURL('/');
  expect(await page.evaluate(() => (window as unknown as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(true);
  const spanishNav = page.getByRole('navigation', { name: 'Principal' });
  await expect(spanishNav.locator('details.language-menu')).not.toHaveAttribute('open', '');
  await expect(spanishNav.getByText('Idioma: Español')).toBeVisible();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.es);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.es);

  // The next page, loaded whole (not routed in place), is Spanish from the server on.
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(spanishNav.getByRole('link', { name: 'Inicio', exact: true })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Para desarrolladores' })).toBeVisible();
});

// (The weights of several languages are the server tests' to check: Chromium sends its own.)
test("a browser set to Canadian French gets French, from the server on and after hydration", async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, locale: 'fr-CA' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.fr);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.fr);
  await expect(page.getByRole('navigation', { name: 'Principale' }).getByText('Langue : Français')).toBeVisible();
  expect(errors, 'no hydration warning or error').toEqual([]);
  await context.close();
});

test('without JavaScript the language menu is links: Indonesian is chosen and kept', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByText('Language: English').click();
  await nav.getByRole('link', { name: 'Bahasa Indonesia' }).click();
  await expect(page).toHaveURL('/?locale=id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.id);

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.id);
  await context.close();
});

test('on a phone the language menu sits in the navigation menu, and works from the keyboard', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto('/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Menu' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  const summary = nav.getByText('Language: English');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expectAccessible(page, { sizes: [PHONE] });
  for (const language of ['English', 'Bahasa Indonesia', 'Español']) {
    await page.keyboard.press('Tab');
    await expect(nav.getByRole('link', { name: language })).toBeFocused();
  }
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Français' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS.fr);
});

test('registering in French: the live checks, the summary, the taken address and the welcome speak French', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR' });
  const taken = `${unique('prise')}@example.com`;
  await context.request.post('/register', {
    form: { name: 'Prise', email: taken, age: '', password: PASSWORD, password_confirmation: PASSWORD },
    maxRedirects: 0,
  });
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto('/register');
  await waitForHydration(page);
  await expect(page).toHaveTitle('Créez votre compte · Commons');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Créez votre compte');

  const field = (name: string) => page.locator(`#${name}`);
  const error = (name: string) => page.locator(`#${name}-error`);
  await field('age').fill('9');
  await expect(error('age')).toHaveText('Vous devez avoir au moins 13 ans pour vous inscrire.');
  await field('password').fill('court');
  await expect(error('password')).toHaveText('Utilisez au moins 8 caractères.');
  await field('password').fill('Assez-long-mais-sans-chiffre');
  await expect(error('password')).toHaveText('Incluez au moins un chiffre.');
  await field('password_confirmation').fill('autre');
  await expect(error('password_confirmation')).toHaveText('Les mots de passe ne correspondent pas.');
  await field('email').fill(taken);
  await expect(error('email')).toHaveText('Un compte utilise déjà cette adresse e-mail.');

  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'attention' })).toHaveText(
    /^5 champs demandent votre attention\s:\sNom, Adresse e-mail, Âge \(facultatif\), Mot de passe et Confirmez le mot de passe\.$/,
  );
  await expect(field('name')).toBeFocused();
  await expect(error('name')).toHaveText('Saisissez votre nom.');

  await field('name').fill('Ada');
  await field('email').fill(`${unique('ada')}@example.com`);
  await field('age').fill('');
  await field('password').fill(PASSWORD);
  await field('password_confirmation').fill(PASSWORD);
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(page).toHaveURL('/profile');
  await expect(page.locator('.flash')).toHaveText(/^Bienvenue, Ada\s! Votre compte est prêt\.$/);
  await context.close();
});
