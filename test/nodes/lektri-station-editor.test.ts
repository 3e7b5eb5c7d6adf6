import { expect } from 'chai';
import { parseStationSettings } from '../../lib/lektrico/station-settings';
import { editorDefinition } from '../support/editor-script';

type Validate = (this: Record<string, unknown>, value: unknown, opt?: { label?: string }) => true | string;
interface EditorDefinition {
  defaults: Record<string, { value: unknown; validate?: Validate }>;
  _?: (key: string, params?: Record<string, unknown>) => string;
}

/**
 * The edit dialog's own code, run outside a browser: the node definition its script registers,
 * with `$` answering for the dialog's fields (`form`), or for no open dialog at all.
 */
function loadEditor(form?: Record<string, string>): EditorDefinition {
  const $ = (selector: string): { length: number; val(): string | undefined } => {
    const name = /^#node-input-(\w+)$/.exec(selector)?.[1];
    const open = form !== undefined && name !== undefined && name in form;
    return { length: open ? 1 : 0, val: () => (open ? form[name as string] : undefined) };
  };
  // What the editor's catalogue would word: the key and its parameters.
  const translate = (key: string, params?: Record<string, unknown>): string => `${key}${params ? JSON.stringify(params) : ''}`;
  return editorDefinition('lektri-station', 'lektrico-station', { $, translate }) as unknown as EditorDefinition;
}

/** The editor's verdict on one field: true, or the reason it gives. */
function check(def: EditorDefinition, field: string, value: unknown, node: Record<string, unknown> = {}): true | string {
  const validate = def.defaults[field].validate;
  if (!validate) return true;
  return validate.call(node, value, {});
}

/** The runtime's verdict on the same node. */
function runtimeAccepts(config: Record<string, unknown>): boolean {
  try {
    parseStationSettings({ host: '127.0.0.1', ...config });
    return true;
  } catch {
    return false;
  }
}

describe('lektrico-station edit dialog: validation', () => {
  const editor = loadEditor();

  it('takes a car minimum of 6–10 A, never above the maximum', () => {
    for (const min of ['6', '8', '10']) expect(check(editor, 'minCurrent', min, { maxCurrent: 32 }), min).to.equal(true);
    for (const min of ['5', '11', '7.5', '', 'abc', '-6']) {
      expect(check(editor, 'minCurrent', min, { maxCurrent: 32 }), min).to.equal('lektrico-station.validation.minCurrent');
    }
    expect(check(editor, 'minCurrent', '10', { maxCurrent: 8 }), 'a minimum above the maximum').to.equal('lektrico-station.validation.minCurrent');
  });

  it('takes a maximum from the car minimum to 32 A: a limit below the minimum is marked invalid, and says the floor', () => {
    for (const max of ['6', '16', '32']) expect(check(editor, 'maxCurrent', max, { minCurrent: 6 }), max).to.equal(true);
    expect(check(editor, 'maxCurrent', '33', { minCurrent: 6 })).to.equal('lektrico-station.validation.maxCurrent{"min":6}');
    expect(check(editor, 'maxCurrent', '7', { minCurrent: 8 })).to.equal('lektrico-station.validation.maxCurrent{"min":8}');
    expect(check(editor, 'maxCurrent', '16.5', { minCurrent: 6 })).to.not.equal(true);
    expect(check(editor, 'maxCurrent', '', { minCurrent: 6 })).to.not.equal(true);
  });

  it('reads the other current as typed in the open dialog, not as saved', () => {
    const dialog = loadEditor({ minCurrent: '10', maxCurrent: '8' });
    const saved = { minCurrent: 6, maxCurrent: 32 };
    expect(check(dialog, 'maxCurrent', '8', saved)).to.equal('lektrico-station.validation.maxCurrent{"min":10}');
    expect(check(dialog, 'minCurrent', '10', saved)).to.equal('lektrico-station.validation.minCurrent');
  });

  it('prefixes the field label Node-RED passes, so the tooltip names the field', () => {
    const validate = editor.defaults.maxCurrent.validate as Validate;
    expect(validate.call({ minCurrent: 6 }, '40', { label: 'Maximum' })).to.equal('Maximum: lektrico-station.validation.maxCurrent{"min":6}');
  });

  it('agrees with the runtime on every current pair, phase wiring, host and interval', () => {
    const currents = ['', '0', '5', '6', '7', '10', '11', '16', '32', '33', '6.5', 'x'];
    for (const minCurrent of currents) {
      for (const maxCurrent of currents) {
        const editorOk = check(editor, 'minCurrent', minCurrent, { maxCurrent }) === true && check(editor, 'maxCurrent', maxCurrent, { minCurrent }) === true;
        // The editor stores the defaults (6, 32) in new nodes, so an empty field is a mistake there.
        if (minCurrent === '' || maxCurrent === '') continue;
        expect(editorOk, `min ${minCurrent}, max ${maxCurrent}`).to.equal(runtimeAccepts({ minCurrent, maxCurrent }));
      }
    }
    for (const phases of ['L1,L2,L3', 'L2,L3,L1', 'L3 L2 L1', 'l2', 'L1,L2', 'L1,L1,L2', 'L4', 'L1,L2,L3,L1', 'x']) {
      expect(check(editor, 'phases', phases) === true, phases).to.equal(runtimeAccepts({ phases }));
    }
    for (const host of ['192.168.1.20', 'lektrico-1p7k-500006.local', '127.0.0.1:8080', '[fe80::1]:80', 'http://10.0.0.2/', 'a b', 'ftp://x', '-bad', 'host:99999']) {
      expect(check(editor, 'host', host) === true, host).to.equal(runtimeAccepts({ host }));
    }
    for (const pollInterval of ['0.05', '2', '300', '0.01', '301', 'x']) {
      expect(check(editor, 'pollInterval', pollInterval) === true, pollInterval).to.equal(runtimeAccepts({ pollInterval }));
    }
    for (const timeout of ['0.05', '8', '60', '0', '61']) {
      expect(check(editor, 'timeout', timeout) === true, timeout).to.equal(runtimeAccepts({ timeout }));
    }
  });

  it('declares every validator with two arguments, so Node-RED shows the reason it returns', () => {
    for (const [field, property] of Object.entries(editor.defaults)) {
      if (property.validate) expect(property.validate.length, field).to.equal(2);
    }
  });
});
