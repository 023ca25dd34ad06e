'use strict';
/**
 * Floor of building N dashboards: a plain loop over the SDK builders of the pipeline dashboard,
 * JSON.stringify and writeFileSync. Needs the TypeScript loader preloaded (the dashboard is TS).
 * Usage: node -r <loader> build-many.js <pipeline module> <n> <out dir>
 */
const fs = require('node:fs');
const path = require('node:path');

const [pipeline, count, outDir] = process.argv.slice(2);
const base = require(pipeline).default;
fs.mkdirSync(outDir, { recursive: true });
for (let i = 1; i <= Number(count); i += 1) {
  const id = String(i).padStart(4, '0');
  const dashboard = { ...base.build(), uid: `bench-${id}`, title: `Compile Pipeline Overview (bench ${id})` };
  fs.writeFileSync(path.join(outDir, `bench-${id}.json`), JSON.stringify(dashboard, null, 2));
}
