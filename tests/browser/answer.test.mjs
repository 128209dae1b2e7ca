// Browser tests of the first screen's answer and of controls that show the state shown: the
// verdict cards at 1366×768 (every model, its figures formatted for people, the best of each
// marked, one sentence from the figures), the fingerprints on a details line, the preset select
// after a cancel and an import, refusals that follow the language and go with their cause, and
// exercises that ask before replacing an imported list and bring it back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, open, settled, recompute, metricRow } from './helpers.mjs';

const NAMES = {
  'zh-CN': ['按区域', '按业态', '按客户价值群', '专业化', '混合'],
  en: ['By region', 'By format', 'By value group', 'Specialised', 'Hybrid'],
};
// Which way each card figure is better (the verdict marks the best by it).
const HIGHER_IS_BETTER = { coverage_rate: true, monthly_cost: false, overtime_hours: false, travel_time_share: false };

/** The verdict cards as the page shows them. */
const cards = (page) => page.$$eval('#verdict .verdict-card', (els) => els.map((el) => ({
  model: el.dataset.model,
  name: el.querySelector('.verdict-model').textContent.trim(),
  box: el.getBoundingClientRect().toJSON(),
  figures: Object.fromEntries([...el.querySelectorAll('.verdict-figure')].map((f) => [f.dataset.metric, {
    value: Number(f.dataset.value),
    text: f.querySelector('dd').firstChild.textContent.trim(),
    best: f.classList.contains('best'),
  }])),
})));

const inView = async (page, selector, height) => {
  const b = await page.$eval(selector, (e) => e.getBoundingClientRect().toJSON());
  return b.top >= 0 && b.bottom <= height && b.height > 0;
};

