// What the board's browser tests share: posts written through the form.

import type { Page } from '@playwright/test';

import { expect, waitForHydration } from './fixtures';

export interface NewPost {
  title: string;
  body: string;
  tags?: string;
  /** Publish it (the default) or keep it as a draft. */
  publish?: boolean;
}

/** Writes a post through the form at /posts/new and answers its path (`/posts/<id>`). */
export async function writePost(page: Page, post: NewPost): Promise<string> {
  await page.goto('/posts/new');
  await waitForHydration(page);
  await page.getByLabel('Title').fill(post.title);
  await page.getByLabel('Text').fill(post.body);
  await page.getByLabel('Tags').fill(post.tags ?? '');
  const button = post.publish === false ? 'Save as draft' : 'Publish';
  await page.getByRole('button', { name: button }).click();
  await expect(page).toHaveURL(/\/posts\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(post.title);
  return new URL(page.url()).pathname;
}
