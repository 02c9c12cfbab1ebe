// The board in a browser: a post written in Markdown shows rendered (and its HTML harmless), the
// form checks as one types, the feed's filters and pages, comments and likes, drafts.

import { expect, expectAccessible, test, waitForHydration, unique } from './fixtures';
import { person } from './chat-room';
import { writePost } from './board';

test('a post written in Markdown is shown rendered, its raw HTML as text', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const title = unique('Markdown');
  const path = await writePost(ada.page, {
    title,
    body: '# Notes\n\nSome **bold** and a [link](https://example.com).\n\n<img src=x onerror=alert(1)>',
    tags: 'Rust, Web Dev',
  });
  const body = ada.page.locator('.post-body');
  await expect(body.locator('strong')).toHaveText('bold');
  await expect(body.getByRole('link', { name: 'link' })).toHaveAttribute('rel', 'nofollow ugc noopener');
  await expect(body.locator('img')).toHaveCount(0);
  await expect(body).toContainText('<img src=x onerror=alert(1)>');
  await expect(ada.page.getByRole('list', { name: 'Tags' }).getByRole('link')).toHaveText(['#rust', '#web-dev']);
  await expect(ada.page.locator('.flash')).toHaveText('Your post is published.');

  // Anyone may read it, signed in or not.
  const visitor = await browser.newContext({ baseURL });
  const page = await visitor.newPage();
  await page.goto(path);
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('link', { name: 'Sign in to comment' })).toBeVisible();
  await visitor.close();
  await ada.context.close();
});

test('the form says what is wrong while typing, in the rules the server uses', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  await ada.page.goto('/posts/new');
  await waitForHydration(ada.page);
  const tags = ada.page.getByLabel('Tags');
  await tags.fill('one, two, three, four, five, six');
  await expect(ada.page.locator('#tags-error')).toHaveText('At most 5 tags.');
  await tags.fill('one, <b>');
  await expect(ada.page.locator('#tags-error')).toContainText('is not a tag');
  await tags.fill('one, Two');
  await expect(ada.page.locator('#tags-error')).toBeEmpty();
  await ada.page.getByLabel('Title').fill('   ');
  await expect(ada.page.locator('#title-error')).toHaveText('Give the post a title.');
  await ada.context.close();
});

