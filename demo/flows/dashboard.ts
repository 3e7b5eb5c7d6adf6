import type { FlowBuilder, FlowNode, Position } from './flow-builder';
import { MODE_BUTTON_FEED, MODE_TEXT_FEED } from './chart-feeds';

/**
 * Widgets of @flowfuse/node-red-dashboard (Dashboard 2.0) for the EM: the dashboard itself
 * (ui-base, theme, one page), groups, line charts fed by Function nodes, and the mode switch.
 * Only properties that differ from the widgets' defaults are set, plus the ones every
 * widget needs (group, size, order).
 */
export interface Dashboard {
  base: FlowNode;
  page: FlowNode;
}

export const DASHBOARD_PATH = '/dashboard';
export const PAGE_PATH = '/lektrico';

export function addDashboard(b: FlowBuilder, title: string): Dashboard {
  const base = b.config('ui-base', 'ui-base', {
    name: title,
    path: DASHBOARD_PATH,
    appIcon: '',
    includeClientData: true,
    acceptsClientConfig: ['ui-notification', 'ui-control'],
    showPathInSidebar: false,
    headerContent: 'page',
    navigationStyle: 'none',
    titleBarStyle: 'default',
    showReconnectNotification: true,
    notificationDisplayTime: 1,
    showDisconnectNotification: true,
    allowInstall: false,
  });
  const theme = b.config('ui-theme', 'ui-theme', {
    name: 'lektrico-em',
    colors: { surface: '#1b4f72', primary: '#1f8a70', bgPage: '#f4f6f8', groupBg: '#ffffff', groupOutline: '#d9d9e0' },
    sizes: { density: 'default', pagePadding: '12px', groupGap: '12px', groupBorderRadius: '6px', widgetGap: '12px' },
  });
  const page = b.config('ui-page', 'ui-page', {
    name: title,
    ui: base.id,
    path: PAGE_PATH,
    icon: 'ev-station',
    layout: 'grid',
    theme: theme.id,
    breakpoints: [
      { name: 'Default', px: 0, cols: 3 },
      { name: 'Tablet', px: 576, cols: 6 },
      { name: 'Small Desktop', px: 768, cols: 9 },
      { name: 'Desktop', px: 1024, cols: 12 },
    ],
    order: 1,
    className: '',
    visible: 'true',
    disabled: 'false',
  });
  return { base, page };
}

/** A group of widgets on the page; `order` places it (groups fill the 12 columns left to right). */
export function addGroup(b: FlowBuilder, dashboard: Dashboard, key: string, name: string, width: number, order: number): FlowNode {
  return b.config(`group-${key}`, 'ui-group', {
    name,
    page: dashboard.page.id,
    width,
    height: 1,
    order,
    showTitle: true,
    className: '',
    visible: 'true',
    disabled: 'false',
    groupType: 'default',
  });
}

export interface ChartOptions {
  /** Name in the editor. */
  name: string;
  label: string;
  yAxisLabel: string;
  /** Under the time axis, e.g. how real time relates to the simulated day. */
  xAxisLabel?: string;
  colors: string[];
  interpolation?: 'linear' | 'step';
  /** Minutes of history kept (default 10: a simulated day at the demo's default speed). */
  minutes?: number;
  height?: number;
  order: number;
}

export function addChart(b: FlowBuilder, key: string, group: FlowNode, options: ChartOptions, at: Position): FlowNode {
  return b.node(
    `chart-${key}`,
    'ui-chart',
    {
      name: options.name,
      group: group.id,
      label: options.label,
      order: options.order,
      chartType: 'line',
      category: 'topic',
      categoryType: 'msg',
      xAxisLabel: options.xAxisLabel ?? '',
      xAxisProperty: '',
      xAxisPropertyType: 'timestamp',
      xAxisType: 'time',
      xAxisFormat: '',
      xAxisFormatType: 'auto',
      xmin: '',
      xmax: '',
      yAxisLabel: options.yAxisLabel,
      yAxisProperty: 'payload',
      yAxisPropertyType: 'msg',
      ymin: '',
      ymax: '',
      bins: 10,
      action: 'append',
      stackSeries: false,
      pointShape: 'false',
      pointRadius: 4,
      showLegend: true,
      removeOlder: options.minutes ?? 10,
      removeOlderUnit: '60',
      removeOlderPoints: '',
      colors: options.colors,
      textColor: ['#666666'],
      textColorDefault: true,
      gridColor: ['#e5e5e5'],
      gridColorDefault: true,
      width: 0,
      height: options.height ?? 6,
      className: '',
      interpolation: options.interpolation ?? 'linear',
    },
    at,
  );
}

export function addFunction(b: FlowBuilder, key: string, name: string, func: string, at: Position, outputs = 1): FlowNode {
  return b.node(key, 'function', { name, func, outputs, timeout: 0, noerr: 0, initialize: '', finalize: '', libs: [] }, at, outputs);
}

export function addText(b: FlowBuilder, key: string, group: FlowNode, label: string, order: number, at: Position): FlowNode {
  return b.node(
    `text-${key}`,
    'ui-text',
    {
      name: '',
      group: group.id,
      order,
      width: 0,
      height: 0,
      label,
      format: '{{msg.payload}}',
      layout: 'row-left',
      style: false,
      font: '',
      fontSize: 16,
      color: '#717171',
      wrapText: true,
      className: '',
      value: 'payload',
      valueType: 'msg',
    },
    at,
    0,
  );
}

const MODES = [
  { label: 'Off', value: 'off', icon: 'power' },
  { label: 'Power', value: 'power', icon: 'lightning-bolt' },
  { label: 'Hybrid', value: 'hybrid', icon: 'weather-partly-cloudy' },
  { label: 'Green', value: 'green', icon: 'white-balance-sunny' },
];

/**
 * The LEKTRI.CO app's mode slider on the dashboard: a button group that sends msg.topic "mode" to
 * the PV surplus node and shows the mode in force (fed back from its charging target, so it is
 * right after a deploy or when an inject node changed it).
 */
export function addModeButtons(b: FlowBuilder, surplus: FlowNode, group: FlowNode, at: { feed: Position; widget: Position }): FlowNode {
  const buttons = b.node(
    'mode-buttons',
    'ui-button-group',
    {
      name: 'mode buttons',
      group: group.id,
      order: 1,
      width: 0,
      height: 1,
      label: '',
      className: '',
      rounded: true,
      useThemeColors: true,
      passthru: false,
      options: MODES.map((m) => ({ label: m.label, icon: m.icon, value: m.value, valueType: 'str', color: '#1f8a70' })),
      topic: 'mode',
      topicType: 'str',
    },
    at.widget,
  );
  b.wire(buttons, surplus);
  const inForce = addFunction(b, 'mode-to-buttons', 'mode in force', MODE_BUTTON_FEED, at.feed);
  b.wire(surplus, inForce);
  b.wire(inForce, buttons);
  return buttons;
}

/** A line of text saying what the mode does right now, from the PV surplus node's charging targets. */
export function addModeText(b: FlowBuilder, targets: FlowNode, group: FlowNode, order: number, at: { feed: Position; widget: Position }): FlowNode {
  const describe = addFunction(b, 'mode-text', 'what the mode does', MODE_TEXT_FEED, at.feed);
  const text = addText(b, 'mode', group, 'Now', order, at.widget);
  b.wire(targets, describe);
  b.wire(describe, text);
  return text;
}
