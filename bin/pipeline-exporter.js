#!/usr/bin/env node
// Plain JS shim for the `pipeline-exporter` bin: registers the TypeScript loader, then runs the script.
require('../src/loader/register-ts.js');
require('../scripts/exporter.ts');
