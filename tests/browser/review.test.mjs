// Browser tests of the import review: after a list without managers is imported, the panel
// shows what was read and what was derived with figures that add up to the list; the invented
// managers are said where the figures are shown; a corrected rule re-derives the list, changes
// the results and survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, open, settled, recompute } from './helpers.mjs';

/** A thin list: a dense block of `core` shops (0.1 km apart) and `spread` shops far apart. */
function thinList(core, spread) {
  const rows = ['客户编码,客户名称,x坐标,y坐标,业态,月销量,档位'];
  const formats = ['食杂店', '便利店', '超市', '娱乐服务', '烟酒店'];
  for (let i = 0; i < core; i++) {
    rows.push(`K${i},店${i},${(i % 12) * 0.1},${Math.floor(i / 12) * 0.1},${formats[i % 5]},${5 + (i % 23)},${1 + (i % 30)}`);
  }
  for (let i = 0; i < spread; i++) {
    rows.push(`R${i},村店${i},${5 + (i % 8) * 3},${5 + Math.floor(i / 8) * 3},食杂店,${3 + (i % 7)},${1 + (i % 9)}`);
  }
  return Buffer.from(rows.join('\n'), 'utf8');
}

const counts = (page, kind) => page.$$eval(`#review-fields .review-count[data-kind="${kind}"]`,
  (els) => Object.fromEntries(els.map((e) => [e.dataset.key, Number(e.dataset.count)])));
const fingerprints = (page) => page.$$eval('td.fingerprint', (tds) => tds.map((td) => td.textContent).join());