for (const locale of ['zh-CN', 'en']) {
  test(`first screen (${locale}, 1366×768): every model's figures, the best marked, a sentence from the figures`, async () => {
    const { context, page, errors } = await open(locale);
    await page.setViewportSize({ width: 1366, height: 768 });
    await settled(page);
    const shown = await cards(page);
    assert.deepEqual(shown.map((c) => c.name), NAMES[locale]);
    for (const c of shown) assert.ok(c.box.bottom <= 768 && c.box.right <= 1366, `${c.model} card below the first screen`);
    for (const id of ['#seed', '#preset', '#verdict-sentence']) assert.ok(await inView(page, id, 768), `${id} off the first screen`);
    assert.equal(await page.$eval('#what-if', (d) => d.open), false, 'the what-if panel starts folded');

    // Figures formatted for people, equal to the metric table's (the CLI's) figures.
    const coverage = await metricRow(page, 'coverage_rate');
    shown.forEach((c, i) => {
      const f = c.figures;
      assert.equal(f.coverage_rate.value, coverage[i]);
      assert.equal(f.coverage_rate.text, `${(100 * coverage[i]).toFixed(1)}%`);
      assert.match(f.monthly_cost.text, locale === 'en' ? /^¥\d{1,3}(,\d{3})*$/ : /^\d+\.\d 万元$/);
      assert.match(f.overtime_hours.text, locale === 'en' ? /^\d[\d,]* h$/ : /^\d[\d,]* 小时$/);
      assert.match(f.travel_time_share.text, /^\d+\.\d%$/);
    });
    // The best of each figure, by its direction, and only it.
    for (const [metric, high] of Object.entries(HIGHER_IS_BETTER)) {
      const vals = shown.map((c) => c.figures[metric].value);
      const best = high ? Math.max(...vals) : Math.min(...vals);
      const spread = Math.max(...vals) - Math.min(...vals);
      shown.forEach((c, i) => {
        const want = spread > 5e-4 * Math.abs(best) && vals[i] === best;
        assert.equal(c.figures[metric].best, want, `${metric} of ${c.model}`);
      });
    }
    // The sentence names the model covering most with its coverage as the card shows it.
    const top = shown.reduce((a, b) => (b.figures.coverage_rate.value > a.figures.coverage_rate.value + 1e-9 ? b : a));
    const sentence = await page.textContent('#verdict-sentence');
    assert.ok(sentence.includes(top.name) && sentence.includes(top.figures.coverage_rate.text), sentence);

    // The metric table reads as people read: percentages, whole people, 元; the fingerprints
    // are on a details line, 16 hex digits each, one per model.
    const texts = (metric) => page.$$eval(`tr[data-metric="${metric}"] td`, (tds) => tds.map((td) => td.textContent.trim()));
    for (const t of await texts('coverage_rate')) assert.match(t, /^\d+\.\d%$/);
    for (const t of await texts('headcount')) assert.match(t, /^\d+$/);
    for (const t of await texts('monthly_cost')) assert.match(t, locale === 'en' ? /^¥/ : /万元$/);
    const prints = await page.$$eval('#fingerprints [data-model]', (tds) => tds.map((td) => td.textContent.trim()));
    assert.equal(prints.length, 5);
    for (const p of prints) assert.match(p, /^[0-9a-f]{16}$/);
    assert.equal(await page.$('#metrics-table tr[data-metric="calendar_fingerprint"]'), null, 'no fingerprint row in the table');
    await page.screenshot({ path: join(SHOTS, `first-screen-${locale}.png`) });

    // Another seed: the sentence follows the new figures (it is written from them).
    await recompute(page, async () => {
      await page.fill('#seed', '7');
      await page.press('#seed', 'Enter');
    });
    const again = await cards(page);
    const top7 = again.reduce((a, b) => (b.figures.coverage_rate.value > a.figures.coverage_rate.value + 1e-9 ? b : a));
    const sentence7 = await page.textContent('#verdict-sentence');
    assert.ok(sentence7.includes(top7.name) && sentence7.includes(top7.figures.coverage_rate.text), sentence7);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** A small customer list with Chinese headers (no managers). */
function customerCsv(n) {
  const formats = ['食杂店', '便利店', '超市', '烟酒商店', '娱乐服务类'];
  const rows = ['客户编码,客户名称,经度,纬度,业态,月销量,档位'];
  for (let i = 1; i <= n; i++) {
    const lon = (117 + ((i * 37) % 101) / 1000).toFixed(4);
    const lat = (36.6 + ((i * 53) % 97) / 1000).toFixed(4);
    rows.push(`C${String(i).padStart(4, '0')},店${i},${lon},${lat},${formats[i % 5]},${(5 + (i % 40)).toFixed(1)},${1 + (i % 30)}`);
  }
  return Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
}

test('the controls show the state shown: cancel, refusals, import, exercises', async () => {
  const { context, page, errors } = await open('en');
  await settled(page);
  // A cancelled preset leaves the figures of the county, and the select says county.
  await page.selectOption('#preset', 'city');
  await page.waitForSelector('#progress', { timeout: 30000 });
  await page.click('#cancel');
  await page.waitForSelector('#cancelled');
  assert.equal(await page.inputValue('#preset'), 'county');

  // A refused value is said in the page's language, follows a switch, and goes with its cause.
  await page.click('#what-if > summary');
  await page.fill('#weeks', '0');
  await page.press('#weeks', 'Enter');
  await page.waitForSelector('#input-error');
  assert.match(await page.textContent('#input-error'), /allowed from 1/);
  await page.click('#lang-switch');
  await page.waitForFunction(() => /允许范围/.test(document.getElementById('input-error')?.textContent ?? ''));
  await page.click('#lang-switch');
  await page.waitForFunction(() => /allowed/.test(document.getElementById('input-error')?.textContent ?? ''));
  await recompute(page, () => page.selectOption('#preset', 'rural'));
  assert.equal(await page.$('#input-error'), null, 'the refusal stays after its field changed scenario');

  // An imported list is none of the presets: the select says what is shown.
  await page.click('#data-panel summary');
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: customerCsv(120) });
  await page.click('#import-button');
  await page.waitForSelector('#imported-note');
  await settled(page);
  const summary = await page.textContent('#scenario-summary');
  assert.match(summary, /120/);
  const selected = () => page.$eval('#preset', (s) => s.selectedOptions[0]?.textContent ?? '');
  assert.match(await selected(), /Imported list/);

  // An exercise asks before replacing the list; declining keeps it, ending brings it back.
  await page.click('#tab-exercises');
  await page.click('#exercise-urban_format .exercise-start');
  await page.waitForSelector('#exercise-confirm');
  await page.click('#exercise-confirm-no');
  await page.waitForSelector('#exercise-confirm', { state: 'detached' });
  assert.equal(await page.textContent('#scenario-summary'), summary);
  await page.click('#exercise-urban_format .exercise-start');
  await page.click('#exercise-confirm-yes');
  await page.waitForSelector('#exercise-apply', { timeout: 120000 });
  assert.equal(await page.inputValue('#preset'), 'county', 'the exercise runs on its own preset');
  await page.click('#exercise-end');
  await page.click('#tab-compare');
  await settled(page);
  await page.waitForFunction((s) => document.getElementById('scenario-summary')?.textContent === s, summary);
  assert.match(await selected(), /Imported list/);
  assert.deepEqual(errors, []);
  await context.close();
});

// What reads like code rather than Chinese: snake_case ids, file names, commands and flags.
const DEVELOPER = /\b[a-z]+_[a-z_]+\b|\b[\w-]+\.(md|rs|json|toml)\b|visit-sandbox|(^|\s)--[a-z]|`/;

test('no identifier, file name or command in the Chinese page, in any view', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  const found = [];
  const scan = async (where) => {
    const texts = await page.evaluate(() => {
      const out = [document.body.innerText];
      for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
        for (const a of ['title', 'placeholder', 'aria-label']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
      }
      return out.join('\n').split('\n');
    });
    for (const line of texts) if (DEVELOPER.test(line)) found.push(`${where}: ${line.trim().slice(0, 120)}`);
  };
  // Everything folded is opened, so its text counts too.
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  // Views with results of their own show them: the establishment and the pilot are run.
  const results = {
    staffing: ['#staffing-run', '#establishment-table tbody tr'],
    pilot: ['#pilot-run', '#pilot-timeline li[data-stage="2"]'],
  };
  for (const tab of ['compare', 'map', 'calendar', 'staffing', 'pilot', 'learn', 'exercises', 'report']) {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(300);
    if (results[tab]) {
      await page.click(results[tab][0]);
      await page.waitForSelector(results[tab][1], { timeout: 300000 });
    }
    await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
    await scan(tab);
  }
  assert.deepEqual([...new Set(found)], []);
  assert.deepEqual(errors, []);
  await context.close();
});
