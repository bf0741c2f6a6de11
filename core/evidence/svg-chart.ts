import { escapeHtml } from './html.js';

export interface BarSeries {
  readonly name: string;
  readonly color: string;
}

export interface BarGroup {
  readonly label: string;
  /** One value per series (stacked). */
  readonly values: readonly number[];
}

/**
 * A horizontal stacked bar chart as inline SVG (no script, no external asset): one bar per
 * group, one colour per series, the total at the end of each bar, a legend below.
 */
export function stackedBarChart(
  title: string,
  series: readonly BarSeries[],
  groups: readonly BarGroup[],
): string {
  const rowH = 22;
  const labelW = 220;
  const barW = 420;
  const top = 28;
  const height = top + groups.length * rowH + 36;
  const max = Math.max(1, ...groups.map((g) => g.values.reduce((a, b) => a + b, 0)));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${labelW + barW + 80}" height="${height}" viewBox="0 0 ${labelW + barW + 80} ${height}">`,
  );
  parts.push(`<title>${escapeHtml(title)}</title>`);
  parts.push(`<text x="0" y="16" font-size="14" font-weight="bold">${escapeHtml(title)}</text>`);
  groups.forEach((g, i) => {
    const y = top + i * rowH;
    const label = g.label.length > 32 ? `${g.label.slice(0, 31)}…` : g.label;
    parts.push(
      `<text x="${labelW - 6}" y="${y + 14}" font-size="12" text-anchor="end">${escapeHtml(label)}</text>`,
    );
    let x = labelW;
    g.values.forEach((v, j) => {
      if (v <= 0) return;
      const w = Math.max(1, (v / max) * barW);
      const s = series[j];
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${s?.color ?? '#888'}"><title>${escapeHtml(`${g.label}: ${s?.name ?? ''} ${v}`)}</title></rect>`,
      );
      x += w;
    });
    const total = g.values.reduce((a, b) => a + b, 0);
    parts.push(`<text x="${(x + 4).toFixed(1)}" y="${y + 14}" font-size="12">${total}</text>`);
  });
  const ly = top + groups.length * rowH + 18;
  let lx = labelW;
  for (const s of series) {
    parts.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 16}" y="${ly}" font-size="12">${escapeHtml(s.name)}</text>`);
    lx += 24 + s.name.length * 7;
  }
  parts.push('</svg>');
  return parts.join('');
}
