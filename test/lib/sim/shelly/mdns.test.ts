import { expect } from 'chai';
import makeMdns = require('multicast-dns');
import { openMdns } from '../../../../lib/mdns/socket';
import { ShellySimulator } from '../../../../lib/sim/shelly';

/** A private high UDP port per test process, so parallel runs and real mDNS never meet. */
const MDNS_PORT = 45000 + (process.pid % 5000);

interface SeenRecord {
  name: string;
  type: string;
  data: unknown;
}

function asText(data: unknown): unknown {
  return Array.isArray(data) ? data.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : part)) : data;
}

/** A plain multicast-dns socket on 127.0.0.1 (bound to it, so it gets the simulator's unicast copy). */
const plainSocket = (): makeMdns.MulticastDNS => makeMdns({ port: MDNS_PORT, interface: '127.0.0.1', loopback: true });
/** The project's discovery socket (bound to the group on Linux, so it gets the multicast copy). */
const discoverySocket = (): makeMdns.MulticastDNS => openMdns({ port: MDNS_PORT, interface: '127.0.0.1' });

/** Queries on 127.0.0.1 and collects every record until `done` holds. */
function query(
  questions: Array<{ name: string; type: 'PTR' | 'A' | 'SRV' | 'TXT' }>,
  done: (records: SeenRecord[]) => boolean,
  open: () => makeMdns.MulticastDNS = plainSocket,
): Promise<SeenRecord[]> {
  const mdns = open();
  const records: SeenRecord[] = [];
  return new Promise((resolve, reject) => {
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      mdns.destroy(() => (err ? reject(err) : resolve(records)));
    };
    const timer = setTimeout(() => finish(new Error(`mDNS answers incomplete: ${JSON.stringify(records)}`)), 3000);
    mdns.on('response', (response: makeMdns.ResponsePacket) => {
      for (const r of [...response.answers, ...response.additionals]) {
        records.push({ name: r.name, type: r.type, data: asText((r as { data?: unknown }).data) });
      }
      if (done(records)) finish();
    });
    mdns.on('error', (err: Error) => finish(err));
    mdns.on('ready', () => mdns.query({ questions }));
  });
}

function find(records: SeenRecord[], type: string, name: string): SeenRecord | undefined {
  return records.find((r) => r.type === type && r.name.toLowerCase() === name.toLowerCase());
}

describe('Shelly simulators: mDNS on the loopback interface', () => {
  let pro: ShellySimulator;
  let gen1: ShellySimulator;
  before(async () => {
    pro = await ShellySimulator.start({ model: 'SPEM-003CEBEU', name: '3EM Pro', mdns: { port: MDNS_PORT } });
    gen1 = await ShellySimulator.start({ model: 'SHEM-3', mdns: { port: MDNS_PORT } });
  });
  after(async () => {
    await pro.stop();
    await gen1.stop();
  });

  it('answers _shelly._tcp for Gen2+ only, with SRV on the HTTP port, TXT gen/app/ver and A 127.0.0.1', async () => {
    const instance = `${pro.id}._shelly._tcp.local`;
    const host = `ShellyPro3EM-${pro.mac}.local`;
    const records = await query([{ name: '_shelly._tcp.local', type: 'PTR' }], (seen) =>
      seen.some((r) => r.type === 'PTR' && r.data === instance) && ['SRV', 'TXT'].every((type) => find(seen, type, instance)) && find(seen, 'A', host) !== undefined);
    expect(records.filter((r) => r.type === 'PTR').map((r) => r.data)).to.include.members([instance, '3EM Pro._shelly._tcp.local']);
    expect(find(records, 'SRV', instance)!.data).to.deep.include({ port: pro.port, target: host });
    expect(find(records, 'TXT', instance)!.data).to.deep.equal(['gen=2', 'app=Pro3EM', 'ver=1.7.5']);
    expect(find(records, 'A', host)!.data).to.equal('127.0.0.1');
    expect(records.some((r) => r.name.includes(gen1.id))).to.equal(false);
  });

  it('answers _http._tcp for both generations: Gen1 TXT id/arch/app, Gen2+ TXT gen', async () => {
    const gen1Instance = `${gen1.id}._http._tcp.local`;
    const proInstance = `${pro.id}._http._tcp.local`;
    const records = await query([{ name: '_http._tcp.local', type: 'PTR' }], (seen) =>
      find(seen, 'TXT', gen1Instance) !== undefined && find(seen, 'TXT', proInstance) !== undefined && find(seen, 'SRV', gen1Instance) !== undefined);
    expect(find(records, 'TXT', gen1Instance)!.data).to.include.members([`id=${gen1.id}`, 'arch=esp8266', 'app=shellyem3']);
    expect(find(records, 'SRV', gen1Instance)!.data).to.deep.include({ port: gen1.port, target: `${gen1.id}.local` });
    expect(find(records, 'TXT', proInstance)!.data).to.deep.equal(['gen=2']);
  });

  it('answers an A query for the device host name', async () => {
    const host = `${gen1.id}.local`;
    const records = await query([{ name: host, type: 'A' }], (seen) => find(seen, 'A', host) !== undefined);
    expect(find(records, 'A', host)!.data).to.equal('127.0.0.1');
  });

  it('reaches a querier on the project\'s group-bound discovery socket too', async () => {
    const instance = `${pro.id}._shelly._tcp.local`;
    const records = await query([{ name: '_shelly._tcp.local', type: 'PTR' }], (seen) => find(seen, 'SRV', instance) !== undefined, discoverySocket);
    expect(find(records, 'SRV', instance)!.data).to.deep.include({ port: pro.port });
  });
});
