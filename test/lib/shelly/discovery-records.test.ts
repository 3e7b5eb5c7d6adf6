import { expect } from 'chai';
import { ServiceRecordSet } from '../../../lib/mdns/service-records';
import { SHELLY_SERVICES, parseMdnsPackets, shellyCandidates } from '../../../lib/shelly/discovery-records';

describe('shelly/discovery-records', () => {
  it('correlates PTR, SRV, TXT and A arriving in separate packets, with TXT as Buffers', () => {
    const set = new ServiceRecordSet(SHELLY_SERVICES);
    set.add({ answers: [{ name: '_shelly._tcp.local', type: 'PTR', data: 'shellypro3em-a0dd6ca0c27c._shelly._tcp.local' }] });
    expect(shellyCandidates(set.instances())).to.deep.equal([]);
    expect(set.missing()).to.deep.equal({ instances: ['shellypro3em-a0dd6ca0c27c._shelly._tcp.local'], hosts: [] });
    set.add({
      answers: [
        { name: 'shellypro3em-a0dd6ca0c27c._shelly._tcp.local', type: 'SRV', data: { port: 8081, target: 'ShellyPro3EM-A0DD6CA0C27C.local' } },
        { name: 'shellypro3em-a0dd6ca0c27c._shelly._tcp.local', type: 'TXT', data: [Buffer.from('gen=2'), Buffer.from('app=Pro3EM')] },
      ],
    });
    expect(set.missing().hosts).to.deep.equal(['shellypro3em-a0dd6ca0c27c.local']);
    set.add({ additionals: [{ name: 'ShellyPro3EM-A0DD6CA0C27C.local', type: 'A', data: '127.0.0.1' }] });
    expect(shellyCandidates(set.instances())).to.deep.equal([
      {
        host: '127.0.0.1:8081',
        address: '127.0.0.1',
        port: 8081,
        generation: 2,
        app: 'Pro3EM',
        id: 'shellypro3em-a0dd6ca0c27c',
        instances: ['shellypro3em-a0dd6ca0c27c'],
      },
    ]);
  });

  it('rejects _http._tcp instances that are not Shellies (a printer)', () => {
    const candidates = parseMdnsPackets([
      {
        answers: [
          { name: '_http._tcp.local', type: 'PTR', data: 'Office Printer._http._tcp.local' },
          { name: 'Office Printer._http._tcp.local', type: 'SRV', data: { port: 80, target: 'printer.local' } },
          { name: 'Office Printer._http._tcp.local', type: 'TXT', data: ['path=/', 'note=2nd floor'] },
          { name: 'printer.local', type: 'A', data: '127.0.0.1' },
        ],
      },
    ]);
    expect(candidates).to.deep.equal([]);
  });

  it('accepts a Gen1 announcement by its lower-case hostname even without TXT', () => {
    const [candidate] = parseMdnsPackets([
      {
        answers: [
          { name: 'shellyem-B9F355._http._tcp.local', type: 'SRV', data: { port: 80, target: 'shellyem-B9F355.local' } },
          { name: 'shellyem-B9F355.local', type: 'A', data: '127.0.0.1' },
        ],
      },
    ]);
    expect(candidate).to.include({ host: '127.0.0.1', generation: 1, id: 'shellyem-B9F355', model: 'SHEM' });
  });

  it('ignores records of other services and malformed records', () => {
    const candidates = parseMdnsPackets([
      {
        answers: [
          { name: '_ipp._tcp.local', type: 'PTR', data: 'x._ipp._tcp.local' },
          { name: 'x._ipp._tcp.local', type: 'SRV', data: { port: 631, target: 'x.local' } },
          { name: 'shellyx-AABBCC._http._tcp.local', type: 'SRV', data: 'not an object' },
          { name: 'x.local', type: 'A', data: 'fe80::1' },
        ],
      },
    ]);
    expect(candidates).to.deep.equal([]);
  });
});
