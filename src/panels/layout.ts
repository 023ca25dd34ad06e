/**
 * Grid layout for Grafana's 24-column dashboard grid. Panels are placed left to right and wrap
 * to a new line when a row is full; ids are assigned in placement order. The SDK leaves ids and
 * positions unset, which makes Grafana pick them at load time: fixing them keeps output stable.
 */
import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { GridPos, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { GRID_COLUMNS } from '../grafana/grid';

interface Positionable extends Builder<Panel> {
  id(id: number): this;
  gridPos(pos: GridPos): this;
}

type Item = { kind: 'row'; title: string } | { kind: 'panel'; panel: Positionable; w: number; h: number };

export class GridLayout {
  private readonly items: Item[] = [];

  /** Starts a titled row (a panel group) on a new line. */
  row(title: string): this {
    this.items.push({ kind: 'row', title });
    return this;
  }

  /** Adds a panel `w` columns wide and `h` grid units high. */
  panel(panel: Positionable, w: number, h: number): this {
    if (!Number.isInteger(w) || w < 1 || w > GRID_COLUMNS) throw new Error(`panel width must be 1..${GRID_COLUMNS}, got ${w}`);
    if (!Number.isInteger(h) || h < 1) throw new Error(`panel height must be a positive integer, got ${h}`);
    this.items.push({ kind: 'panel', panel, w, h });
    return this;
  }

  /** Places every item on the dashboard, assigning ids from 1 and non-overlapping grid positions. */
  applyTo(dashboard: DashboardBuilder): DashboardBuilder {
    let id = 1;
    let x = 0;
    let y = 0;
    let lineHeight = 0;
    const newLine = () => {
      y += lineHeight;
      x = 0;
      lineHeight = 0;
    };
    for (const item of this.items) {
      if (item.kind === 'row') {
        newLine();
        dashboard.withRow(new RowBuilder(item.title).id(id++).gridPos({ x: 0, y, w: GRID_COLUMNS, h: 1 }));
        y += 1;
        continue;
      }
      if (x + item.w > GRID_COLUMNS) newLine();
      dashboard.withPanel(item.panel.id(id++).gridPos({ x, y, w: item.w, h: item.h }));
      x += item.w;
      lineHeight = Math.max(lineHeight, item.h);
    }
    return dashboard;
  }
}
