/**
 * Draws the metric history charts (metricChart.ts) as small SVGs: a line through the succeeded
 * runs' values, the champion's value dashed across and its run ringed, promoted runs filled,
 * failed runs as crosses on the axis; a click on a point opens its run.
 */
import { MetricChartModel, showNumber } from '../metricChart';
import { h } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, ...children: Node[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}

function titled<E extends SVGElement>(element: E, text: string): E {
  const title = document.createElementNS(SVG, 'title');
  title.textContent = text;
  element.append(title);
  return element;
}

export function renderMetricCharts(charts: MetricChartModel[], openRun: (id: string) => void, width = 320, height = 90): HTMLElement {
  return h('div', { className: 'jp-jupyship-metric-charts' }, ...charts.map(chart => {
    const marks: SVGElement[] = [];
    if (chart.championY !== null) {
      marks.push(titled(svg('line', { class: 'jp-jupyship-chart-champion-line', x1: 0, x2: width, y1: chart.championY, y2: chart.championY }), "the champion's value"));
    }
    if (chart.line) {
      marks.push(svg('path', { class: 'jp-jupyship-chart-line', d: chart.line }));
    }
    for (const point of chart.points) {
      const mark = point.kind === 'failed'
        ? svg('path', { class: 'jp-jupyship-chart-failed', d: `M${point.x - 3},${point.y - 3} L${point.x + 3},${point.y + 3} M${point.x - 3},${point.y + 3} L${point.x + 3},${point.y - 3}` })
        : svg('circle', { class: `jp-jupyship-chart-point jp-jupyship-chart-${point.kind}`, cx: point.x, cy: point.y, r: point.kind === 'champion' ? 5 : 3 });
      mark.setAttribute('data-run', point.run);
      mark.setAttribute('tabindex', '0');
      mark.setAttribute('role', 'button');
      mark.addEventListener('click', () => openRun(point.run));
      mark.addEventListener('keydown', event => {
        if ((event as KeyboardEvent).key === 'Enter') {
          openRun(point.run);
        }
      });
      marks.push(titled(mark, point.title));
    }
    // A group, not an img: its points are buttons (an img's children are presentational to assistive technology).
    const picture = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': `${chart.metric} over the notebook's runs` }, ...marks);
    return h('figure', { className: 'jp-jupyship-metric-chart', 'data-metric': chart.metric },
      h('figcaption', {}, `${chart.metric} `, h('span', { className: 'jp-jupyship-note' }, `${showNumber(chart.min)} – ${showNumber(chart.max)}`)),
      picture);
  }));
}

