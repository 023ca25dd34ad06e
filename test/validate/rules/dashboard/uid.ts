import { dash, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'dashboard/uid',
  cases: [
    { name: 'too long', input: dash({ uid: 'a'.repeat(41) }), expect: [['error', '/uid', `uid "${'a'.repeat(41)}" has 41 characters; Grafana allows at most 40`]] },
    { name: 'unsafe characters', input: dash({ uid: 'a/b c' }), expect: [['error', '/uid', 'uid "a/b c" contains characters outside [A-Za-z0-9_-], which break dashboard URLs']] },
    { name: 'missing', input: dash({ uid: undefined }), expect: [['warning', '/uid', 'dashboard has no uid: Grafana invents one on import, so links and provisioning updates break']] },
    { name: '40 safe characters', input: dash({ uid: 'A-z_0'.repeat(8) }), expect: [] },
  ],
};
