// Browser test of the pilot view (试点): the default pilot on the county run in the page, its
// stage timeline against the native CLI's figures, the before/after per person, the map
// coloured by the stage of change, the KPI sheet, the establishment as submitted, a Chinese
// page's export with Chinese headers, and a pilot without departments refused with the core's
// reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { ROOT, SHOTS, open, settled } from './helpers.mjs';

const NATIVE = process.env.VISIT_SANDBOX_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'visit-sandbox');

/** The native pilot: the page's default (D2; service+brand, then every post). */
function nativePilot() {
  const dir = mkdtempSync(join(tmpdir(), 'pilot-'));
  const out = execFileSync(NATIVE, ['pilot', '--preset', 'county', '--seed', '42', '--departments', 'D2',
    '--stages', 'service+brand,service+brand+training+research', '--out', dir, '--json'],
  { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  return { json: JSON.parse(out), dir };
}

/** A share as the page writes it: a percentage with one decimal. */
const pct = (x) => `${(x * 100).toFixed(1)}%`;

/** Clicks `selector` and returns the download's file name and text. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: (await readFile(await d.path())).toString('utf8') };
}

/** Share of the canvas's pixels in a colour (not grey, not white). */
async function colouredShare(page, id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
    }
    return n / (d.length / 4);
  }, id);
}

test('pilot: the default pilot on the county, against the native CLI', async () => {
  assert.ok(existsSync(NATIVE), `native CLI missing at ${NATIVE}: run cargo test first`);
  const native = nativePilot();
  const stages = native.json.stages;
  assert.equal(stages.length, 2);

  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  await page.click('#tab-pilot');
  // The defaults: the second department, the specialised model, two stages with the service
  // post always on.
  assert.equal(await page.isChecked('#pilot-dept-D2'), true);
  assert.equal(await page.isChecked('#pilot-dept-D1'), false);
  assert.equal(await page.inputValue('#pilot-model'), 'specialised');
  assert.equal(await page.$$eval('#pilot-stage-inputs li', (lis) => lis.length), 2);
  assert.equal(await page.isDisabled('#pilot-stage-1-service'), true);
  assert.equal(await page.isChecked('#pilot-stage-1-brand'), true);
  assert.equal(await page.isChecked('#pilot-stage-1-training'), false);
  assert.equal(await page.isChecked('#pilot-stage-2-research'), true);

  // A stage added and removed again leaves the default.
  await page.click('#pilot-add-stage');
  assert.equal(await page.$$eval('#pilot-stage-inputs li', (lis) => lis.length), 3);
  await page.click('#pilot-remove-stage');
  assert.equal(await page.$$eval('#pilot-stage-inputs li', (lis) => lis.length), 2);

  const t0 = Date.now();
  await page.click('#pilot-run');
  await page.waitForSelector('#pilot-timeline li[data-stage="2"]', { timeout: 300000 });
  const ms = Date.now() - t0;
  console.log(`pilot run in the page (county, default pilot): ${ms} ms from click to result`);

  // The timeline: today and two stages, each stage's share of customers changing manager the
  // native one as the page formats it.
  const shown = await page.$$eval('#pilot-timeline li[data-stage]', (lis) => lis.map((li) => ({
    stage: Number(li.dataset.stage),
    share: Number(li.querySelector('dd.changing').dataset.share),
    changing: li.querySelector('dd.changing').textContent,
    coverage: li.querySelector('dd.coverage').textContent,
    cost: li.querySelector('dd.cost').textContent,
    people: li.querySelector('dd.people').textContent,
  })));
  assert.deepEqual(shown.map((s) => s.stage), [0, 1, 2]);
  for (const [i, s] of stages.entries()) {
    const page_ = shown[i + 1];
    assert.ok(page_.changing.startsWith(pct(s.customers_changing_manager_share)),
      `stage ${i + 1}: ${page_.changing} vs ${pct(s.customers_changing_manager_share)}`);
    assert.equal(page_.share, s.customers_changing_manager_share);
    assert.ok(page_.changing.includes(String(s.pilot.customers_changing_manager)), page_.changing);
    assert.equal(page_.coverage, pct(s.pilot.coverage_rate));
    assert.match(page_.cost, /^[\d,]+ 元\/月$/);
    assert.equal(page_.cost.split(' ')[0], Math.round(s.pilot.monthly_cost).toLocaleString('en-US'));
    assert.ok(page_.people.length > 0);
  }
  assert.ok(shown[0].changing.startsWith('0.0%'), shown[0].changing);

  // Before/after: the pilot department's people, today → stage 1 (shown first).
  const managers = await page.$$eval('#pilot-managers tbody tr', (trs) => trs.map((tr) => tr.dataset.staff));
  assert.deepEqual(managers, stages[0].managers.map((m) => m.staff));
  assert.ok(managers.length > 0);
  const post = await page.$$eval('#pilot-managers tbody tr td.post', (tds) => tds.map((td) => td.textContent));
  assert.ok(post.some((p) => p.includes('→')), JSON.stringify(post));

  // The map: coloured customers (their manager changes), not only grey ones.
  await page.waitForTimeout(300);
  const coloured = await colouredShare(page, 'pilot-map');
  assert.ok(coloured > 0.002, `the map has no coloured customers (${coloured})`);

  // The KPI sheet and the establishment as submitted.
  const kpi = await page.$$eval('#pilot-kpi-people tbody tr', (trs) => trs.length);
  assert.equal(kpi, stages[0].kpi.people.length);
  assert.ok(kpi > 0);
  assert.equal(await page.$$eval('#pilot-kpi-teams tbody tr', (trs) => trs.length), stages[0].kpi.teams.length);
  const needed = await page.$$eval('#pilot-table tbody tr td.needed', (tds) => tds.map((td) => Number(td.textContent)));
  assert.deepEqual(needed, stages[0].table.map((r) => r.people_needed));

  // Stage 2 chosen: its people and its table.
  await page.selectOption('#pilot-stage', '2');
  await page.waitForFunction(() => document.querySelector('#pilot-timeline li.selected')?.dataset.stage === '2');
  const needed2 = await page.$$eval('#pilot-table tbody tr td.needed', (tds) => tds.map((td) => Number(td.textContent)));
  assert.deepEqual(needed2, stages[1].table.map((r) => r.people_needed));

  // A Chinese page's export: Chinese headers, the native file's rows.
  const kpiFile = await download(page, '#pilot-export-kpi');
  assert.equal(kpiFile.name, 'pilot-stage-2-kpi.csv');
  const lines = kpiFile.text.replace(/^\uFEFF/, '').split(/\r?\n/);
  assert.match(lines[0], /^人员,姓名,部门,岗位,/);
  assert.ok(!/[a-z]/.test(lines[0]), lines[0]);
  const nativeKpi = readFileSync(join(native.dir, 'stage-2', 'kpi.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  assert.deepEqual(lines.slice(1), nativeKpi.slice(1));
  const assign = await download(page, '#pilot-export-assignments');
  assert.match(assign.text, /^\uFEFF客户编码,客户名称,/);

  for (const [w, h] of [[1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SHOTS, `pilot-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });

  // No department: refused with the core's reason; the result shown stays.
  await page.uncheck('#pilot-dept-D2');
  await page.click('#pilot-run');
  await page.waitForSelector('#pilot-error');
  assert.match(await page.textContent('#pilot-error'), /试点部门/);
  assert.equal(await page.$('#pilot-status'), null, 'nothing runs');
  assert.equal(await page.$$eval('#pilot-timeline li[data-stage]', (lis) => lis.length), 3);
  assert.deepEqual(errors, []);
  await context.close();
});
