/** Entry of `npm run validate-dashboards` / `npx validate_dashboards`; the command lives in src/cli/validate-dashboards.ts. */
import { runMain } from '../src/cli/command';
import { main } from '../src/cli/validate-dashboards';

runMain('validate_dashboards', main);
