import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ locale: 'en', viewport: { width: 1366, height: 900 } });
await ctx.addInitScript(() => {
  localStorage.setItem('visit-sandbox.toured', '1');
  window.__posts = [];
  const orig = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (...a) { window.__posts.push([performance.now(), typeof a[0] === 'string' ? a[0].length : 0]); return orig.apply(this, a); };
  document.addEventListener('change', (e) => { if (e.target.id === 'seed') window.__change = performance.now(); }, true);
});
const page = await ctx.newPage();
await page.goto('http://127.0.0.1:8099/');
await page.waitForSelector('td.fingerprint', { timeout: 60000 });
await page.waitForFunction(() => !document.getElementById('run-status'));
await page.waitForTimeout(1500);
for (const seed of [43, 44, 45, 46, 47]) {
  const before = await page.$$eval('td.fingerprint', (tds) => tds.map((t) => t.textContent).join());
  await page.evaluate(() => { window.__posts = []; });
  await page.fill('#seed', String(seed));
  await page.press('#seed', 'Enter');
  await page.waitForFunction((b) => { const tds = [...document.querySelectorAll('td.fingerprint')]; return tds.length === 5 && tds.map((t) => t.textContent).join() !== b && !document.getElementById('run-status'); }, before, { polling: 5 });
  const r = await page.evaluate(() => { const m = performance.getEntriesByName('calendars-shown').pop(); return { change: window.__change, posts: window.__posts, shown: m && m.startTime }; });
  console.log(seed, 'post +', (r.posts[0][0] - r.change).toFixed(1), 'ms', 'shown +', (r.shown - r.change).toFixed(1), JSON.stringify(r.posts.map(p => [(p[0]-r.change).toFixed(1), p[1]])));
  await page.waitForTimeout(500);
}
await b.close();
