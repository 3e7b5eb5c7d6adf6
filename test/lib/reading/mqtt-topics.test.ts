import { expect } from 'chai';
import { hintFromDeviceId } from '../../../lib/shelly/catalogue';
import { parseShellyMqttTopic } from '../../../lib/shelly/mqtt-topics';

/** The Shelly MQTT topic layouts the normalizer recognises (lib/shelly/mqtt-topics.ts), and id hints. */
describe('Shelly MQTT topics', () => {
  const cases: Array<[string, unknown]> = [
    ['shellies/shellyem3-485519D732F4/emeter/2/total_returned', { kind: 'gen1-field', prefix: 'shellies/shellyem3-485519D732F4', deviceId: 'shellyem3-485519D732F4', component: 'emeter', index: 2, field: 'total_returned' }],
    ['home/shellies/plug-1/relay/0/energy', { kind: 'gen1-field', prefix: 'home/shellies/plug-1', deviceId: 'plug-1', component: 'relay', index: 0, field: 'energy' }],
    ['shellypro3em-a0dd6ca0c27c/status/em:0', { kind: 'gen2-status', prefix: 'shellypro3em-a0dd6ca0c27c', component: 'em:0' }],
    ['site/meters/pro3em/status/emdata:0', { kind: 'gen2-status', prefix: 'site/meters/pro3em', component: 'emdata:0' }],
    ['shellypro3em-a0dd6ca0c27c/events/rpc', { kind: 'gen2-events', prefix: 'shellypro3em-a0dd6ca0c27c' }],
    ['shellies/shellyem3-1/relay/0', { kind: 'other', topic: 'shellies/shellyem3-1/relay/0' }],
    ['shellypro3em-1/online', { kind: 'other', topic: 'shellypro3em-1/online' }],
    ['shellypro3em-a0dd6ca0c27c', undefined],
    ['kitchen/temperature', undefined],
    ['', undefined],
  ];
  for (const [topic, expected] of cases) {
    it(`parses ${JSON.stringify(topic)}`, () => expect(parseShellyMqttTopic(topic)).to.deep.equal(expected));
  }

  it('ignores what is not a topic', () => {
    expect(parseShellyMqttTopic(42)).to.equal(undefined);
    expect(parseShellyMqttTopic(`a/${'x'.repeat(600)}/status/em:0`)).to.equal(undefined);
  });

  it('knows the channel layout of meters from their id prefix only', () => {
    expect(hintFromDeviceId('shellyem3-485519D732F4')).to.deep.equal({ generation: 1, model: 'SHEM-3', channelCount: 3 });
    expect(hintFromDeviceId('shellyem-B9F355')).to.deep.equal({ generation: 1, model: 'SHEM', channelCount: 2 });
    expect(hintFromDeviceId('shellypro3em63-2805a5ca2e44')?.model).to.equal('SPEM-003CEBEU63');
    expect(hintFromDeviceId('shellyplus1pm-a0dd6ca0c27c')).to.include({ generation: 2, model: 'SNSW-001P16EU' });
    expect(hintFromDeviceId('shellyplus1pm-abc')).to.equal(undefined);
    expect(hintFromDeviceId('constructor-1')).to.equal(undefined);
    expect(hintFromDeviceId('garage')).to.equal(undefined);
  });
});
