// Browser tests of the page's texts: they are fetched from the page's own folder before the app
// mounts (the page's wasm does not carry them), both languages, and a page whose texts cannot be
// read says so in both languages instead of showing bare keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BASE_PATH, SHOTS, open, origin } from './helpers.mjs';

const FILES = ['zh-CN.json', 'data.zh-CN.json', 'learn.zh-CN.json', 'en.json', 'data.en.json', 'learn.en.json'];

test('texts: the page fetches its six translation files from its own folder and speaks both languages', async () => {
  const { context, page, errors, foreign } = await open('zh-CN', { wait: false });
  const fetched = new Set();
  page.on('requestfinished', (r) => {
    const u = r.url();
    if (u.includes('/i18n/')) fetched.add(u.slice(u.lastIndexOf('/') + 1));
  });
  await page.reload();
  await page.waitForSelector('#workload-summary:not(:empty)', { timeout: 30000 });
  assert.deepEqual([...fetched].sort(), [...FILES].sort());
  assert.equal(await page.isHidden('#texts-failed'), true);
  // Chinese first, and the other language without a new fetch: the switch is immediate.
  assert.equal(await page.title(), '客户经理配置与拜访沙盘');
  const before = fetched.size;
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.title === 'Customer-Manager Staffing & Visit Sandbox');
  assert.equal(fetched.size, before);
  assert.deepEqual(foreign, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('texts: a page whose texts cannot be read says so instead of showing keys', async () => {
  const { context, page } = await open('en', { wait: false });
  await context.route(`${origin}${BASE_PATH}i18n/**`, (r) => r.abort());
  await page.reload();
  await page.waitForSelector('#texts-failed', { state: 'visible', timeout: 30000 });
  assert.match(await page.textContent('#texts-failed'), /页面文字未能载入.*texts could not be loaded/s);
  // No app of bare keys: nothing was mounted.
  assert.equal((await page.textContent('#app')).trim(), '');
  await page.screenshot({ path: join(SHOTS, 'texts-failed.png') });
  await context.close();
});
