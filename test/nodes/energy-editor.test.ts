import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_SPLITTER_TIMERS, DEMO_SURPLUS_TIMERS } from '../../demo/flows/demo-flow';
import { NODE_DEFAULTS } from '../../demo/flows/node-defaults';
import { checkLoadBalancerConfig } from '../../lib/energy/balancer';
import { checkSplitterConfig } from '../../lib/energy/splitter';
import { checkSurplusConfig } from '../../lib/energy/surplus';
import type { NodeDef } from '../../nodes/common/node-red';
import { configFromDef as balancerConfig } from '../../nodes/load-balancer/config-from-def';
import { configFromDef as splitterConfig } from '../../nodes/power-splitter/config-from-def';
import { configFromDef as surplusConfig } from '../../nodes/pv-surplus/config-from-def';
import { projectRoot } from '../../lib/project-root';
import { editorDefinition, editorVerdict, type EditorDefinition } from '../support/editor-script';

/**
 * The edit dialogs' rules of the three energy nodes, run from their .html files as the editor runs
 * them: the registerType definition is captured from the editor script, then its pure problems()
 * and each property's validate are exercised, the latter through Node-RED's own validateNodeProperty
 * (with `this` = the node), so what counts is what the editor shows.
 */
type Values = Record<string, unknown>;
interface Definition {
  defaults: Record<string, { value: unknown; validate?: (this: Values, value: unknown, opt: object) => true | string }>;
  problems(values: Values): Record<string, string>;
}

const ROOT = projectRoot();
const ENERGY_NODES = { 'load-balancer': 'lektrico-load-balancer', 'pv-surplus': 'lektrico-pv-surplus', 'power-splitter': 'lektrico-power-splitter' } as const;
type EnergyType = (typeof ENERGY_NODES)[keyof typeof ENERGY_NODES];

function energyDefinition(name: keyof typeof ENERGY_NODES): Definition {
  return editorDefinition(name, ENERGY_NODES[name]) as unknown as Definition;
}

const defs = {
  'lektrico-load-balancer': energyDefinition('load-balancer'),
  'lektrico-pv-surplus': energyDefinition('pv-surplus'),
  'lektrico-power-splitter': energyDefinition('power-splitter'),
} satisfies Record<EnergyType, Definition>;

/** The node's runtime check of its settings (editor fields → lib config → check…Config): throws what it refuses. */
const runtimeCheck: Record<EnergyType, (def: NodeDef) => void> = {
  'lektrico-load-balancer': (def) => checkLoadBalancerConfig(balancerConfig(def)),
  'lektrico-pv-surplus': (def) => checkSurplusConfig(surplusConfig(def)),
  'lektrico-power-splitter': (def) => checkSplitterConfig(splitterConfig(def, (key) => key)),
};

/** The problems of a node with the defaults and the given values, as strings the way a dialog's fields hold them. */
function problemsOf(type: EnergyType, over: Values): Record<string, string> {
  return defs[type].problems({ ...structuredClone(NODE_DEFAULTS[type]), ...over });
}

/** What the editor shows for one property: true or the (here untranslated) message key. */
function validate(type: EnergyType, prop: string, value: unknown, node: Values = {}): true | string {
  return editorVerdict(defs[type] as unknown as EditorDefinition, prop, value, { ...structuredClone(NODE_DEFAULTS[type]), ...node });
}

