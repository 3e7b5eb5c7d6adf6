import type { RemoteInfo } from 'node:dgram';
import type { Answer, Question } from 'dns-packet';
import type makeMdns = require('multicast-dns');
import { openMdns } from '../../mdns/socket';
import { LOOPBACK_HOST } from './loopback-http-server';
import type { ServiceInstance } from './mdns-records';

export const DEFAULT_MDNS_PORT = 5353;
const SERVICES_META_QUERY = '_services._dns-sd._udp.local';
const TTL_S = 120;

export interface MdnsResponderOptions {
  /** UDP port; tests use a private high port instead of 5353. */
  udpPort: number;
  instances: () => ServiceInstance[];
  httpPort: () => number;
}

/**
 * Answers DNS-SD queries for one simulated device on the loopback interface only, through the
 * project's interface-confined mDNS socket (openMdns: joins the group on 127.0.0.1; on Linux
 * bound to the group address, so it sees multicast and nothing else). Answers go to the group
 * (on lo) and also straight back to a loopback querier (an RFC 6762 §6.7-style unicast reply),
 * because a querier whose socket is bound to 127.0.0.1 — multicast-dns's default with
 * `interface: '127.0.0.1'` — cannot receive multicast on Linux. A querier bound to the group
 * gets the multicast copy only; one bound to 0.0.0.0 may see an answer twice.
 */
export class MdnsResponder {
  private constructor(
    private readonly mdns: makeMdns.MulticastDNS,
    private readonly options: MdnsResponderOptions,
  ) {
    mdns.on('query', (query: makeMdns.QueryPacket, rinfo: RemoteInfo) => this.answer(query.questions, rinfo));
  }

  static start(options: MdnsResponderOptions): Promise<MdnsResponder> {
    const mdns = openMdns({ interface: LOOPBACK_HOST, port: options.udpPort });
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        mdns.destroy();
        reject(new Error(`mDNS responder could not bind UDP port ${options.udpPort}: ${err.message}`));
      };
      mdns.once('error', onError);
      mdns.once('ready', () => {
        mdns.removeListener('error', onError);
        mdns.on('error', () => undefined); // late socket errors must not crash the host process
        resolve(new MdnsResponder(mdns, options));
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.mdns.destroy(() => resolve()));
  }

  private answer(questions: Question[], rinfo: RemoteInfo): void {
    const answers: Answer[] = [];
    const additionals: Answer[] = [];
    const instances = this.options.instances();
    for (const question of questions) this.collect(question, instances, answers, additionals);
    if (answers.length === 0) return;
    const unique = dedupe(answers);
    const extra = dedupe(additionals).filter((record) => !unique.some((a) => sameRecord(a, record)));
    this.mdns.respond({ answers: unique, additionals: extra });
    if (rinfo.address.startsWith('127.')) {
      this.mdns.respond({ answers: unique, additionals: extra }, { port: rinfo.port, address: rinfo.address });
    }
  }

  private collect(question: Question, instances: ServiceInstance[], answers: Answer[], additionals: Answer[]): void {
    const name = question.name.toLowerCase();
    const type = question.type as string;
    const wants = (recordType: string): boolean => type === recordType || type === 'ANY';
    if (wants('PTR') && name === SERVICES_META_QUERY) {
      for (const service of new Set(instances.map((i) => i.service))) {
        answers.push({ name: SERVICES_META_QUERY, type: 'PTR', ttl: TTL_S, data: service });
      }
    }
    for (const instance of instances) {
      if (wants('PTR') && name === instance.service.toLowerCase()) {
        answers.push({ name: instance.service, type: 'PTR', ttl: TTL_S, data: instance.instance });
        additionals.push(...this.instanceRecords(instance), this.addressRecord(instance));
      }
      if (name === instance.instance.toLowerCase()) {
        const records = this.instanceRecords(instance).filter((r) => wants(r.type));
        answers.push(...records);
        if (records.length > 0) additionals.push(this.addressRecord(instance));
      }
      if (wants('A') && name === instance.host.toLowerCase()) answers.push(this.addressRecord(instance));
    }
  }

  private instanceRecords(instance: ServiceInstance): Answer[] {
    return [
      { name: instance.instance, type: 'SRV', ttl: TTL_S, flush: true, data: { priority: 0, weight: 0, port: this.options.httpPort(), target: instance.host } },
      { name: instance.instance, type: 'TXT', ttl: TTL_S, flush: true, data: instance.txt },
    ];
  }

  private addressRecord(instance: ServiceInstance): Answer {
    return { name: instance.host, type: 'A', ttl: TTL_S, flush: true, data: LOOPBACK_HOST };
  }
}

/** Records are built the same way every time, so equal records serialize equally. */
function sameRecord(a: Answer, b: Answer): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function dedupe(records: Answer[]): Answer[] {
  return records.filter((record, i) => records.findIndex((other) => sameRecord(other, record)) === i);
}
