#!/usr/bin/env node
// Shim for `npx validate_dashboards`: compile the TypeScript sources on the fly (sucrase), then run the CLI.
'use strict';
require('sucrase/register/ts');
require('../scripts/validate-dashboards.ts');
