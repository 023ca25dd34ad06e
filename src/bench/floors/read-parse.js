'use strict';
/**
 * Floor of validating a folder: read and JSON.parse every *.json under it, nothing else.
 * Usage: node read-parse.js <dir>
 */
const fs = require('node:fs');
const path = require('node:path');

let count = 0;
for (const entry of fs.readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
  JSON.parse(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
  count += 1;
}
if (count === 0) process.exit(1);
