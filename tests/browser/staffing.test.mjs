// Browser test of the staffing view's establishment (定编): the table per department and post of
// the chosen model against the native CLI's, the search's path drawn, and the coverage target
// edited in the view (refused out of range, computed again within it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, fingerprinted, open, canvasInfo, recompute } from './helpers.mjs';

const NATIVE = process.env.VISIT_SANDBOX_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'visit-sandbox');

/** The native establishment of every model on the rural preset at a coverage target (percent). */
function nativeStaffing(targetPct) {
  const out = execFileSync(NATIVE, ['compare', '--preset', 'rural', '--seed', '42', '--json',
    '--set', `coverage_target=${targetPct}`], { maxBuffer: 1 << 26 }).toString();
  return Object.fromEntries(JSON.parse(out).models.map((m) => [m.model, {
    rows: m.staffing.table.map((r) => [r.department, r.post, r.people_needed]),
    headcount: m.metrics.headcount_for_full_coverage ?? null,
  }]));
}

/** The shown establishment: the chosen model, its rows, total and headline. */
async function shown(page) {
  return page.evaluate(() => {
    const select = document.getElementById('establishment-model');
    const model = select.options[select.selectedIndex].textContent;
    const rows = [...document.querySelectorAll('#establishment-table tbody tr')].map((tr) => ({
      department: tr.querySelector('th').textContent,
      post: tr.dataset.post,
      postName: tr.querySelector('td.post').textContent,
      needed: Number(tr.querySelector('td.needed').dataset.needed),
    }));
    const total = Number(document.querySelector('#establishment-table tfoot td.needed').dataset.needed);
    const head = document.getElementById('establishment-headcount');
    return {
      model,
      rows,
      total,
      headcount: head.dataset.headcount === undefined ? null : Number(head.dataset.headcount),
      caption: document.querySelector('#establishment-table caption').textContent,
    };
  });
}

test('staffing: the establishment per department and post, its path, and the coverage target edited in the view', async () => {
  assert.ok(existsSync(NATIVE), `native CLI missing at ${NATIVE}: run cargo test first`);
  const dir = mkdtempSync(join(tmpdir(), 'staffing-'));
  execFileSync(NATIVE, ['generate', '--preset', 'rural', '--seed', '42', '--out', dir], { stdio: 'pipe' });
  const names = Object.fromEntries(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8'))
    .departments.map((d) => [d.id, d.name]));
  const native = nativeStaffing(99.5);

  const { context, page, errors } = await open('zh-CN');
  await fingerprinted(page);
  await recompute(page, () => page.selectOption('#preset', 'rural'));
  await page.click('#tab-staffing');
  // The target is the setting's, in percent, with the assumptions table's range and step.
  assert.equal(await page.inputValue('#staffing-target'), '99.5');
  assert.equal(await page.getAttribute('#staffing-target', 'min'), '1');
  assert.equal(await page.getAttribute('#staffing-target', 'max'), '100');
  assert.equal(await page.getAttribute('#staffing-target', 'step'), '0.5');
  await page.click('#staffing-run');
  await page.waitForSelector('#establishment-table tbody tr', { timeout: 300000 });

  // The default model is the first with an establishment (region), its table the native one:
  // one row per department × post, departments by name, posts translated.
  let est = await shown(page);
  assert.equal(est.model, '按区域');
  assert.deepEqual(est.rows.map((r) => [r.department, r.post, r.needed]),
    native.region.rows.map(([d, p, n]) => [names[d], p, n]));
  assert.ok(est.rows.every((r) => r.postName === '综合岗'), JSON.stringify(est.rows));
  const sum = est.rows.reduce((a, r) => a + r.needed, 0);
  assert.equal(est.total, sum);
  assert.equal(est.headcount, sum, 'people needed sum to the least headcount');
  assert.equal(est.headcount, native.region.headcount);
  const least = await page.$$eval('#staffing-table tbody tr', (trs) => Object.fromEntries(
    trs.map((tr) => [tr.dataset.model, tr.querySelector('td').textContent])));
  assert.equal(least.region, String(sum), 'the models\' table shows the same least headcount');
  assert.match(est.caption, /99\.5%/);

  // Another model: the specialised one's posts.
  await page.selectOption('#establishment-model', { label: '专业化' });
  await page.waitForFunction(() => [...document.querySelectorAll('#establishment-table tbody tr')]
    .some((tr) => tr.dataset.post !== 'generalist'));
  est = await shown(page);
  assert.deepEqual(est.rows.map((r) => [r.department, r.post, r.needed]),
    native.specialised.rows.map(([d, p, n]) => [names[d], p, n]));
  assert.ok(est.rows.some((r) => r.postName === '客户服务岗'), JSON.stringify(est.rows));
  assert.equal(est.headcount, est.rows.reduce((a, r) => a + r.needed, 0));

  // The search's path, the target and the answers are drawn.
  const path = await canvasInfo(page, 'staffing-path');
  assert.ok(path.ink > 0.01, `the path chart is blank (ink ${path.ink})`);
  for (const [w, h] of [[1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, `staffing-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });

  // 0 % is refused with the range; the result stays.
  await page.fill('#staffing-target', '0');
  await page.press('#staffing-target', 'Enter');
  await page.waitForSelector('#staffing-target-error');
  assert.match(await page.textContent('#staffing-target-error'), /1.*100/);
  assert.equal(await page.inputValue('#staffing-target'), '99.5');
  assert.ok(await page.$('#establishment-table'), 'the previous result is kept');
  assert.equal(await page.$('#staffing-status'), null, 'nothing recomputes');

  // 100 %: the scenario and then the establishment are computed again, at the new target.
  await page.fill('#staffing-target', '100');
  await page.press('#staffing-target', 'Enter');
  await page.waitForFunction(() => !document.getElementById('establishment-table'), null, { timeout: 30000 });
  await page.waitForSelector('#establishment-table tbody tr', { timeout: 300000 });
  assert.equal(await page.inputValue('#staffing-target'), '100');
  est = await shown(page);
  assert.match(est.caption, /100%/);
  const native100 = nativeStaffing(100);
  // The chosen model stays chosen across the new result.
  assert.equal(est.model, '专业化');
  assert.deepEqual(est.rows.map((r) => [r.department, r.post, r.needed]),
    native100.specialised.rows.map(([d, p, n]) => [names[d], p, n]));
  assert.equal(est.headcount, native100.specialised.headcount);
  await page.screenshot({ path: join(SHOTS, 'staffing-100.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