describe('energy nodes: edit dialog rules (from the .html files)', () => {
  it('accept every default, and say nothing about them', () => {
    for (const type of Object.keys(defs) as EnergyType[]) expect(problemsOf(type, {}), type).to.deep.equal({});
  });

  it('accept the examples and the demo flow (shortened timers) as they are', () => {
    const nodes: Array<{ type: string } & Values> = [];
    for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
      nodes.push(...(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')) as Array<{ type: string } & Values>));
    }
    nodes.push({ type: 'lektrico-pv-surplus', ...NODE_DEFAULTS['lektrico-pv-surplus'], ...DEMO_SURPLUS_TIMERS, mode: 'green', autoPhaseSwitch: true });
    nodes.push({ type: 'lektrico-power-splitter', ...NODE_DEFAULTS['lektrico-power-splitter'], ...DEMO_SPLITTER_TIMERS });
    const ours = nodes.filter((n): n is { type: EnergyType } & Values => n.type in defs);
    expect(ours.length).to.be.greaterThan(6);
    for (const n of ours) {
      expect(defs[n.type].problems(n), `${n.type} ${String(n.id ?? '(demo)')}`).to.deep.equal({});
      expect(() => runtimeCheck[n.type]({ id: 'n', ...n } as NodeDef), `${n.type} ${String(n.id ?? '(demo)')}: the runtime takes it too`).not.to.throw();
    }
  });

  it('the editor marks a value a rule refuses, with the rule\'s message (Node-RED\'s validateNodeProperty)', () => {
    // A validator of one parameter would have its message taken for "valid" by the editor.
    expect(validate('lektrico-load-balancer', 'limitA', '5')).to.equal('lektrico-load-balancer.validation.limit');
    expect(validate('lektrico-load-balancer', 'failsafeCurrentA', '3')).to.equal('lektrico-load-balancer.validation.failsafe');
    expect(validate('lektrico-pv-surplus', 'hybridCurrentA', '40')).to.equal('lektrico-pv-surplus.validation.hybridCurrent');
    expect(validate('lektrico-power-splitter', 'increaseStepA', '0.5')).to.equal('lektrico-power-splitter.validation.increaseStep');
    expect(validate('lektrico-load-balancer', 'limitA', '25')).to.equal(true);
    for (const type of Object.keys(defs) as EnergyType[]) {
      for (const [prop, d] of Object.entries(defs[type].defaults)) {
        if (d.validate) expect(d.validate.length, `${type}.${prop}: validate(value, opt)`).to.equal(2);
      }
    }
  });

  describe('load balancer', () => {
    it('limit per phase: 10–1000 A (LEKTRI.CO breaker_rating)', () => {
      for (const limitA of ['10', '25', '1000']) expect(problemsOf('lektrico-load-balancer', { limitA }), limitA).to.deep.equal({});
      for (const limitA of ['9', '1001', '', 'x']) expect(problemsOf('lektrico-load-balancer', { limitA }).limitA, limitA).to.equal('limit');
    });

    it('a limit that leaves less than the 6 A minimum once the margin is taken is invalid', () => {
      expect(problemsOf('lektrico-load-balancer', { limitA: '10', marginA: '4' })).to.deep.equal({});
      expect(problemsOf('lektrico-load-balancer', { limitA: '10', marginA: '4.5' })).to.have.property('marginA', 'margin');
      expect(problemsOf('lektrico-load-balancer', { marginA: '-1' })).to.have.property('marginA', 'margin');
    });

    it('fail-safe current: 0 (pause) or 6–32 A, never above the limit minus the margin', () => {
      for (const failsafeCurrentA of ['0', '6', '24']) expect(problemsOf('lektrico-load-balancer', { failsafeCurrentA }), failsafeCurrentA).to.deep.equal({});
      for (const failsafeCurrentA of ['3', '5.9', '33', '', '-1']) {
        expect(problemsOf('lektrico-load-balancer', { failsafeCurrentA }).failsafeCurrentA, failsafeCurrentA).to.equal('failsafe');
      }
      expect(problemsOf('lektrico-load-balancer', { limitA: '16', marginA: '2', failsafeCurrentA: '16' })).to.deep.equal({ failsafeCurrentA: 'failsafe' });
    });

    it('power cap: empty (none) or enough for one car at 6 A; timeout at least 1 s; hold not negative', () => {
      expect(problemsOf('lektrico-load-balancer', { powerCapKw: '' })).to.deep.equal({});
      expect(problemsOf('lektrico-load-balancer', { powerCapKw: '11' })).to.deep.equal({});
      expect(problemsOf('lektrico-load-balancer', { powerCapKw: '1' })).to.deep.equal({ powerCapKw: 'powerCap' });
      expect(problemsOf('lektrico-load-balancer', { staleAfterS: '0.5', increaseHoldS: '-1' })).to.deep.equal({ staleAfterS: 'staleAfter', increaseHoldS: 'increaseHold' });
    });

    it('validate() checks the value against the node\'s other values and answers with the catalogue message', () => {
      expect(validate('lektrico-load-balancer', 'marginA', '1', { limitA: '25' })).to.equal(true);
      expect(validate('lektrico-load-balancer', 'marginA', '20', { limitA: '25' })).to.equal('lektrico-load-balancer.validation.margin');
      // The other field's value counts: the same margin is fine under a bigger limit.
      expect(validate('lektrico-load-balancer', 'marginA', '20', { limitA: '40' })).to.equal(true);
      expect(validate('lektrico-load-balancer', 'failsafeCurrentA', '3')).to.equal('lektrico-load-balancer.validation.failsafe');
    });

    it('leaves a value from an environment variable to the runtime when another field depends on it', () => {
      expect(problemsOf('lektrico-load-balancer', { limitA: '${MAIN_BREAKER_A}', marginA: '1' })).to.deep.equal({ limitA: 'limit' });
    });
  });

  describe('PV surplus', () => {
    it('Hybrid current: whole amperes from 6 to 32 (LEKTRI.CO lb_hybrid_current)', () => {
      for (const hybridCurrentA of ['6', '16', '32']) expect(problemsOf('lektrico-pv-surplus', { hybridCurrentA }), hybridCurrentA).to.deep.equal({});
      for (const hybridCurrentA of ['5', '33', '6.5', '']) {
        expect(problemsOf('lektrico-pv-surplus', { hybridCurrentA }).hybridCurrentA, hybridCurrentA).to.equal('hybridCurrent');
      }
    });

    it('thresholds in W and delays in s are not negative; hysteresis at least 1 W; a mode from the list', () => {
      expect(problemsOf('lektrico-pv-surplus', { startThresholdW: '-1', disableDelayS: '-5', phaseHysteresisW: '0', mode: 'turbo' })).to.deep.equal({
        startThresholdW: 'watts',
        disableDelayS: 'seconds',
        phaseHysteresisW: 'hysteresis',
        mode: 'choice',
      });
    });

    it('Green starts per day are whole and not negative (0 = no limit)', () => {
      expect(problemsOf('lektrico-pv-surplus', { maxStartsPerDay: '0' })).to.deep.equal({});
      expect(problemsOf('lektrico-pv-surplus', { maxStartsPerDay: '6' })).to.deep.equal({});
      expect(problemsOf('lektrico-pv-surplus', { maxStartsPerDay: '2.5' })).to.deep.equal({ maxStartsPerDay: 'startsPerDay' });
      expect(problemsOf('lektrico-pv-surplus', { maxStartsPerDay: '-1' })).to.deep.equal({ maxStartsPerDay: 'startsPerDay' });
    });

    it('Green budgets in Wh and the early restart margin in W are not negative (0 = off)', () => {
      expect(problemsOf('lektrico-pv-surplus', { stopBudgetWh: '0', earlyRestartMarginW: '0', phaseDownBudgetWh: '0', phaseUpBudgetWh: '0' })).to.deep.equal({});
      expect(problemsOf('lektrico-pv-surplus', { stopBudgetWh: '-1', earlyRestartMarginW: '-100', phaseDownBudgetWh: '', phaseUpBudgetWh: '-5' })).to.deep.equal({
        stopBudgetWh: 'wattHours',
        earlyRestartMarginW: 'watts',
        phaseDownBudgetWh: 'wattHours',
        phaseUpBudgetWh: 'wattHours',
      });
    });

    it('smoothing while falling: 0 s or more and never longer than the surplus smoothing', () => {
      expect(problemsOf('lektrico-pv-surplus', { smoothingS: '10', smoothingFallS: '10' })).to.deep.equal({});
      expect(problemsOf('lektrico-pv-surplus', { smoothingS: '0', smoothingFallS: '0' })).to.deep.equal({});
      expect(problemsOf('lektrico-pv-surplus', { smoothingFallS: '-1' })).to.deep.equal({ smoothingFallS: 'smoothingFall' });
      // Turning the smoothing off leaves the default 4 s while falling: the dialog says so on that field.
      expect(validate('lektrico-pv-surplus', 'smoothingFallS', '4', { smoothingS: '0' })).to.equal('lektrico-pv-surplus.validation.smoothingFall');
      // A smoothing from an environment variable is left to the runtime.
      expect(problemsOf('lektrico-pv-surplus', { smoothingS: '${SMOOTHING_S}', smoothingFallS: '4' })).to.deep.equal({ smoothingS: 'seconds' });
    });

    it('battery: SoC 0–100 %, and with "battery first below a SoC" the SoC plus its hysteresis must stay reachable', () => {
      expect(problemsOf('lektrico-pv-surplus', { batteryPrioritySoc: '101' })).to.deep.equal({ batteryPrioritySoc: 'soc' });
      expect(problemsOf('lektrico-pv-surplus', { batteryPolicy: 'battery-first-below-soc', batteryPrioritySoc: '98', batterySocHysteresis: '5' })).to.deep.equal({
        batterySocHysteresis: 'socHysteresis',
      });
      expect(problemsOf('lektrico-pv-surplus', { batteryPolicy: 'car-first', batteryPrioritySoc: '98', batterySocHysteresis: '5' })).to.deep.equal({});
      expect(problemsOf('lektrico-pv-surplus', { batteryTimeoutS: '0' })).to.deep.equal({ batteryTimeoutS: 'batteryTimeout' });
    });
  });

  describe('power splitter', () => {
    it('priorities: each row a station id (once) and a number', () => {
      expect(problemsOf('lektrico-power-splitter', { priorities: [{ station: 'garage', priority: 2 }, { station: 'carport', priority: 0 }] })).to.deep.equal({});
      for (const priorities of [[{ station: '', priority: 1 }], [{ station: 'a', priority: 'x' }], [{ station: 'a', priority: 1 }, { station: ' a ', priority: 2 }]]) {
        expect(problemsOf('lektrico-power-splitter', { priorities }), JSON.stringify(priorities)).to.deep.equal({ priorities: 'priorities' });
      }
    });

    it('priorities: marks exactly the numbers the runtime refuses (outside -1000 to 1000)', () => {
      const runtimeTakes = (priority: number): boolean => {
        try {
          checkSplitterConfig({ priorities: { garage: priority } });
          return true;
        } catch {
          return false;
        }
      };
      for (const priority of [-1000, -1, 0, 2.5, 1000, -1001, 1001, 5000]) {
        const marked = problemsOf('lektrico-power-splitter', { priorities: [{ station: 'garage', priority }] }).priorities === 'priorities';
        expect(marked, `priority ${priority}: the dialog marks it exactly when the runtime refuses it`).to.equal(!runtimeTakes(priority));
      }
    });

    it('increase step 0 (no limit) or at least 1 A; under-use and rotation limits as the runtime checks them', () => {
      expect(problemsOf('lektrico-power-splitter', { increaseStepA: '0' })).to.deep.equal({});
      expect(
        problemsOf('lektrico-power-splitter', { increaseStepA: '0.5', underuseThresholdA: '0.4', underuseMarginA: '0.5', rotationIntervalMin: '0', resumeDelayS: '-1' }),
      ).to.deep.equal({
        increaseStepA: 'increaseStep',
        underuseThresholdA: 'underuseThreshold',
        underuseMarginA: 'underuseMargin',
        rotationIntervalMin: 'rotationInterval',
        resumeDelayS: 'seconds',
      });
    });
  });

  describe('dialog and runtime agree: the dialog marks a setting exactly when the runtime refuses it', () => {
    // Not here: an empty field. The dialog marks it (and Node-RED's `required`); the runtime takes its default
    // there, for a flow saved before the setting existed. Nor an empty priority row, which the runtime skips.
    const VALUES = ['-1', '0', '0.4', '0.5', '0.9', '1', '1.37', '1.38', '1.5', '3', '5', '5.9', '6', '6.5', '9', '10', '12', '16', '24', '32', '33', '40', '50', '51', '60', '95', '98', '100', '101', '1000', '1001', 'x'];
    const CHOICES = ['name', 'mode', 'strategy', 'batteryPolicy', 'priorities'];

    /** Every combination of the listed values of some settings, over the defaults. */
    function combinations(grid: Record<string, readonly unknown[]>): Values[] {
      return Object.entries(grid).reduce<Values[]>((all, [prop, values]) => all.flatMap((v) => values.map((value) => ({ ...v, [prop]: value }))), [{}]);
    }

    function disagreements(type: EnergyType, cases: Values[]): string[] {
      const out: string[] = [];
      for (const over of cases) {
        const values = { ...structuredClone(NODE_DEFAULTS[type]), ...over };
        const marked = Object.keys(defs[type].problems(values));
        let refused: string | undefined;
        try {
          runtimeCheck[type]({ id: 'n', type, ...values } as NodeDef);
        } catch (err) {
          refused = (err as Error).message;
        }
        if ((marked.length > 0) !== (refused !== undefined)) out.push(`${JSON.stringify(over)}: dialog ${JSON.stringify(marked)}, runtime ${refused ?? 'takes it'}`);
      }
      return out;
    }

    for (const type of Object.keys(ENERGY_NODES).map((k) => ENERGY_NODES[k as keyof typeof ENERGY_NODES])) {
      it(`${type}: each setting over a range of values`, () => {
        const props = Object.keys(defs[type].defaults).filter((p) => defs[type].defaults[p].validate && !CHOICES.includes(p));
        expect(disagreements(type, props.flatMap((prop) => VALUES.map((value) => ({ [prop]: value }))))).to.deep.equal([]);
      });
    }

    it('the settings that depend on each other', () => {
      expect(disagreements('lektrico-load-balancer', combinations({ limitA: ['10', '16', '25'], marginA: ['0', '1', '4', '4.5', '10'], failsafeCurrentA: ['0', '3', '6', '10', '12', '16', '24'] }))).to.deep.equal([]);
      expect(disagreements('lektrico-load-balancer', combinations({ powerCapKw: ['', '0', '1', '1.37', '1.38', '11'] }))).to.deep.equal([]);
      expect(disagreements('lektrico-pv-surplus', combinations({ smoothingS: ['0', '4', '10'], smoothingFallS: ['0', '2', '4', '10', '12'] }))).to.deep.equal([]);
      expect(
        disagreements('lektrico-pv-surplus', combinations({ batteryPolicy: ['car-first', 'battery-first', 'battery-first-below-soc'], batteryPrioritySoc: ['0', '50', '95', '98', '100'], batterySocHysteresis: ['0', '2', '5', '50', '51'] })),
      ).to.deep.equal([]);
      const rows = [[{ station: 'garage', priority: 1 }, { station: 'carport', priority: 2 }], [{ station: 'garage', priority: 1 }, { station: ' garage ', priority: 2 }], [{ station: 'garage', priority: 'x' }]];
      expect(disagreements('lektrico-power-splitter', combinations({ priorities: rows, strategy: ['fair', 'priority'] }))).to.deep.equal([]);
    });
  });

  it('every message a rule can give is in the en-US catalogue', () => {
    for (const [name, type] of Object.entries(ENERGY_NODES)) {
      const html = fs.readFileSync(path.join(ROOT, 'nodes', name, `${name}.html`), 'utf8');
      const catalogue = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes', name, 'locales', 'en-US', `${name}.json`), 'utf8')) as Record<string, { validation: Record<string, string> }>;
      const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1];
      const keys = new Set([...script.matchAll(/\bp(?:\.(\w+)|\[\w+\]) = '(\w+)'/g)].map((m) => m[2]));
      expect(keys.size, name).to.be.greaterThan(2);
      for (const key of keys) expect(catalogue[type].validation[key], `${type}.validation.${key}`).to.be.a('string').and.not.equal('');
    }
  });
});
