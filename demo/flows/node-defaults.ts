/**
 * Every property our nodes' editors define (their `defaults` in nodes/<name>/<name>.html), with
 * the editor's default values. Generated flows start from these, so a node looks in the editor
 * exactly as if it had been dragged in and edited: no property missing, no validation warning.
 * The examples test checks the keys against the .html files.
 */
export const NODE_DEFAULTS = {
  'lektrico-shelly-device': { name: '', host: '', transport: 'auto', pollInterval: 1, timeout: 5 },
  'lektrico-shelly-meter': { name: '', device: '' },
  'lektrico-normalizer': { name: '', mapping: 'auto', rotation: 'L1,L2,L3', evChannel: '', evPhase: 'L1', reverse: '', rules: [], roundTimeout: 500, outputs: 1 },
  'lektrico-load-balancer': { name: '', limitA: 25, marginA: 1, powerCapKw: '', staleAfterS: 10, failsafeCurrentA: 6, increaseHoldS: 10 },
  'lektrico-pv-surplus': {
    name: '',
    mode: 'power',
    hybridCurrentA: 6,
    startThresholdW: 0,
    stopThresholdW: 200,
    enableDelayS: 60,
    disableDelayS: 240,
    minRunS: 600,
    minPauseS: 600,
    smoothingS: 10,
    smoothingFallS: 4,
    stopBudgetWh: 60,
    earlyRestartMarginW: 1000,
    maxStartsPerDay: 6,
    greenSinglePhase: false,
    hybridSinglePhase: false,
    autoPhaseSwitch: false,
    phaseUpDelayS: 600,
    phaseDownDelayS: 180,
    phaseMinIntervalS: 600,
    phaseHysteresisW: 500,
    phaseDownBudgetWh: 100,
    phaseUpBudgetWh: 200,
    batteryPolicy: 'car-first',
    batteryPrioritySoc: 50,
    batterySocHysteresis: 5,
    batteryTimeoutS: 60,
  },
  'lektrico-power-splitter': {
    name: '',
    strategy: 'fair',
    priorities: [],
    increaseIntervalS: 5,
    increaseStepA: 6,
    underuseThresholdA: 2,
    underuseHoldS: 30,
    underuseMarginA: 2,
    resumeDelayS: 60,
    rotation: false,
    rotationIntervalMin: 60,
  },
  'lektrico-station': {
    name: '',
    host: '',
    station: '',
    phases: 'L1,L2,L3',
    allowPhaseSwitching: false,
    singlePhaseCar: false,
    minCurrent: 6,
    maxCurrent: 32,
    pollInterval: 2,
    timeout: 8,
    tag: 'node-red',
  },
} as const;

export type OurNodeType = keyof typeof NODE_DEFAULTS;

/** A node's properties: the editor's defaults overridden by the given ones. */
export function withDefaults(type: OurNodeType, props: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(NODE_DEFAULTS[type]), ...props };
}
