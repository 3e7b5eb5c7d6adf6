import { createHash } from 'node:crypto';

/** One node of a Node-RED flow file, as the editor exports it. */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  name?: string;
  x?: number;
  y?: number;
  wires?: string[][];
  /** Only when deploying through the admin API: stored encrypted, never written to a flow file. */
  credentials?: Record<string, string>;
  [key: string]: unknown;
}

export interface Position {
  x: number;
  y: number;
}

/**
 * Builds one tab of a flow: deterministic ids (the same flow gives the same file, so a change
 * to an example shows as a small diff), positions, wires. Config nodes are global (no z), as
 * the editor creates them.
 */
export class FlowBuilder {
  readonly tab: FlowNode;
  private readonly nodes: FlowNode[] = [];
  private readonly configs: FlowNode[] = [];

  constructor(
    private readonly key: string,
    label: string,
    info = '',
  ) {
    this.tab = { id: this.id('tab'), type: 'tab', label, disabled: false, info };
  }

  /** A 16-hex-digit id, as the editor makes them, derived from the flow key and a local name. */
  id(name: string): string {
    return createHash('sha1').update(`${this.key}/${name}`).digest('hex').slice(0, 16);
  }

  /** A node on the tab; `outputs` empty wire lists are prepared. */
  node(name: string, type: string, props: Record<string, unknown>, at: Position, outputs = 1): FlowNode {
    const node: FlowNode = { id: this.uniqueId(name), type, z: this.tab.id, name: '', ...props, x: at.x, y: at.y };
    if (outputs > 0) node.wires = Array.from({ length: outputs }, () => []);
    else node.wires = [];
    this.nodes.push(node);
    return node;
  }

  config(name: string, type: string, props: Record<string, unknown>): FlowNode {
    const node: FlowNode = { id: this.uniqueId(name), type, ...props };
    this.configs.push(node);
    return node;
  }

  /** Two nodes with one local name would share an id, and Node-RED would keep only one of them. */
  private uniqueId(name: string): string {
    const id = this.id(name);
    if (id === this.tab.id || [...this.nodes, ...this.configs].some((n) => n.id === id)) throw new Error(`flow ${this.key}: a second node named '${name}'`);
    return id;
  }

  wire(from: FlowNode, to: FlowNode, port = 0): void {
    const wires = from.wires ?? [];
    while (wires.length <= port) wires.push([]);
    if (!wires[port].includes(to.id)) wires[port].push(to.id);
    from.wires = wires;
  }

  /** A Comment node: the title shows on the canvas, the info in the sidebar when selected. */
  comment(name: string, title: string, info: string, at: Position): FlowNode {
    return this.node(name, 'comment', { name: title, info }, at, 0);
  }

  /** Every node of the tab, the tab first and the config nodes last. */
  build(): FlowNode[] {
    return [this.tab, ...this.nodes, ...this.configs];
  }
}

/** Flows for a file: credentials never go into a flow file (Node-RED keeps them apart). */
export function withoutCredentials(flow: FlowNode[]): FlowNode[] {
  return flow.map(({ credentials: _credentials, ...node }) => node);
}
