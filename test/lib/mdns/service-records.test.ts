import { expect } from 'chai';
import { ServiceRecordSet } from '../../../lib/mdns/service-records';

describe('mdns/service-records', () => {
  it('keeps only the browsed services and resolves the address from the SRV target A record', () => {
    const set = new ServiceRecordSet(['_http._tcp.local']);
    set.add({
      answers: [
        { name: '_http._tcp.local', type: 'PTR', data: 'Lektrico-1p7k-500006._http._tcp.local' },
        { name: '_printer._tcp.local', type: 'PTR', data: 'Printer._printer._tcp.local' },
        { name: 'Lektrico-1p7k-500006._http._tcp.local', type: 'SRV', data: { port: 80, target: 'lektrico-1p7k-500006.local' } },
        { name: 'Lektrico-1p7k-500006._http._tcp.local', type: 'TXT', data: ['ID=1p7k_500006'] },
        { name: 'lektrico-1p7k-500006.local', type: 'A', data: '127.0.0.1' },
      ],
    });
    const [instance, ...rest] = set.instances();
    expect(rest).to.deep.equal([]);
    expect(instance).to.deep.include({ label: 'Lektrico-1p7k-500006', service: '_http._tcp.local', port: 80, address: '127.0.0.1' });
    expect(instance.txt.get('id')).to.equal('1p7k_500006');
  });

  it('falls back to the sender address when no A record arrives, and asks for what is missing', () => {
    const set = new ServiceRecordSet(['_http._tcp.local']);
    set.add({ answers: [{ name: '_http._tcp.local', type: 'PTR', data: 'Lektrico-3p22k-700009._http._tcp.local' }] }, '127.0.0.1');
    expect(set.missing()).to.deep.equal({ instances: ['Lektrico-3p22k-700009._http._tcp.local'], hosts: [] });
    expect(set.instances()[0].address).to.equal('127.0.0.1');
    set.add({ answers: [{ name: 'Lektrico-3p22k-700009._http._tcp.local', type: 'SRV', data: { port: 8080, target: 'gone.local' } }] });
    expect(set.missing()).to.deep.equal({ instances: [], hosts: ['gone.local'] });
    expect(set.instances()[0]).to.deep.include({ port: 8080, address: '127.0.0.1' });
  });
});