test('import review: derived fields counted, invented managers said, a corrected rule re-runs and survives a reload', async () => {
  const { context, page, errors } = await open('zh-CN');
  await page.setViewportSize({ width: 1366, height: 768 });
  await settled(page);
  await page.click('#data-panel summary');
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: thinList(144, 40) });
  await recompute(page, () => page.click('#import-button'));
  await page.waitForSelector('#import-review');

  // What was read and what was derived: every customer counted once per field.
  const rows = await page.$$eval('#review-fields tbody tr', (trs) => trs.map((tr) => ({
    field: tr.dataset.field, read: Number(tr.dataset.read), derived: Number(tr.dataset.derived),
  })));
  for (const r of rows) assert.equal(r.read + r.derived, 184, r.field);
  const byField = Object.fromEntries(rows.map((r) => [r.field, r]));
  assert.equal(byField.grade.derived, 0, '档位 came with the list');
  assert.equal(byField.class.derived, 184);
  assert.equal(byField.zone.derived, 184);
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  assert.equal(sum(await counts(page, 'class')), 184);
  assert.equal(sum(await counts(page, 'group')), 184);
  const zones = await counts(page, 'zone');
  assert.equal(sum(zones), 184);
  // 144 shops in one block: fewer than the default 300 for an urban area.
  assert.equal(zones.urban, 0);
  assert.match(await page.textContent('#scenario-summary'), /184/);

  // The made-up managers are said where the figures are, with the template.
  assert.equal(await page.$eval('#review-departments-list', (e) => e.open), true, 'a few departments are listed open');
  assert.equal(await page.getAttribute('#review-managers', 'data-invented'), 'true');
  await page.waitForSelector('#invented-note');
  assert.match(await page.textContent('#invented-note'), /推算/);
  assert.equal(await page.getAttribute('#invented-template', 'href'), 'samples/managers-template.csv');
  await page.screenshot({ path: join(SHOTS, 'review-zh-1366.png'), fullPage: true });

  // A corrected zone rule: a block of 100 shops is urban. The list is derived again and run again.
  const before = await fingerprints(page);
  await recompute(page, async () => {
    await page.fill('#rule-urban_min_shops', '100');
    await page.press('#rule-urban_min_shops', 'Enter');
  });
  const after = await counts(page, 'zone');
  assert.equal(after.urban, 144, 'the dense block is urban now');
  assert.equal(sum(after), 184);
  assert.notEqual(await fingerprints(page), before, 'the results changed');

  // A refused value says why and changes nothing.
  await page.fill('#rule-link_km', '0');
  await page.press('#rule-link_km', 'Enter');
  await page.waitForSelector('#review-error');
  assert.match(await page.textContent('#review-error'), /0\.05/);
  assert.deepEqual(await counts(page, 'zone'), after);

  // Saved with the scenario: a reload brings the rule and the re-derived list back.
  const shown = await fingerprints(page);
  await page.waitForTimeout(1500);
  await page.reload();
  await settled(page);
  await page.waitForSelector('#import-review');
  assert.equal(await page.inputValue('#rule-urban_min_shops'), '100');
  assert.deepEqual(await counts(page, 'zone'), after);
  assert.equal(await fingerprints(page), shown, 'the same figures after the reload');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an imported list goes to the worker once, in parts; a later change sends the request alone', async () => {
  const { context, page, errors } = await open('zh-CN');
  // What the page's workers send it, by the reply's kind (`done`, `customers`, `model` …):
  // recorded from the page's start, so the worker it starts with is seen too.
  await context.addInitScript(() => {
    window.received = [];
    const desc = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
    Object.defineProperty(Worker.prototype, 'onmessage', {
      configurable: true,
      get: desc.get,
      set(handler) {
        desc.set.call(this, handler && function (e) {
          if (e.data instanceof Uint8Array) {
            const head = new TextDecoder().decode(e.data.subarray(0, 24));
            window.received.push((head.match(/^\{"(\w+)"/) ?? [])[1] ?? 'other');
          }
          return handler.call(this, e);
        });
      },
    });
  });
  await page.reload();
  await settled(page);
  // What the page posts to its workers, by the message's kind: a request naming a list the
  // worker already holds is `compute kept`; an import's files go as an array, not as text.
  await page.evaluate(() => {
    window.posted = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (typeof message === 'string') {
        const kind = (message.match(/^\{"(\w+)"/) ?? [])[1] ?? 'other';
        window.posted.push(message.includes('"kept_base":') ? `${kind} kept` : kind);
      } else if (Array.isArray(message)) {
        window.posted.push(`array of ${message.length}${message[1] instanceof File ? ' with a file' : ''}`);
      }
      return post.call(this, message, ...rest);
    };
  });
  await page.click('#data-panel summary');
  await page.setInputFiles('#import-customers', { name: 'shops.csv', mimeType: 'text/csv', buffer: thinList(3000, 40) });
  await recompute(page, () => page.click('#import-button'));
  await settled(page);
  const first = await page.evaluate(() => window.posted.splice(0));
  assert.ok(first.includes('array of 2 with a file'), first.join());
  const kinds = first.filter((k) => /^(base|compute)/.test(k));
  // 3,040 customers in parts of 1,500, then the rest of the list, then the requests naming it.
  assert.deepEqual(kinds.slice(0, 4), ['base_customers', 'base_customers', 'base_customers', 'base'], first.join());
  assert.ok(kinds.length > 4 && kinds.slice(4).every((k) => k === 'compute kept'), first.join());

  // A seed change: the request alone, naming the list the worker holds. Its results come back
  // without the list's customers (the page holds them), their models one by one.
  await page.evaluate(() => window.received.splice(0));
  await recompute(page, async () => {
    await page.fill('#seed', '7');
    await page.press('#seed', 'Enter');
  });
  const second = (await page.evaluate(() => window.posted.splice(0))).filter((k) => /^(base|compute)/.test(k));
  assert.ok(second.length >= 1 && second.every((k) => k === 'compute kept'), second.join());
  assert.match(await page.textContent('#scenario-summary'), /3040/);
  const replies = await page.evaluate(() => window.received.splice(0));
  assert.ok(replies.includes('done'), replies.join());
  assert.ok(!replies.includes('customers'), replies.join());
  assert.ok(replies.filter((k) => k === 'model').length >= 5, replies.join());

  // A corrected rule: the worker derives the list again and keeps it, so the list does not
  // come back to it; the requests after name the worker's new list.
  const zonesBefore = await counts(page, 'zone');
  await recompute(page, async () => {
    await page.fill('#rule-town_min_shops', '1');
    await page.press('#rule-town_min_shops', 'Enter');
  });
  const third = (await page.evaluate(() => window.posted.splice(0))).filter((k) => /^(base|compute|rederive)/.test(k));
  assert.equal(third[0], 'rederive kept', third.join());
  assert.ok(third.length >= 2 && third.slice(1).every((k) => k === 'compute kept'), third.join());
  const zonesAfter = await counts(page, 'zone');
  assert.equal(zonesAfter.town, zonesBefore.town + zonesBefore.rural, 'every lone shop is a town now');
  assert.equal(zonesAfter.rural, 0);
  assert.equal(await page.inputValue('#rule-town_min_shops'), '1');

  // Departments of one manager each: more than a dozen, listed folded under their count.
  await recompute(page, async () => {
    await page.fill('#rule-department_managers', '1');
    await page.press('#rule-department_managers', 'Enter');
  });
  await page.waitForFunction(() => document.querySelectorAll('#review-departments tbody tr').length > 12);
  const folded = await page.$eval('#review-departments-list', (e) => ({
    open: e.open, rows: e.querySelectorAll('tbody tr').length, summary: e.querySelector('summary').textContent,
  }));
  console.log(`departments of one manager: ${folded.rows}, listed ${folded.open ? 'open' : 'folded'}`);
  assert.equal(folded.open, false);
  assert.match(folded.summary, new RegExp(String(folded.rows)));
  assert.deepEqual(errors, []);
});
