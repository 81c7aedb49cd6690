import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { init, use as register, type ComposeOption } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

/**
 * One small chart of the figures page. ECharts arrives with this file only (the page loads it lazily),
 * with just the bar and pie charts, the grid and the SVG renderer registered (no tooltip: every bar and
 * slice is labelled with its number). The numbers are also in a table beside it, so the picture itself
 * is hidden from screen readers.
 */
register([BarChart, PieChart, GridComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption>;

const palette = ['#b71c1c', '#0b4f8a', '#1b5e20', '#7a4100', '#4a2372', '#00695c', '#5d4037', '#37474f'];

export interface ChartDatum {
  name: string;
  value: number;
}

function optionFor(kind: 'bar' | 'pie', data: ChartDatum[], large: boolean): Option {
  const fontSize = large ? 16 : 12;
  if (kind === 'pie')
    return {
      color: palette,
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data,
          label: { formatter: '{b}: {c}', fontSize, color: '#1a1a1a' },
        },
      ],
    };
  return {
    color: palette,
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize, color: '#333' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.map((d) => d.name),
      axisLabel: { fontSize, color: '#1a1a1a' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: large ? 36 : 28,
        data: data.map((d) => d.value),
        label: { show: true, position: 'right', fontSize },
      },
    ],
  };
}

export default function FigureChart({
  kind,
  data,
  large,
}: {
  kind: 'bar' | 'pie';
  data: ChartDatum[];
  large: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = init(box.current!, undefined, { renderer: 'svg' });
    chart.setOption(optionFor(kind, data, large));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [kind, data, large]);
  const height = kind === 'pie' ? 260 : Math.max(160, data.length * (large ? 40 : 30) + 40);
  return <div ref={box} className="figure-chart" style={{ height }} aria-hidden />;
}
