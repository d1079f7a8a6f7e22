// report.js — the command line and the "ok:" / "FAIL:" lines of the browser
// drivers (html_check.js, html_firefox.js).
'use strict';
const failures = [];

// [mode, page, shots, arg] from the command line, or exits 2.
function args(name) {
  const a = process.argv.slice(2);
  if (!a[0] || !a[1] || !a[2]) {
    console.error(`usage: node ${name} example|hostile|big PAGE SHOTS [ARG]`);
    process.exit(2);
  }
  return a;
}

function check(cond, what) {
  if (cond) console.log('ok: ' + what);
  else { console.log('FAIL: ' + what); failures.push(what); }
}

// Runs main(); exits 1 when a check failed or it threw.
function finish(main) {
  main().then(() => {
    if (failures.length) { console.log(failures.length + ' check(s) failed'); process.exit(1); }
  }, (e) => { console.log('FAIL: ' + (e && e.stack || e)); process.exit(1); });
}

module.exports = { args, check, finish };
