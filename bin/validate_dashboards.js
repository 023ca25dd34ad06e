#!/usr/bin/env node
// Shim for `npx validate_dashboards`: the project's cached TypeScript loader, then the CLI.
'use strict';
require('../src/loader/register-ts.js');
require('../scripts/validate-dashboards.ts');
