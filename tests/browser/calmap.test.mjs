// Browser tests of the calendar and the map: the calendar fits the screen and names its model,
// marks only days over the overtime cap and explains its blank days; opening a day's route
// zooms the map to it; territories carry their person's name in distinct colours; the customer
// search suggests an id of the customers shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT, SHOTS, explained, fingerprinted, open, settled } from './helpers.mjs';

const NATIVE = process.env.VISIT_SANDBOX_BIN
  ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'visit-sandbox');

/** The county preset's settings as the native CLI states them. */
function nativeSettings() {
  assert.ok(existsSync(NATIVE), `native CLI missing at ${NATIVE}: run cargo test first`);
  const out = JSON.parse(execFileSync(NATIVE, ['compare', '--preset', 'county', '--seed', '42',
    '--no-headcount-search', '--json'], { maxBuffer: 1 << 26 }).toString());
  return out.scenario.settings;
}

async function openCalendar(page) {
  await page.click('#tab-calendar');
  // The calendars come after the first figures.
  await explained(page, page.waitForSelector('#calendar-grid tbody td', { timeout: 120000 }), 'calendar');
}

/** Every week page's staff cells: minutes worked, marked over or not, blank or not, title. */
async function allWeeks(page) {
  const weeks = await page.$$eval('#calendar-week option', (os) => os.map((o) => o.value));
  const cells = [];
  for (const w of weeks) {
    if ((await page.inputValue('#calendar-week')) !== w) {
      await page.selectOption('#calendar-week', w);
      await page.waitForSelector(`#calendar-grid[data-week="${w}"]`);
    }
    cells.push(...await page.$$eval('#calendar-grid tbody tr:not(.market-manager) td', (tds) => tds.map((td) => ({
      minutes: Number(td.dataset.minutes), day: Number(td.dataset.day),
      over: td.classList.contains('over'), empty: td.classList.contains('empty'),
      title: td.querySelector('button').title, text: td.textContent.trim(),
    }))));
  }
  return { weeks: weeks.length, cells };
}

