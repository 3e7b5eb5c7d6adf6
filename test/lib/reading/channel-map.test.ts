import { expect } from 'chai';
import { InputError } from '../../../lib/input-error';
import {
  hasEvOutput,
  parseChannelMapSettings,
  resolveChannelMap,
  type MappableChannel,
} from '../../../lib/reading/channel-map';

const threePhase: MappableChannel[] = [
  { id: 'em:0:A', phase: 'A', component: 'em:0' },
  { id: 'em:0:B', phase: 'B', component: 'em:0' },
  { id: 'em:0:C', phase: 'C', component: 'em:0' },
];
const proEm: MappableChannel[] = [
  { id: 'em1:0', component: 'em1:0' },
  { id: 'em1:1', component: 'em1:1' },
];

function summary(map: ReturnType<typeof resolveChannelMap>): string[] {
  const grid = map.grid.map((m) => `${m.channel.id}→${m.phase}${m.reverse ? '↺' : ''}`);
  return map.ev ? [...grid, `${map.ev.channel.id}→EV@${map.ev.phase}${map.ev.reverse ? '↺' : ''}`] : grid;
}

describe('channel map', () => {
  describe('auto', () => {
    it('maps a three-phase meter A/B/C to L1/L2/L3 by default', () => {
      expect(summary(resolveChannelMap(threePhase, parseChannelMapSettings({})))).to.deep.equal(['em:0:A→L1', 'em:0:B→L2', 'em:0:C→L3']);
    });

    it('applies a phase rotation (A→L2, B→L3, C→L1) and lists the result in L1..L3 order', () => {
      const settings = parseChannelMapSettings({ mapping: 'auto', rotation: 'L2,L3,L1' });
      expect(summary(resolveChannelMap(threePhase, settings))).to.deep.equal(['em:0:C→L1', 'em:0:A→L2', 'em:0:B→L3']);
    });

    it('takes channel 0 of a two-channel EM as the grid and ignores channel 1 unless it is the EV sub-meter', () => {
      expect(summary(resolveChannelMap(proEm, parseChannelMapSettings({})))).to.deep.equal(['em1:0→L1']);
      const withEv = parseChannelMapSettings({ evChannel: 'em1:1', evPhase: 'L3', reverse: 'em1:1' });
      expect(summary(resolveChannelMap(proEm, withEv))).to.deep.equal(['em1:0→L1', 'em1:1→EV@L3↺']);
      expect(hasEvOutput(withEv)).to.equal(true);
      expect(hasEvOutput(parseChannelMapSettings({}))).to.equal(false);
    });

    it('uses the other channel as the grid when channel 0 is the EV sub-meter', () => {
      expect(summary(resolveChannelMap(proEm, parseChannelMapSettings({ evChannel: 'em1:0' })))).to.deep.equal(['em1:1→L1', 'em1:0→EV@L1']);
    });

    it('reports a configured EV channel the payload lacks as missing', () => {
      const map = resolveChannelMap(proEm, parseChannelMapSettings({ evChannel: 'em1:2' }));
      expect(map.missing).to.deep.equal(['em1:2']);
    });

    it('refuses an EV sub-meter that is also a grid phase', () => {
      expect(() => resolveChannelMap(threePhase, parseChannelMapSettings({ evChannel: 'em:0:B' }))).to.throw(InputError, /both the EV sub-meter and a grid phase/);
    });
  });

  describe('explicit', () => {
    it('maps each listed channel to its role, with reverse per row; unlisted channels are ignored', () => {
      const settings = parseChannelMapSettings({
        mapping: 'explicit',
        rules: [
          { channel: 'em1:2', role: 'L1', reverse: true },
          { channel: 'em1:0', role: 'L3' },
          { channel: 'em1:1', role: 'ev' },
        ],
        evPhase: 'L2',
      });
      const channels: MappableChannel[] = [0, 1, 2, 3].map((i) => ({ id: `em1:${i}`, component: `em1:${i}` }));
      expect(summary(resolveChannelMap(channels, settings))).to.deep.equal(['em1:2→L1↺', 'em1:0→L3', 'em1:1→EV@L2']);
    });

    it('reports mapped channels the payload does not have', () => {
      const settings = parseChannelMapSettings({ mapping: 'explicit', rules: [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:5', role: 'L2' }] });
      expect(resolveChannelMap(proEm, settings).missing).to.deep.equal(['em1:5']);
    });

    const invalid: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a grid phase assigned twice', { rules: [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:1', role: 'L1' }] }, /L1 is assigned twice \(em1:0 and em1:1\)/],
      ['no grid phase', { rules: [{ channel: 'em1:0', role: 'ev' }] }, /assigns no grid phase/],
      ['a channel listed twice', { rules: [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:0', role: 'L2' }] }, /listed twice/],
      ['two EV channels', { rules: [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:1', role: 'ev' }, { channel: 'em1:2', role: 'ev' }] }, /more than one EV/],
      ['an unknown role', { rules: [{ channel: 'em1:0', role: 'L4' }] }, /role "L4" is not L1, L2, L3, ev or ignore/],
      ['a bad channel id', { rules: [{ channel: 'phase-a', role: 'L1' }] }, /"phase-a" is not a channel id; expected em:0:A/],
      ['rules that are not a list', { rules: 'em1:0=L1' }, /must be a list/],
    ];
    for (const [what, raw, message] of invalid) {
      it(`rejects ${what}`, () => {
        expect(() => parseChannelMapSettings({ mapping: 'explicit', ...raw })).to.throw(InputError, message);
      });
    }
  });

  it('rejects an unknown mode, a rotation that is not L1..L3 once each, and a bad EV phase', () => {
    expect(() => parseChannelMapSettings({ mapping: 'magic' })).to.throw(InputError, /neither "auto" nor "explicit"/);
    expect(() => parseChannelMapSettings({ rotation: 'L1,L1,L2' })).to.throw(InputError, /must name L1, L2 and L3 once each/);
    expect(() => parseChannelMapSettings({ rotation: 'L1,L2' })).to.throw(InputError, /must name L1, L2 and L3 once each/);
    expect(() => parseChannelMapSettings({ evPhase: 'N' })).to.throw(InputError, /EV phase "N" is not L1, L2 or L3/);
    expect(() => parseChannelMapSettings({ reverse: 'em:0:D' })).to.throw(InputError, /is not a channel id/);
  });
});
