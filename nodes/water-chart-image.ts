/**
 * `water-chart-image` node: keeps the last hours of readings per topic and,
 * on a `render` command or an HTTP request, answers with a PNG line chart of
 * them, for pages and messengers that cannot run a dashboard.
 */

import type { NodeStatus } from 'node-red';
import type { Node, NodeAPI, NodeDef, Send, WaterMessage } from './lib/adapter/runtime';
import { EvictionWarner, handleClose, handleInput, refuseAll, status } from './lib/adapter/runtime';
import { Messages } from './lib/adapter/messages';
import { ContextSlot, PersistedTopicStore } from './lib/adapter/persist';
import { StatusThrottle } from './lib/adapter/status-throttle';
import { commandOf, describeTopic, describeValue, topicOf, type Problem } from './lib/input';
import { TopicStore } from './lib/topic-store';
import { chartSettingsFromForm, renderRequest, type ChartSettings } from './lib/chart/config';
import { chartImage, selectSeries } from './lib/chart/image';
import { parseChartReading, recordReading } from './lib/chart/readings';
import { emptySeries, reviveSeries, type Series } from './lib/chart/series';

const COMMANDS = ['render', 'clear'] as const;
const CONTEXT_KEY = 'series';
const FILENAME = 'water-chart.png';

/** The buffers, with or without a copy in node context. */
type Buffers = Pick<PersistedTopicStore<Series>, 'store' | 'getOrCreate' | 'delete' | 'clear' | 'save' | 'saveSoon'>;

function volatileBuffers(maxTopics: number): Buffers {
  const store = new TopicStore<Series>(maxTopics);
  return {
    store,
    getOrCreate: (topic, create) => store.getOrCreate(topic, create),
    delete: (topic) => void store.delete(topic),
    clear: () => store.clear(),
    save: () => undefined,
    saveSoon: () => undefined,
  };
}

function openBuffers(node: Node, settings: ChartSettings): Buffers {
  if (!settings.persist) {
    // A copy saved while the option was on would otherwise linger in the context store.
    const slot = new ContextSlot(node, CONTEXT_KEY);
    if (slot.load() !== undefined) slot.save(undefined);
    return volatileBuffers(settings.maxTopics);
  }
  const buffers = new PersistedTopicStore<Series>(node, CONTEXT_KEY, settings.maxTopics, (saved) => reviveSeries(saved, settings.limits));
  if (settings.topics.length > 0) {
    for (const topic of buffers.store.topics()) if (!settings.topics.includes(topic)) buffers.delete(topic);
  }
  return buffers;
}

/** The buffers of one node, what it does with each message, and its status. */
class Chart {
  private readonly warner: EvictionWarner;
  /** Readings may arrive many a second: the status follows at most once a second. */
  private readonly shown: StatusThrottle;
  private readonly charted: ReadonlySet<string> | undefined;

  constructor(
    node: Node,
    private readonly messages: Messages,
    private readonly settings: ChartSettings,
    private readonly buffers: Buffers,
  ) {
    this.warner = new EvictionWarner(node, messages, buffers.store);
    this.shown = new StatusThrottle(node);
    this.charted = settings.topics.length > 0 ? new Set(settings.topics) : undefined;
  }

  input(msg: WaterMessage, send: Send): Problem | undefined {
    if (msg.command !== undefined && msg.command !== null && msg.command !== '') {
      const command = commandOf(msg);
      if (command === 'render') return this.render(msg, send);
      if (command === 'clear') return this.clear(msg);
      return { key: 'common.errors.unknown-command', params: { topic: describeTopic(msg.topic), value: describeValue(msg.command), expected: COMMANDS.join(', ') } };
    }
    // A message from an `http in` node asks for the image; it is never taken as a reading, so an open endpoint cannot write into the chart.
    if (msg.req !== undefined) return this.render(msg, send);
    return this.record(msg);
  }

  private record(msg: WaterMessage): Problem | undefined {
    const topic = topicOf(msg);
    if (this.charted && !this.charted.has(topic)) return undefined;
    const parsed = parseChartReading(msg, this.buffers.store.peek(topic), Date.now());
    if (!parsed.ok) return parsed.problem;
    recordReading(this.buffers.getOrCreate(topic, () => emptySeries()), parsed.value, this.settings.limits);
    this.buffers.saveSoon();
    this.warner.check();
    this.showStatus();
    return undefined;
  }

  private clear(msg: WaterMessage): undefined {
    const topic = topicOf(msg);
    if (topic === '') this.buffers.clear();
    else this.buffers.delete(topic);
    this.showStatus();
    return undefined;
  }

  private render(msg: WaterMessage, send: Send): Problem | undefined {
    const request = renderRequest(msg, this.settings);
    if (!request.ok) return request.problem;
    const texts = { noData: this.messages.text('chart.no-data'), more: (count: number) => this.messages.text('chart.more', { count }) };
    const selected = selectSeries(this.buffers.store, this.settings.topics);
    const { png, info } = chartImage(selected, request.value, this.settings, texts, Date.now(), (time) => -new Date(time).getTimezoneOffset());
    const headers = msg.headers !== null && typeof msg.headers === 'object' && !Array.isArray(msg.headers) ? (msg.headers as Record<string, unknown>) : {};
    msg.payload = png;
    msg.headers = { ...headers, 'Content-Type': 'image/png', 'Cache-Control': 'no-store' };
    if (typeof msg.filename !== 'string' || msg.filename === '') msg.filename = FILENAME;
    msg.chart = info;
    send(msg);
    this.showStatus();
    return undefined;
  }

  showStatus(): void {
    this.shown.show(this.currentStatus);
  }

  /** Counted only when the throttle shows it, not for every reading. */
  private readonly currentStatus = (): NodeStatus => {
    let points = 0;
    for (const [, series] of this.buffers.store) points += series.times.length;
    const count = this.buffers.store.size;
    if (count === 0) return status.waiting(this.messages.text('status.empty'));
    return status.active(this.messages.text('status.series', { series: count, points }));
  };

  close(): void {
    this.warner.close();
    this.shown.close();
    this.buffers.save();
  }
}

export = function register(RED: NodeAPI): void {
  const messages = new Messages(RED, 'water-chart-image');

  function WaterChartImage(this: Node, def: NodeDef & Record<string, unknown>): void {
    RED.nodes.createNode(this, def);
    const parsed = chartSettingsFromForm(def);
    if (!parsed.ok) {
      refuseAll(this, messages, parsed.problem);
      return;
    }
    const chart = new Chart(this, messages, parsed.value, openBuffers(this, parsed.value));
    handleInput(this, messages, (msg, send) => chart.input(msg, send));
    handleClose(this, () => chart.close());
    chart.showStatus();
  }

  RED.nodes.registerType('water-chart-image', WaterChartImage);
};