test('calendar: one week a page fits 1366 and 1920 wide, and names the model it shows', async () => {
  const { context, page, errors } = await open('zh-CN');
  for (const [width, height] of [[1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    await openCalendar(page);
    const fit = await page.evaluate(() => {
      const view = document.getElementById('calendar-view');
      const scroll = view.querySelector('.grid-scroll');
      return {
        page: document.documentElement.scrollWidth, view: view.scrollWidth,
        grid: document.getElementById('calendar-grid').scrollWidth,
        scroller: scroll.scrollWidth, scrollerShown: scroll.clientWidth, inner: innerWidth,
      };
    });
    console.log(`calendar at ${width}×${height}: table ${fit.grid} px wide, page ${fit.page} px`);
    assert.ok(fit.grid <= fit.inner, `calendar ${fit.grid} px wide at ${fit.inner}`);
    assert.ok(fit.page <= fit.inner, `page scrolls sideways: ${fit.page} px at ${fit.inner}`);
    assert.ok(fit.scroller <= fit.scrollerShown + 1, `calendar scrolls sideways: ${fit.scroller} > ${fit.scrollerShown}`);
    // The model shown is named on the calendar.
    assert.match(await page.textContent('#calendar-title'), /按区域/);
    await page.evaluate(() => document.getElementById('calendar-view').scrollIntoView());
    await page.screenshot({ path: join(SHOTS, `calmap-calendar-${width}.png`) });
  }
  // Pages move by week; the columns are the week's working days.
  const heads = async () => page.$$eval('#calendar-grid thead th', (ths) => ths.slice(1).map((th) => th.textContent));
  assert.deepEqual(await heads(), ['第1周 第1天', '第1周 第2天', '第1周 第3天', '第1周 第4天', '第1周 第5天']);
  assert.ok(await page.isDisabled('#calendar-prev'));
  await page.click('#calendar-next');
  await page.waitForSelector('#calendar-grid[data-week="1"]');
  assert.match((await heads())[0], /第2周 第1天/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('calendar: red marks exactly the days over the overtime cap, stated in the legend', async () => {
  const s = nativeSettings();
  const limit = s.day_minutes + s.overtime_cap_minutes;
  const { context, page, errors } = await open('zh-CN');
  await openCalendar(page);
  const legend = await page.textContent('#calendar-legend-over');
  assert.ok(legend.includes(`${s.overtime_cap_minutes} 分钟`), `legend names the cap: ${legend}`);
  assert.ok(legend.includes(`${(limit / 60).toFixed(1)} 小时`), `legend names the limit: ${legend}`);
  const { cells } = await allWeeks(page);
  assert.ok(cells.length > 0 && cells.every((c) => Number.isFinite(c.minutes)), 'each cell carries its minutes');
  // Lengths are shown to the minute: over the cap means more than half a minute over it.
  const overCap = cells.filter((c) => c.minutes > limit + 0.5).length;
  const red = cells.filter((c) => c.over).length;
  const overDay = cells.filter((c) => c.minutes > s.day_minutes + 0.5).length;
  console.log(`calendar: ${red} red of ${cells.length} staff-days (${(100 * red / cells.length).toFixed(1)} %); `
    + `${overDay} days run past the ${s.day_minutes} min working day, ${overCap} past the cap`);
  assert.equal(red, overCap, 'red cells are the days over the cap');
  assert.ok(overDay > red, 'overtime within the cap is not marked');
  // Overtime within the cap is told on hover.
  const within = cells.find((c) => !c.over && c.minutes > s.day_minutes + 0.5);
  assert.match(within.title, /加班 \d+ 分钟（在允许的 30 分钟以内）/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('calendar: a blank day says why, in both languages', async () => {
  for (const [lang, want] of [['zh-CN', /没有排拜访/], ['en', /No visits planned/]]) {
    const { context, page, errors } = await open(lang);
    await openCalendar(page);
    // The specialised model: a customer manager works every weekday (one neighbourhood each),
    // but a specialist's Friday part may hold only customers seen every other week.
    const title = await page.textContent('#calendar-title');
    await page.selectOption('#model', '3');
    await page.waitForFunction((t) => document.getElementById('calendar-title').textContent !== t, title);
    const legend = await page.textContent('#calendar-legend-blank');
    assert.match(legend, want);
    assert.ok(await page.isVisible('#calendar-legend-blank'));
    const { cells } = await allWeeks(page);
    const blank = cells.filter((c) => c.empty);
    assert.ok(blank.length > 0, 'the specialised model has blank days on the county preset');
    for (const c of blank) {
      assert.match(c.title, want, `blank day ${c.day} explained`);
      assert.ok(legend.includes(c.title), 'the cell says what the legend says');
    }
    // Market managers' blank days say there was no joint visit.
    const mm = await page.$$eval('#calendar-grid tr.market-manager td.empty button', (bs) => bs.map((b) => b.title));
    for (const t of mm) assert.ok(t.length > 0, 'a market manager\'s blank day explained');
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('map: opening a day\'s route zooms to its stops, numbered, the times listed beside', async () => {
  const { context, page, errors } = await open('zh-CN');
  await page.setViewportSize({ width: 1366, height: 768 });
  await openCalendar(page);
  // The third staff member's busiest day of the first week.
  const cell = await page.$$eval('#calendar-grid tbody tr:nth-child(3) td button', (bs) => {
    let best = 0, n = -1;
    bs.forEach((b, i) => { const v = parseInt(b.textContent, 10); if (v > n) { n = v; best = i; } });
    return { index: best, visits: n };
  });
  assert.ok(cell.visits >= 10, `a busy day: ${cell.visits} visits`);
  await page.click(`#calendar-grid tbody tr:nth-child(3) td:nth-child(${cell.index + 2}) button`);
  await page.waitForSelector('#route-stops li', { timeout: 30000 });
  await page.waitForFunction(() => (document.getElementById('map').dataset.stopsBox ?? '') !== '', null, { timeout: 30000 });
  const m = await page.evaluate(() => {
    const c = document.getElementById('map');
    return { w: c.width, h: c.height, shown: c.clientWidth, box: c.dataset.stopsBox.split(',').map(Number), win: c.dataset.kmWindow.split(',').map(Number) };
  });
  const span = Math.max(m.box[2] - m.box[0], m.box[3] - m.box[1]);
  console.log(`route of ${cell.visits} stops spans ${span} px of a ${m.w}×${m.h} canvas; km window ${m.win.map((x) => x.toFixed(1))}`);
  assert.ok(span >= 0.5 * Math.min(m.w, m.h), `stops span ${span} px of ${Math.min(m.w, m.h)}`);
  const stops = await page.$$eval('#route-stops li', (lis) => lis.length);
  assert.equal(stops, cell.visits);
  await page.evaluate(() => document.getElementById('map').scrollIntoView());
  await page.screenshot({ path: join(SHOTS, 'calmap-route.png') });
  // Picking a customer keeps the view; 全图 shows everything again.
  const box = await (await page.$('#map')).boundingBox();
  await page.click('#map', { position: { x: box.width * 0.5, y: box.height * 0.5 } });
  await page.waitForSelector('#customer-details h4', { timeout: 30000 });
  assert.equal(await page.getAttribute('#map', 'data-km-window'), m.win.map((x) => x.toFixed(3)).join(','), 'a click keeps the route\'s view');
  await page.click('#zoom-reset');
  await page.waitForFunction((w) => document.getElementById('map').dataset.kmWindow !== w, m.win.map((x) => x.toFixed(3)).join(','));
  const all = (await page.getAttribute('#map', 'data-km-window')).split(',').map(Number);
  assert.ok(all[2] - all[0] > 2 * (m.win[2] - m.win[0]), 'the whole map is wider than the route\'s view');
  assert.deepEqual(errors, []);
  await context.close();
});

test('map: each territory named at its centre over a halo, in more colours, drawn at the shown size', async () => {
  const { context, page, errors } = await open('zh-CN');
  // Record what is written on the map canvas (text, font, fill).
  await page.evaluate(() => {
    window.mapTexts = [];
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
      if (this.canvas.id === 'map') window.mapTexts.push({ text: String(text), font: this.font, fill: String(this.fillStyle) });
      return fill.call(this, text, x, y, ...rest);
    };
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await fingerprinted(page);
  await page.click('#tab-map');
  await page.waitForFunction(() => window.mapTexts.length > 0);
  await page.waitForTimeout(300);
  const names = await page.$$eval('#map-staff option', (os) => os.slice(1).map((o) => o.textContent.replace(/^\d+ /, '')).filter((t) => !t.includes('市场经理')));
  const info = await page.evaluate(() => {
    const c = document.getElementById('map');
    return { texts: window.mapTexts, ratio: c.width / c.clientWidth, w: c.width, shown: c.clientWidth, dpr: devicePixelRatio };
  });
  assert.ok(Math.abs(info.w - info.shown * info.dpr) <= 2, `canvas ${info.w} px for ${info.shown} px shown at ratio ${info.dpr}`);
  for (const name of names) {
    const drawn = info.texts.filter((t) => t.text === name);
    assert.ok(drawn.length >= 2, `${name} written on the map`);
    const px = Math.max(...drawn.map((t) => Number(t.font.match(/(\d+(?:\.\d+)?)px/)[1])));
    assert.ok(px / info.ratio >= 12, `${name} at ${px / info.ratio} px as shown`);
    // A white halo under the black text.
    assert.ok(drawn.some((t) => /#ffffff|255, 255, 255/i.test(t.fill)) && drawn.some((t) => /#000000|0, 0, 0\)/i.test(t.fill)), `${name} has a halo`);
  }
  // The territory colours: the palette's colours found as customer dots on the map.
  const palette = ['332288', '88ccee', '44aa99', '117733', '999933', 'ddcc77', 'cc6677', '882255', 'aa4499'];
  const used = await page.evaluate((palette) => {
    const c = document.getElementById('map');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const count = Object.fromEntries(palette.map((p) => [p, 0]));
    for (let i = 0; i < d.length; i += 4) {
      const hex = [d[i], d[i + 1], d[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('');
      if (hex in count) count[hex]++;
    }
    return Object.values(count).filter((n) => n >= 30).length;
  }, palette);
  console.log(`territories: ${names.length}, palette colours on the map: ${used}`);
  assert.ok(used >= 7, `${names.length} territories in only ${used} colours`);
  await page.evaluate(() => document.getElementById('map').scrollIntoView());
  await page.screenshot({ path: join(SHOTS, 'calmap-territories.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

function shopsCsv(n) {
  const rows = ['客户编码,客户名称,经度,纬度,业态,月销量,档位'];
  for (let i = 1; i <= n; i++) {
    const lon = (117 + ((i * 37) % 101) / 1000).toFixed(4);
    const lat = (36.6 + ((i * 53) % 97) / 1000).toFixed(4);
    rows.push(`SHOP${String(i).padStart(3, '0')},店${i},${lon},${lat},${['食杂店', '便利店', '超市'][i % 3]},${(5 + (i % 40)).toFixed(1)},${1 + (i % 30)}`);
  }
  return Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
}

test('map: the customer search suggests an id of the customers shown, also after an import', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);
  await page.click('#tab-map');
  await page.waitForSelector('#find-customer');
  assert.match(await page.getAttribute('#find-customer', 'placeholder'), /C\d{5}/);
  await page.click('#tab-compare');
  // The data panel may be folded.
  await page.evaluate(() => { document.getElementById('data-panel').open = true; });
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: shopsCsv(90) });
  await page.click('#import-button');
  await page.waitForSelector('#imported-note');
  await settled(page);
  await page.click('#tab-map');
  await page.waitForSelector('#find-customer');
  const hint = await page.getAttribute('#find-customer', 'placeholder');
  assert.match(hint, /SHOP\d{3}/, `placeholder after the import: ${hint}`);
  assert.doesNotMatch(hint, /C\d{5}/);
  assert.deepEqual(errors, []);
  await context.close();
});
