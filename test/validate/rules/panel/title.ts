import { dash, panel, type RuleTable } from '../fragment';

export const table: RuleTable = {
  rule: 'panel/title',
  cases: [
    { name: 'untitled data panel', input: dash({ panels: [panel('stat', { id: 7, title: '' })] }), expect: [['warning', '/panels/0/title', 'stat panel 7 has no title']] },
    { name: 'duplicate title', input: dash({ panels: [panel('stat', { title: 'Rate' }), panel('stat', { title: 'Rate' })] }), expect: [['warning', '/panels/1/title', 'title "Rate" is also used by the panel at /panels/0, in the same row']] },
    { name: 'the same title under two rows', input: dash({ panels: [panel('row', { title: 'A' }), panel('stat', { title: 'Rate' }), panel('row', { title: 'B' }), panel('stat', { title: 'Rate' })] }), expect: [] },
    { name: 'untitled text panel, repeated panels', input: dash({ panels: [panel('text', { title: '' }), panel('stat', { title: 'R', repeat: 'x' }), panel('stat', { title: 'R', repeat: 'x' })] }), expect: [] },
  ],
};
