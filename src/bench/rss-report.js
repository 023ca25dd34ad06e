'use strict';
/**
 * Preloaded (`node -r`) into a measured child: at exit, appends the process's peak resident set
 * size (bytes) to the file named by BENCH_RSS_FILE. Plain JavaScript so it loads before any
 * TypeScript hook and costs nothing measurable.
 */
const fs = require('node:fs');

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    // resourceUsage().maxRSS is in kilobytes on every platform Node supports.
    fs.appendFileSync(target, `${process.resourceUsage().maxRSS * 1024}\n`);
  });
}
