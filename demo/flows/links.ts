import type { FlowBuilder, FlowNode, Position } from './flow-builder';

/**
 * A pair of Link nodes (link out → link in): carries a node's messages to another part of the tab
 * without a wire across it, the usual way to keep a large flow readable. Wire more sources into
 * linkOut to carry theirs too.
 */
export function addLink(b: FlowBuilder, key: string, name: string, from: FlowNode, outAt: Position, inAt: Position, port = 0): { linkOut: FlowNode; linkIn: FlowNode } {
  const outId = b.id(`link-out-${key}`);
  const inId = b.id(`link-in-${key}`);
  const linkOut = b.node(`link-out-${key}`, 'link out', { name, mode: 'link', links: [inId] }, outAt, 0);
  const linkIn = b.node(`link-in-${key}`, 'link in', { name, links: [outId], l: true }, inAt);
  b.wire(from, linkOut, port);
  return { linkOut, linkIn };
}
