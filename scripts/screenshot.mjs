// Takes the README's screenshot (docs/screenshot.png): serves a release build of the page on
// loopback, opens it in headless Chromium through playwright-core, waits until the comparison is
// computed and its charts are drawn, and saves the first screen.
//
// Usage: node scripts/screenshot.mjs [--dist DIR] [--out FILE] [--lang en|zh-CN]
//                                    [--width N] [--height N] [--no-fold]
// (--no-fold keeps the what-if panel open, as the page first shows it).
// Needs the npm packages (`npm ci`: playwright-core), a release build (`trunk build --release`,
// or `scripts/test.sh`, which leaves it in dist/) and Chromium at /usr/bin/chromium (or
// $CHROMIUM). Everything runs locally; the page makes no request to another origin.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = new URL('../', import.meta.url).pathname;
const { values: opt } = parseArgs({
  options: {
    dist: { type: 'string', default: join(ROOT, 'dist') },
    out: { type: 'string', default: join(ROOT, 'docs', 'screenshot.png') },
    lang: { type: 'string', default: 'en' },
    width: { type: 'string', default: '1366' },
    height: { type: 'string', default: '768' },
    fold: { type: 'boolean', default: true },
    'no-fold': { type: 'boolean', default: false },
  },
});
if (opt['no-fold']) opt.fold = false;
const DIST = resolve(opt.dist);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.png': 'image/png',
};

const server = createServer(async (req, res) => {
  let rel = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
  if (rel.startsWith('..')) { res.writeHead(403); res.end(); return; }
  if (rel === '' || rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
  try {
    const body = await readFile(join(DIST, rel));
    res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({
    locale: opt.lang,
    viewport: { width: Number(opt.width), height: Number(opt.height) },
  });
  // The guided tour opens on a first visit and would cover the page.
  await context.addInitScript(() => localStorage.setItem('visit-sandbox.toured', '1'));
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e}`));
  await page.goto(`${origin}/`);
  // The assignment's charts first, then the calendars: the metric table is complete when every
  // model shows its calendar fingerprint and no computation is running.
  await page.waitForFunction(() => performance.getEntriesByName('first-chart').length > 0, null,
    { timeout: 60000 });
  await page.waitForFunction(() => {
    const tds = [...document.querySelectorAll('td.fingerprint')];
    return tds.length > 0 && tds.every((td) => td.textContent.length === 16)
      && !document.getElementById('run-status');
  }, null, { timeout: 180000 });
  // The what-if panel, if it opens unfolded, fills most of the first screen: fold it, as a
  // reader would, so the screen shows the charts.
  if (opt.fold && await page.evaluate(() => document.getElementById('what-if').open)) {
    await page.click('#what-if > summary');
    await page.waitForFunction(() => !document.getElementById('what-if').open);
  }
  // The comparison charts are drawn by an effect after the table renders; give it a moment.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: opt.out });
  console.log(`wrote ${opt.out} (${opt.width}×${opt.height}, ${opt.lang})`);
} finally {
  await browser.close();
  server.close();
}
