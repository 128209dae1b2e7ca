// Shared by the browser tests: the release build (dist/) served on loopback under a sub-path,
// headless Chromium through playwright-core, and helpers that read the page.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'target', 'screenshots');
export const BASE_PATH = '/sandbox/'; // proves dist/ works under a sub-path
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.png': 'image/png',
};

let server, browser;
export let origin;

before(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(BASE_PATH)) { res.writeHead(404); res.end(); return; }
    let rel = normalize(decodeURIComponent(url.pathname.slice(BASE_PATH.length)) || 'index.html');
    if (rel.startsWith('..')) { res.writeHead(403); res.end(); return; }
    if (rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
    try {
      const body = await readFile(join(DIST, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens the app with the given browser language, recording console errors and foreign requests. */
export async function open(locale = 'zh-CN', { tour = false, path = '', context = null, wait = true } = {}) {
  context ??= await browser.newContext({ locale, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  // The guided tour starts on a first visit; tests other than the tour's skip it.
  if (!tour) await context.addInitScript(() => localStorage.setItem('visit-sandbox.toured', '1'));
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  // Everything the page and its workers say, for `explained` when a wait times out.
  const said = [];
  const say = (from, text) => said.push(`${Math.round(performance.now())} ms ${from}: ${text}`);
  LOGS.set(page, said);
  page.on('console', (m) => {
    say(`console.${m.type()}`, m.text());
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => { say('pageerror', String(e)); errors.push(String(e)); });
  // A worker's console lines already arrive as the page's; only its start and end are added.
  page.on('worker', (w) => {
    say('worker', 'started');
    w.on('close', () => say('worker', 'closed'));
  });
  page.on('crash', () => say('page', 'crashed'));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(`${origin}${BASE_PATH}${path}`);
  if (wait) {
    await page.waitForSelector('#workload-summary:not(:empty)', { timeout: 30000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-chart').length > 0, null, { timeout: 30000 });
  }
  return { context, page, errors, foreign };
}

/** What each page and its workers said (console, errors), by page. */
const LOGS = new WeakMap();

/**
 * Awaits `waiting`; if it fails, the error says what the page showed meanwhile (its run status,
 * its alerts, the last of what it and its workers said) and a screenshot is kept, so that a
 * computation that never ends in CI can be read from the log.
 */
export async function explained(page, waiting, name = 'timeout') {
  try {
    return await waiting;
  } catch (err) {
    let shown = '';
    try {
      shown = await page.evaluate(() => {
        const text = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility()).map((e) => e.textContent.trim()).join(' | ');
        return `status: ${text('#run-status') || '(none)'}; alerts: ${text('[role=alert]') || '(none)'}`;
      });
      await page.screenshot({ path: join(SHOTS, `failed-${name}.png`) });
    } catch (e) { shown = `page unreadable: ${e}`; }
    const said = (LOGS.get(page) ?? []).slice(-30).join('\n  ');
    err.message += `\n${shown}\nthe page and its workers said (last 30):\n  ${said || '(nothing)'}`;
    throw err;
  }
}

/** Share of canvas pixels that are not white, and a hash of the pixels. */
export async function canvasInfo(page, id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0, h = 2166136261;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) ink++;
      h = Math.imul(h ^ (d[i] + 3 * d[i + 1] + 7 * d[i + 2]), 16777619);
    }
    return { ink: ink / (d.length / 4), hash: h >>> 0 };
  }, id);
}

/** Waits until the metric table shows calendar fingerprints (the first calendars are in). */
export async function fingerprinted(page, timeout = 120000) {
  await explained(page, page.waitForSelector('td.fingerprint', { timeout }), 'fingerprints');
}

/** Waits until no computation runs and the metric table is complete. */
export async function settled(page, timeout = 120000) {
  await explained(page, page.waitForFunction(() => document.querySelectorAll('td.fingerprint').length > 0
    && [...document.querySelectorAll('td.fingerprint')].every((td) => td.textContent.length === 16)
    && !document.getElementById('run-status'), null, { timeout }), 'settled');
}

/** Waits until the page has finished a new computation after `change()` (fingerprints differ). */
export async function recompute(page, change, timeout = 120000) {
  const before = await page.$$eval('td.fingerprint', (tds) => tds.map((td) => td.textContent).join());
  await change();
  await explained(page, page.waitForFunction((b) => {
    const tds = [...document.querySelectorAll('td.fingerprint')];
    return tds.length === 5 && tds.map((td) => td.textContent).join() !== b
      && !document.getElementById('run-status');
  }, before, { timeout }), 'recompute');
}

/** The metric table's row as numbers, one per model. */
export async function metricRow(page, name) {
  return page.$$eval(`tr[data-metric="${name}"] td`, (tds) => tds.map((td) => Number(td.dataset.value)));
}
