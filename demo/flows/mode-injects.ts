import type { FlowBuilder, FlowNode, Position } from './flow-builder';

export const MODE_NAMES = ['off', 'power', 'hybrid', 'green'] as const;

/**
 * One inject node per charging mode, wired to the PV surplus node: msg.topic "mode",
 * msg.payload the mode, as the LEKTRI.CO app's mode slider. Clicking one in the editor switches.
 */
export function addModeInjects(b: FlowBuilder, surplus: FlowNode, at: Position): FlowNode[] {
  return MODE_NAMES.map((mode, i) => {
    const inject = b.node(
      `mode-${mode}`,
      'inject',
      {
        name: `mode: ${mode}`,
        props: [
          { p: 'payload', v: mode, vt: 'str' },
          { p: 'topic', v: 'mode', vt: 'str' },
        ],
        repeat: '',
        crontab: '',
        once: false,
        onceDelay: 0.1,
        topic: 'mode',
        payload: mode,
        payloadType: 'str',
      },
      { x: at.x, y: at.y + i * 40 },
    );
    b.wire(inject, surplus);
    return inject;
  });
}
