// Browser tests of the workshop and decision kit: autosave and reload, shared links, imports,
// exports, the Learn view, exercises, the tour, presentation mode and the print stylesheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { ROOT, SHOTS, open, canvasInfo, recompute, metricRow, settled } from './helpers.mjs';

const METRICS = ['coverage_rate', 'travel_km_per_visit', 'workload_cv', 'skill_inversion_rate'];

async function figures(page) {
  const out = {};
  out.fingerprints = await page.$$eval('td.fingerprint', (tds) => tds.map((td) => td.textContent));
  for (const m of METRICS) out[m] = await metricRow(page, m);
  return out;
}

/** Clicks `selector` and returns the download's file name and bytes. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: await readFile(path) };
}

/** A customer list in the documented columns: `n` shops around a town, one with a name a
 * spreadsheet would run as a formula. */
function customerCsv(n, { badRow = 0 } = {}) {
  const formats = ['食杂店', '便利店', '超市', '烟酒商店', '娱乐服务类'];
  const rows = ['客户编码,客户名称,经度,纬度,业态,月销量,档位'];
  for (let i = 1; i <= n; i++) {
    const lon = (117 + ((i * 37) % 101) / 1000).toFixed(4);
    const lat = (36.6 + ((i * 53) % 97) / 1000).toFixed(4);
    const name = i === 1 ? '=HYPERLINK("http://x")' : `店${i}`;
    const shownLon = i === badRow ? 'abc' : lon;
    rows.push(`C${String(i).padStart(4, '0')},"${name.replaceAll('"', '""')}",${shownLon},${lat},${formats[i % 5]},${(5 + (i % 40)).toFixed(1)},${1 + (i % 30)}`);
  }
  return Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
}

