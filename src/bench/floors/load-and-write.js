'use strict';
/**
 * Floor of the build's own process: load the SDK entry points the build loads and write the
 * bytes the build writes, nothing else. Usage: node load-and-write.js <plan.json> <out dir>
 */
const fs = require('node:fs');
const path = require('node:path');

const [planFile, outDir] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
for (const specifier of plan.sdk) require(specifier);
for (const [rel, content] of Object.entries(plan.files)) {
  const file = path.join(outDir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}
