import { useEffect, useRef } from 'react';
import { BarChart as Bars } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts a bar chart needs, so the screen's chunk stays small.
use([Bars, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  values: Array<number | null>;
}

interface BarChartProps {
  categories: string[];
  series: BarSeries[];
  /** Values are shares (0.25 → 25%). */
  percent?: boolean;
  height?: number;
  'data-testid'?: string;
}

type Option = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** A grouped bar chart: one group per category, one bar per series. */
export function BarChart({ categories, series, percent = false, height = 280, ...rest }: BarChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init>>(undefined);

  useEffect(() => {
    const instance = init(element.current!);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
    };
  }, []);

  useEffect(() => {
    const format = (v: unknown) => (typeof v !== 'number' ? '—' : percent ? `${(v * 100).toFixed(1)}%` : String(v));
    const option: Option = {
      tooltip: { trigger: 'axis', valueFormatter: format },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: percent ? undefined : 1, axisLabel: { formatter: percent ? (v: number) => `${Math.round(v * 100)}%` : undefined } },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
    };
    // notMerge: a drill-down replaces the categories rather than blending with the old ones.
    chart.current?.setOption(option, { notMerge: true });
  }, [categories, series, percent]);

  return <div ref={element} style={{ width: '100%', height }} {...rest} />;
}