test('reload restores the scenario exactly; a corrupt stored state is reported and set aside', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  await recompute(page, async () => {
    await page.fill('#seed', '7');
    await page.press('#seed', 'Enter');
  });
  // The what-if panel starts folded (the first screen is the answer's).
  await page.click('#what-if > summary');
  await recompute(page, () => page.click('#mode-team'));
  await page.uncheck('#show-format');
  const before = await figures(page);
  await page.reload();
  await settled(page);
  assert.equal(await page.inputValue('#seed'), '7');
  assert.equal(await page.isChecked('#mode-team'), false);
  assert.equal(await page.isChecked('#show-format'), false);
  assert.deepEqual(await figures(page), before, 'figures after reload');
  // A stored state that cannot be read is reported, kept aside, and the page starts afresh.
  await page.evaluate(() => localStorage.setItem('visit-sandbox.state', '{"version": 1, "preset": "nowhere"'));
  await page.reload();
  await page.waitForSelector('#kit-notice[data-key="storage.corrupt"]');
  await settled(page);
  assert.equal(await page.inputValue('#seed'), '42');
  assert.equal(await page.evaluate(() => localStorage.getItem('visit-sandbox.state.corrupt')),
    '{"version": 1, "preset": "nowhere"');
  // "Clear stored data" (a shared workshop laptop): every key of the app goes, the page is
  // back at the defaults and a reload restores nothing.
  await recompute(page, async () => {
    await page.fill('#seed', '11');
    await page.press('#seed', 'Enter');
  });
  assert.ok(await page.evaluate(() => localStorage.getItem('visit-sandbox.state')), 'autosaved');
  await page.click('#data-panel summary');
  await page.click('#clear-stored');
  await page.click('#clear-yes');
  await page.waitForSelector('#kit-notice[data-key="storage.cleared"]');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('visit-sandbox.'))), []);
  await settled(page);
  assert.equal(await page.inputValue('#seed'), '42');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('visit-sandbox.'))), [],
    'nothing stored again before the user changes something');
  await page.reload();
  await settled(page);
  assert.equal(await page.inputValue('#seed'), '42');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a shared link reproduces the figures; an imported list cannot travel in one', async () => {
  const { context, page, errors } = await open('en');
  await settled(page);
  await recompute(page, async () => {
    await page.fill('#seed', '9');
    await page.press('#seed', 'Enter');
  });
  await recompute(page, async () => {
    // The what-if panel starts folded (the first screen is the answer's).
    await page.click('#what-if > summary');
    await page.fill('#service-min-0', '30');
    await page.press('#service-min-0', 'Enter');
  });
  const want = await figures(page);
  await page.click('#data-panel summary');
  await page.click('#share-button');
  const link = await page.inputValue('#share-link');
  assert.match(link, /#.*p=county/);
  assert.match(link, /s=9/);
  assert.ok(link.length < 400, `link is ${link.length} characters`);
  // Opened elsewhere (a fresh browser profile), the link gives the same figures.
  const other = await open('zh-CN', { path: link.slice(link.indexOf('#')) });
  await settled(other.page);
  assert.deepEqual(await figures(other.page), want, 'figures from the link');
  await other.page.waitForSelector('#kit-notice[data-key="link.opened"]');
  assert.equal(await other.page.inputValue('#service-min-0'), '30');
  assert.deepEqual(other.errors, []);
  await other.context.close();
  // With an imported list the page says why there is no link and offers the file.
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: customerCsv(120) });
  await page.click('#import-button');
  await page.waitForSelector('#imported-note');
  await settled(page);
  await page.click('#share-button');
  await page.waitForSelector('#kit-notice[data-key="link.imported"]');
  assert.equal(await page.$('#share-link'), null);
  // The list names no managers, so the managers are made up: the claims that rest on their
  // skills are not measured (未测得, with the data that would measure them), the rest judged.
  await page.click('#tab-learn');
  await page.waitForSelector('#claims-table');
  const rows = await page.$$eval('#claims-table tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.claim, cls: tr.className, missing: !!tr.querySelector('.claim-missing'),
    verdict: tr.lastElementChild.textContent,
  })));
  const skill = ['region_more_inversions', 'format_fewer_inversions', 'value_top_staff_on_top_customers', 'specialised_deeper_service_skilled'];
  for (const r of rows) {
    if (skill.includes(r.id)) {
      assert.ok(r.cls.includes('unknown') && r.missing, `${r.id} not measured`);
      assert.match(r.verdict, /未测得|not measured/);
    } else {
      assert.ok(!r.cls.includes('unknown') && !r.missing, `${r.id} judged`);
    }
  }
  assert.equal(rows.filter((r) => skill.includes(r.id)).length, skill.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test('import: a bad list lists its errors and keeps the scenario; good CSV, GBK and XLSX lists load; the stored import survives a reload and an older schema migrates', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  const before = await figures(page);
  const summary = await page.textContent('#scenario-summary');
  await page.click('#data-panel summary');
  // Bad: row 6 (the 5th shop) has a longitude that is not a number.
  await page.setInputFiles('#import-customers', { name: 'bad.csv', mimeType: 'text/csv', buffer: customerCsv(80, { badRow: 5 }) });
  await page.click('#import-button');
  await page.waitForSelector('#import-errors li');
  const items = await page.$$eval('#import-errors li', (lis) => lis.map((li) => ({ row: li.dataset.row, column: li.dataset.column, text: li.textContent })));
  assert.ok(items.some((e) => e.row === '6' && e.column === '经度' && /abc/.test(e.text)), JSON.stringify(items));
  await page.screenshot({ path: join(SHOTS, 'kit-import-errors.png'), fullPage: true });
  assert.equal(await page.textContent('#scenario-summary'), summary, 'scenario kept');
  assert.deepEqual(await figures(page), before, 'figures kept');
  // The templates ship with the page (offline) and import as they are.
  const template = await download(page, '#template-customers');
  assert.match(template.bytes.toString('utf8'), /客户编码/);
  await page.setInputFiles('#import-customers', { name: 'customers-template.csv', mimeType: 'text/csv', buffer: template.bytes });
  await page.setInputFiles('#import-managers', { name: 'managers-template.csv', mimeType: 'text/csv', buffer: (await download(page, '#template-managers')).bytes });
  await page.click('#import-button');
  await page.waitForFunction(() => document.getElementById('imported-note')?.textContent.includes('customers-template.csv'));
  assert.equal(await page.$('#import-errors'), null);
  await settled(page);
  await page.setInputFiles('#import-managers', []);
  // Good: GBK as Chinese Excel saves it, and XLSX.
  for (const [file, type] of [['customers-gbk.csv', 'text/csv'], ['customers.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']]) {
    await page.setInputFiles('#import-customers', { name: file, mimeType: type, buffer: await readFile(join(ROOT, 'tests', 'data', file)) });
    await page.click('#import-button');
    await page.waitForFunction((f) => document.getElementById('imported-note')?.textContent.includes(f), file);
    assert.equal(await page.$('#import-errors'), null);
    await settled(page);
  }
  // A good UTF-8 list of 150 shops, without managers: staffed by the workload method.
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: customerCsv(150) });
  await page.click('#import-button');
  await page.waitForFunction(() => document.getElementById('imported-note')?.textContent.includes('shops.csv'));
  await settled(page);
  assert.match(await page.textContent('#scenario-summary'), /150/);
  const imported = await figures(page);
  // The import is kept in this browser and comes back on reload.
  await page.reload();
  await settled(page);
  assert.match(await page.textContent('#scenario-summary'), /150/);
  assert.deepEqual(await figures(page), imported, 'imported figures after reload');
  // A stored scenario in an older schema (version 1: no derived-field markers, no origin)
  // still loads.
  await page.evaluate(() => {
    const env = JSON.parse(localStorage.getItem('visit-sandbox.state'));
    const sc = JSON.parse(env.scenario);
    sc.version = 1;
    delete sc.origin;
    for (const c of sc.customers) for (const k of Object.keys(c)) if (k.endsWith('_derived') || k === 'derived') delete c[k];
    env.scenario = JSON.stringify(sc);
    localStorage.setItem('visit-sandbox.state', JSON.stringify(env));
  });
  await page.reload();
  await settled(page);
  assert.match(await page.textContent('#scenario-summary'), /150/);
  assert.equal(await page.$('#kit-notice[data-key="storage.corrupt"]'), null);
  // Back to the presets.
  await page.click('#data-panel summary');
  await page.click('#back-to-preset');
  await page.waitForFunction((s) => document.getElementById('scenario-summary').textContent === s, summary, { timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('exports: metric table, assignments and calendar as CSV (formulas neutralised), charts as PNG, the scenario file round trip', async () => {
  const { context, page, errors } = await open('en');
  await page.click('#data-panel summary');
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: customerCsv(100) });
  await page.click('#import-button');
  await page.waitForSelector('#imported-note');
  await settled(page);
  const want = await figures(page);

  // The metric table as the page shows it, for people: a row per metric, its unit, a column
  // per model, shares in percent.
  const table = await download(page, '#export-metrics');
  assert.match(table.name, /\.csv$/);
  const lines = table.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.deepEqual(lines[0].split(',').slice(0, 3), ['Metric', 'Unit', 'By region']);
  assert.equal(lines[0].split(',').length, 7, 'metric, unit and five models');
  const cov = lines.find((l) => l.startsWith('Coverage,')).split(',');
  assert.deepEqual(cov.slice(2), want.coverage_rate.map((x) => `${(100 * x).toFixed(1)}%`));

  const assign = await download(page, '#export-assignments');
  const text = assign.bytes.toString('utf8');
  assert.equal(text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).length, 101, 'a row per customer');
  assert.ok(text.includes(`"'=HYPERLINK(""http://x"")"`), 'formula neutralised');
  assert.ok(!/(^|,)=HYPERLINK/m.test(text), 'no live formula');

  const sched = await download(page, '#export-schedule');
  const sl = sched.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.match(sl[0], /^Working day,Date,Visited by,Customer ID,Functions,Start,End,Team visit no\./);
  assert.match(sl[1], /^1,\d{4}-\d{2}-\d{2},/, 'days from 1, dated from the coming Monday');
  assert.ok(sl.length > 20, `${sl.length} schedule lines`);

  const png = await download(page, 'button.png[data-chart="hours-chart"]');
  assert.equal(png.name, 'hours-chart.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.bytes.length > 5000, `${png.bytes.length} bytes`);

  // The scenario file: saved, then opened in a fresh browser profile, gives the same figures.
  const saved = await download(page, '#save-scenario');
  const json = JSON.parse(saved.bytes.toString('utf8'));
  assert.equal(json.customers.length, 100);
  const other = await open('en');
  await other.page.click('#data-panel summary');
  await other.page.setInputFiles('#open-scenario', { name: saved.name, mimeType: 'application/json', buffer: saved.bytes });
  await other.page.waitForSelector('#imported-note');
  await settled(other.page);
  assert.deepEqual(await figures(other.page), want, 'figures from the scenario file');
  // A broken scenario file is refused with its reason; the scenario stays.
  await other.page.setInputFiles('#open-scenario', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 2, "customers": [') });
  await other.page.waitForSelector('#import-errors li');
  assert.deepEqual(await figures(other.page), want);
  assert.deepEqual(other.errors, []);
  await other.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test('Learn view: the claims measured on the scenario, a failing claim shown failing, in both languages', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  await page.click('#tab-learn');
  await page.waitForSelector('#claims-table tbody tr');
  const rows = await page.$$eval('#claims-table tbody tr', (trs) => trs.map((tr) => ({ id: tr.dataset.claim, cls: tr.className, text: tr.textContent })));
  assert.ok(rows.length >= 14, `${rows.length} claims`);
  // On the county at seed 42 the specialists give each customer no more service minutes than
  // region managers (the same work in every model, and no deep visits by default): the claim is
  // shown failing, with its figures and why it can fail.
  const fail = rows.find((r) => r.id === 'specialised_deeper_service');
  assert.ok(fail && /fails/.test(fail.cls), JSON.stringify(fail));
  assert.match(fail.text, /不成立/);
  assert.match(fail.text, /\d+\.\d+/);
  assert.match(fail.text, /为什么可能不成立/);
  // Travel is measured as time per customer: region's is the least there.
  const travel = rows.find((r) => r.id === 'region_least_travel');
  assert.ok(travel && /holds/.test(travel.cls), JSON.stringify(travel));
  assert.ok(rows.some((r) => /holds/.test(r.cls)), 'some claims hold');
  const zh = await page.textContent('#learn');
  assert.match(zh, /专业化/);
  for (const id of ['learn-steps', 'learn-models', 'learn-modes']) assert.ok(await page.$(`#${id}`), id);
  await page.screenshot({ path: join(SHOTS, 'kit-learn-zh.png'), fullPage: true });
  await page.click('#lang-switch');
  await page.waitForFunction((t) => document.getElementById('learn').textContent !== t, zh);
  const en = await page.textContent('#learn');
  assert.match(en, /specialis/i);
  assert.match(await page.textContent('tr[data-claim="specialised_deeper_service"]'), /fails/i);
  // Every text is translated: no raw keys, no Chinese left in the English view's prose.
  assert.ok(!/\b(learn|claim|assume|basis)\.[a-z_.]+/.test(en), 'raw translation key on the page');
  const han = (en.match(/[\u4e00-\u9fff]/g) ?? []).length;
  assert.ok(han < en.length * 0.02, `${han} Chinese characters in the English Learn view`);
  await page.screenshot({ path: join(SHOTS, 'kit-learn-en.png'), fullPage: true });
  // The assumptions panel edits in place: a changed minute recomputes, a bad one is refused.
  const cell = 'tr[data-claim="specialised_deeper_service"] td[data-model="region"]';
  const before = await page.getAttribute(cell, 'data-value');
  await page.fill('#assume-minutes-service-0', '40');
  await page.press('#assume-minutes-service-0', 'Enter');
  await page.waitForFunction(([c, b]) => {
    const td = document.querySelector(c);
    return td && td.dataset.value !== b && !document.getElementById('run-status');
  }, [cell, before], { timeout: 120000 });
  assert.ok(Number(await page.getAttribute(cell, 'data-value')) > Number(before), 'longer 甲 visits, more service minutes');
  assert.equal(await page.inputValue('#service-min-0'), '40', 'the what-if panel shows the same setting');
  const now = await page.getAttribute(cell, 'data-value');
  await page.fill('#assume-day_minutes', '-5');
  await page.press('#assume-day_minutes', 'Enter');
  await page.waitForSelector('#assumption-error');
  assert.match(await page.textContent('#assumption-error'), /\d/);
  assert.equal(await page.getAttribute(cell, 'data-value'), now, 'a refused value changes nothing');
  assert.deepEqual(errors, []);
  await context.close();
});

test('exercise: the answer comes from the two live results', async () => {
  const { context, page, errors } = await open('en');
  await settled(page);
  await page.click('#tab-exercises');
  await page.click('#exercise-urban_format .exercise-start');
  await page.waitForSelector('#exercise-apply', { timeout: 120000 });
  await page.click('#exercise-apply');
  await page.waitForSelector('#exercise-reveal', { timeout: 120000 });
  await page.click('#exercise-reveal');
  await page.waitForSelector('#exercise-answer tbody tr');
  const lines = await page.$$eval('#exercise-answer tbody tr', (trs) => trs.map((tr) => ({
    model: tr.dataset.model, metric: tr.dataset.metric, before: Number(tr.dataset.before), after: Number(tr.dataset.after),
  })));
  assert.equal(lines.length, 3);
  assert.ok(lines.every((l) => l.model === 'hybrid'));
  assert.ok(lines.some((l) => l.before !== l.after), 'the change moved something');
  await page.screenshot({ path: join(SHOTS, 'kit-exercise.png'), fullPage: true });
  // The "after" figures are the live table's: the hybrid's column of the metric table.
  await page.click('#tab-compare');
  await settled(page);
  const col = await page.$$eval('#metrics-table thead th[data-model]', (ths) => ths.map((th) => th.dataset.model));
  const h = col.indexOf('hybrid');
  for (const l of lines) assert.equal((await metricRow(page, l.metric))[h], l.after, l.metric);
  assert.deepEqual(errors, []);
  await context.close();
});

test('first visit: the guided tour points at the controls, and is not shown again', async () => {
  const { context, page, errors } = await open('zh-CN', { tour: true });
  await page.waitForSelector('#tour');
  assert.ok(await page.$('#preset.tour-target'), 'the first step marks the preset');
  await page.click('#tour-next');
  await page.waitForSelector('#what-if.tour-target');
  await page.screenshot({ path: join(SHOTS, 'kit-tour.png') });
  await page.click('#tour-skip');
  await page.waitForSelector('#tour', { state: 'detached' });
  assert.equal(await page.$('.tour-target'), null);
  await page.reload();
  await page.waitForSelector('#workload-summary:not(:empty)');
  assert.equal(await page.$('#tour'), null, 'tour shown again');
  await page.click('#tour-button');
  await page.waitForSelector('#tour');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#tour', { state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('presentation mode moves by arrow keys; the printed report hides the controls', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  await page.click('#present-button');
  await page.waitForSelector('#presentation');
  assert.equal(await page.$('#what-if'), null, 'controls hidden while presenting');
  assert.ok((await canvasInfo(page, 'workload-chart')).ink > 0.01);
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.slide[data-slide="1"] canvas#map');
  await page.waitForFunction(() => {
    const c = document.getElementById('map');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4 * 101) if (d[i] < 250) return true;
    return false;
  });
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.slide[data-slide="2"] canvas#hours-chart');
  await page.waitForFunction(() => {
    const c = document.getElementById('hours-chart');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4 * 101) if (d[i] < 250) return true;
    return false;
  });
  await page.screenshot({ path: join(SHOTS, 'kit-present.png') });
  await page.keyboard.press('End');
  await page.waitForSelector('.slide #claims-table');
  // The claims take a few slides (a page of rows each); the metric table's is before them.
  for (let i = 0; i < 10 && !(await page.$('.slide #metrics-table')); i++) {
    await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(100);
  }
  await page.waitForSelector('.slide #metrics-table');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#presentation', { state: 'detached' });
  // The report, as printed.
  await page.click('#tab-report');
  await page.waitForSelector('#report #metrics-table');
  await page.emulateMedia({ media: 'print' });
  // Not rendered in print: no boxes (an element inside a hidden block keeps its own display).
  const shown = await page.evaluate(() => ['what-if', 'data-panel', 'print', 'tab-map', 'lang-switch']
    .map((id) => document.getElementById(id).getClientRects().length));
  assert.deepEqual(shown, [0, 0, 0, 0, 0]);
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('report')).display), 'block');
  assert.ok((await canvasInfo(page, 'coverage-chart')).ink > 0.01, 'report chart drawn');
  await page.screenshot({ path: join(SHOTS, 'kit-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 20000, `${pdf.length}-byte PDF`);
  assert.deepEqual(errors, []);
  await context.close();
});
