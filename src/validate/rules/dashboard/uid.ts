import type { Rule } from '../../types';

const SAFE = /^[A-Za-z0-9_-]+$/;

export const rule: Rule = {
  id: 'dashboard/uid',
  severity: 'error',
  doc: 'The dashboard uid is at most 40 characters from [A-Za-z0-9_-] (Grafana rejects longer ones); a missing uid is a warning (Grafana assigns one on import, so links break).',
  check(ctx) {
    const uid = ctx.model.root['uid'];
    if (uid === undefined || uid === null || uid === '') return [{ pointer: '/uid', severity: 'warning', message: 'dashboard has no uid: Grafana invents one on import, so links and provisioning updates break' }];
    if (typeof uid !== 'string') return [{ pointer: '/uid', message: `uid must be a string, got ${typeof uid}` }];
    const out = [];
    if (uid.length > 40) out.push({ pointer: '/uid', message: `uid "${uid}" has ${uid.length} characters; Grafana allows at most 40` });
    if (!SAFE.test(uid)) out.push({ pointer: '/uid', message: `uid "${uid}" contains characters outside [A-Za-z0-9_-], which break dashboard URLs` });
    return out;
  },
};
