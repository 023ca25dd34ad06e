/** Helpers shared by rules. */

/** Unit configured on a panel: fieldConfig default, or the legacy graph/singlestat fields. */
export function panelUnit(panel: Record<string, unknown>): { unit: string; pointer: string } | undefined {
  const fc = panel['fieldConfig'] as { defaults?: { unit?: unknown } } | undefined;
  const u = fc?.defaults?.unit;
  if (typeof u === 'string' && u !== '') return { unit: u, pointer: '/fieldConfig/defaults/unit' };
  const yaxes = panel['yaxes'];
  if (Array.isArray(yaxes) && yaxes[0] && typeof yaxes[0].format === 'string' && panel['type'] === 'graph') return { unit: yaxes[0].format, pointer: '/yaxes/0/format' };
  if (typeof panel['format'] === 'string' && panel['type'] === 'singlestat') return { unit: panel['format'], pointer: '/format' };
  const y = (panel['options'] as { yAxis?: { unit?: unknown } } | undefined)?.yAxis?.unit;
  if (typeof y === 'string' && y !== '' && panel['type'] === 'heatmap') return { unit: y, pointer: '/options/yAxis/unit' };
  return undefined;
}

/** `^(?:re)$` as RE2 would anchor it, or null when JavaScript cannot compile it. */
export function anchored(re: string): RegExp | null {
  try {
    return new RegExp(`^(?:${re})$`);
  } catch {
    return null;
  }
}

export const list = (xs: Iterable<string>): string => [...xs].map((x) => `"${x}"`).join(', ');