test('the feed filters by tag and author, sorts by likes, and pages', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bob = await person(browser, 'Bob', baseURL!);
  const tag = unique('t').replace(/[^a-z0-9-]/g, '').slice(0, 28);
  const first = await writePost(ada.page, { title: unique('Ada first'), body: 'one', tags: tag });
  await writePost(ada.page, { title: unique('Ada second'), body: 'two', tags: tag });
  const bobs = await writePost(bob.page, { title: unique('Bob post'), body: 'three', tags: tag });

  // Bob likes Ada's first post: sorted by likes, it leads.
  await bob.page.goto(first);
  await waitForHydration(bob.page);
  await bob.page.getByRole('button', { name: 'Like (0)' }).click();
  await expect(bob.page.getByRole('button', { name: 'Like (1)' })).toHaveAttribute('aria-pressed', 'true');

  const page = ada.page;
  await page.goto('/posts');
  await waitForHydration(page);
  await page.getByLabel('Tag', { exact: true }).fill(tag);
  await page.getByLabel('Order').selectOption('most_liked');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`tag=${tag}`));
  const titles = page.locator('.post-card h2');
  await expect(titles).toHaveCount(3);
  await expect(titles.first()).toHaveText(/Ada first/);
  await expect(page.locator('.post-card').first()).toContainText('1 like');

  // An author's name lists their posts only.
  await page.locator('.post-card').filter({ hasText: 'Bob post' }).getByRole('link', { name: 'Bob', exact: true }).click();
  await expect(page).toHaveURL(/author=\d+/);
  await expect(titles).toHaveCount(1);
  await expect(titles.first()).toHaveText(/Bob post/);
  // Taking the author off lists everyone's again (the author's link kept no tag).
  await page.getByRole('link', { name: 'All authors' }).click();
  await expect(page).toHaveURL(/\/posts$/);
  await expect(titles.filter({ hasText: 'Ada first' })).toHaveCount(1);

  // A tag's link lists that tag's posts.
  await page.goto(bobs);
  await waitForHydration(page);
  await page.getByRole('list', { name: 'Tags' }).getByRole('link', { name: `#${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`/posts\\?tag=${tag}$`));
  await expect(titles).toHaveCount(3);
  await ada.context.close();
  await bob.context.close();
});

test('comments and drafts', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bob = await person(browser, 'Bob', baseURL!);
  const draftTitle = unique('Draft');
  const draft = await writePost(ada.page, { title: draftTitle, body: 'not yet', publish: false });
  await expect(ada.page.locator('.post-meta .badge')).toHaveText('Draft');

  // Bob cannot open it; Ada finds it among her drafts.
  const response = await bob.page.goto(draft);
  expect(response?.status()).toBe(404);
  await ada.page.goto('/posts');
  await waitForHydration(ada.page);
  await expect(ada.page.getByRole('region', { name: 'Your drafts' }).getByRole('link', { name: draftTitle })).toBeVisible();

  // Ada publishes it from the edit form.
  await ada.page.goto(`${draft}/edit`);
  await waitForHydration(ada.page);
  await expect(ada.page.getByLabel('Text')).toHaveValue('not yet');
  await ada.page.getByRole('button', { name: 'Publish' }).click();
  await expect(ada.page).toHaveURL(draft);

  // Bob comments in Markdown; Ada sees it and may not delete it, Bob may.
  await bob.page.goto(draft);
  await waitForHydration(bob.page);
  await bob.page.getByLabel('Your comment').fill('Looks *good*');
  await bob.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(bob.page.locator('.comment-body em')).toHaveText('good');
  await expect(bob.page.getByRole('heading', { name: '1 comment' })).toBeVisible();
  await ada.page.goto(draft);
  await waitForHydration(ada.page);
  const comment = ada.page.locator('.comment');
  await expect(comment).toContainText('Bob');
  await expect(comment.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await bob.page.locator('.comment').getByRole('button', { name: 'Delete' }).click();
  await expect(bob.page.locator('.comment')).toHaveCount(0);
  await ada.context.close();
  await bob.context.close();
});

test('search finds as one types, asking once per pause, and marks the words', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const word = unique('zebra').replace(/[^a-z0-9]/g, '');
  const path = await writePost(ada.page, { title: `About ${word}`, body: `The ${word} <b>stripes</b> story.` });
  await ada.page.getByLabel('Your comment').fill(`Another ${word} here`);
  await ada.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(ada.page.locator('.comment')).toHaveCount(1);

  const page = ada.page;
  await page.goto('/posts');
  await waitForHydration(page);
  await page.getByRole('link', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL('/search');
  await waitForHydration(page);
  const asked: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/rpc/board/search')) asked.push(request.postData() ?? '');
  });
  await page.getByLabel('Search posts and comments').pressSequentially(word.slice(0, 12), { delay: 30 });
  const hits = page.locator('.search-hit');
  await expect(hits).toHaveCount(2);
  expect(asked.length, `asked ${asked.length} times for ${word.length} keys`).toBeLessThanOrEqual(2);
  await expect(hits.first().locator('mark')).toHaveText(word);
  await expect(hits.first()).toContainText('<b>stripes</b>');
  await expect(hits.nth(1).getByRole('link')).toHaveText(`On “About ${word}”`);
  await hits.first().getByRole('link').click();
  await expect(page).toHaveURL(path);
  await ada.context.close();
});

test('a post open in one browser shows the comments and likes others make as they happen', async ({ browser, baseURL }) => {
  const ada = await person(browser, 'Ada', baseURL!);
  const bob = await person(browser, 'Bob', baseURL!);
  const path = await writePost(ada.page, { title: unique('Live'), body: 'Talk to me.' });
  await waitForHydration(ada.page);
  await expect(ada.page.locator('.comments .connection')).toHaveText('Connected');

  await bob.page.goto(path);
  await waitForHydration(bob.page);
  await bob.page.getByLabel('Your comment').fill('Hello **Ada**');
  await bob.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(bob.page.locator('.comment')).toHaveCount(1);

  // Ada's page never reloaded: the comment and the counts came over the socket.
  await expect(ada.page.locator('.comment-body strong')).toHaveText('Ada');
  await expect(ada.page.getByRole('heading', { name: '1 comment' })).toBeVisible();
  await expect(ada.page.getByText('New comment from Bob')).toBeAttached();
  await bob.page.getByRole('button', { name: 'Like (0)' }).first().click();
  await expect(ada.page.locator('.post-actions').getByRole('button', { name: 'Like (1)' })).toBeVisible();
  await bob.page.locator('.comment').getByRole('button', { name: 'Delete' }).click();
  await expect(ada.page.locator('.comment')).toHaveCount(0);
  await expect(ada.page.getByRole('heading', { name: '0 comments' })).toBeVisible();
  await ada.context.close();
  await bob.context.close();
});

test('the person a post mentions sees the badge, and the comments on it arrive live', async ({ browser, baseURL }) => {
  const tag = Math.random().toString(36).slice(2, 8);
  const bob = await person(browser, `Bob${tag}`, baseURL!);
  const ada = await person(browser, 'Ada', baseURL!);
  await bob.page.goto('/posts');
  await waitForHydration(bob.page);
  const mentions = bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Mentions/ });
  await expect(mentions).toHaveText('Mentions');

  // Ada writes a post in Markdown that names Bob: his badge counts it, without a reload.
  const word = `quokka${tag}`;
  const title = `Hello ${word}`;
  const path = await writePost(ada.page, { title, body: `Welcome **@bob${tag}**, meet the ${word} board.` });
  await expect(ada.page.locator('.post-body strong')).toHaveText(`@bob${tag}`);
  await expect(mentions.locator('.unread')).toHaveText('1');
  await expect(mentions).toHaveAccessibleName('Mentions 1 new mention');

  // His mentions page says who and where, and opening it clears the badge.
  await mentions.click();
  await expect(bob.page).toHaveURL('/mentions');
  const mention = bob.page.locator('.mention');
  await expect(mention).toHaveCount(1);
  await expect(mention.getByRole('link')).toHaveText(`Ada mentioned you in the post “${title}”`);
  await expect(mention.locator('.badge')).toHaveText('New');
  await expect(mentions.locator('.unread')).toHaveCount(0);
  await expectAccessible(bob.page);

  // On the post, Ada's comment naming him arrives live, and the badge counts it.
  await mention.getByRole('link').click();
  await expect(bob.page).toHaveURL(path);
  await waitForHydration(bob.page);
  await expect(bob.page.locator('.comments .connection')).toHaveText('Connected');
  await ada.page.getByLabel('Your comment').fill(`@bob${tag} what do you *think*?`);
  await ada.page.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(bob.page.locator('.comment-body em')).toHaveText('think');
  await expect(bob.page.getByRole('heading', { name: '1 comment' })).toBeVisible();
  await expect(mentions.locator('.unread')).toHaveText('1');

  // Search as one types finds the post.
  await bob.page.goto('/search');
  await waitForHydration(bob.page);
  await bob.page.getByLabel('Search posts and comments').pressSequentially(word, { delay: 20 });
  await expect(bob.page.locator('.search-hit').first().getByRole('link')).toHaveText(title);
  await ada.context.close();
  await bob.context.close();
});
