'use strict';
// Mocha's spec reporter plus one closing line, `N passed, N failed, N skipped`, which CI counts.
const Mocha = require('mocha');

class CountReporter extends Mocha.reporters.Spec {
  epilogue() {
    super.epilogue();
    const { passes = 0, failures = 0, pending = 0 } = this.stats ?? {};
    process.stdout.write(`\n${passes} passed, ${failures} failed, ${pending} skipped\n`);
  }
}

module.exports = CountReporter;
