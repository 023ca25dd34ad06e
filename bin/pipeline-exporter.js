#!/usr/bin/env node
// Plain JS shim for the `pipeline-exporter` bin: registers the TypeScript loader, then runs the script.
require('sucrase/register/ts');
require('../scripts/exporter.ts');
