// Browser tests of the exports for a Chinese office: the start date field in the what-if panel
// (kept by the autosave), the schedule dated from it with days from 1 and Chinese headers, and
// every model in one XLSX workbook written by the worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open, settled } from './helpers.mjs';

/** Clicks `selector` and returns the download's file name and bytes. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: await readFile(path) };
}

const lines = (bytes) => bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);

test('the start date dates the schedule; the workbook holds every model (zh-CN)', async () => {
  const { context, page, errors } = await open('zh-CN');
  await settled(page);

  // Without a date set, the field shows the coming Monday and the schedule is dated from it.
  await page.click('#what-if > summary');
  const shown = await page.inputValue('#start-date');
  assert.match(shown, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(new Date(`${shown}T00:00:00Z`).getUTCDay(), 1, `${shown} is a Monday`);
  let sched = lines((await download(page, '#export-schedule')).bytes);
  assert.match(sched[0], /^第几个工作日,日期,拜访人员,客户编码,职能,开始时间,结束时间/);
  assert.ok(sched[1].startsWith(`1,${shown},`), sched[1]);

  // A chosen date: no recomputation, the field keeps it, the schedule starts there.
  await page.fill('#start-date', '2026-03-02');
  await page.waitForFunction(() => document.getElementById('start-date').value === '2026-03-02');
  assert.equal(await page.$('#run-status'), null, 'a date does not recompute');
  sched = lines((await download(page, '#export-schedule')).bytes);
  assert.ok(sched[1].startsWith('1,2026-03-02,'), sched[1]);
  assert.ok(!sched.some((l) => /,(manager|market_manager)$/.test(l)), 'roles in Chinese');

  // Assignments in Chinese: no contract ids left.
  const assign = lines((await download(page, '#export-assignments')).bytes);
  assert.match(assign[0], /^客户编码,客户名称,主责客户经理/);
  assert.ok(!assign.some((l) => l.includes('generalist')));

  // Every model in one workbook: an XLSX (a zip) named for people.
  const book = await download(page, '#export-workbook');
  assert.match(book.name, /\.xlsx$/);
  assert.equal(book.bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(book.bytes.length > 10000, `${book.bytes.length} bytes`);
  // The sheet names are stored uncompressed in no part we can read without inflating, so the
  // content is checked by the Rust tests (tests/exports.rs); here the file is a whole zip.
  const eocd = book.bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd > 0 && eocd >= book.bytes.length - 22 - 65535, 'a zip end record');

  // The date is kept by the autosave: a reload shows it again.
  await page.reload();
  await settled(page);
  await page.click('#what-if > summary');
  assert.equal(await page.inputValue('#start-date'), '2026-03-02');
  assert.deepEqual(errors, []);
  await context.close();
});
