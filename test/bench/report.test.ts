import { expect } from 'chai';
import { aggregate, groupKey } from '../../bench/control/aggregate';
import type { JobResult } from '../../bench/control/job';
import { LogHistogram } from '../../bench/control/histogram';
import { ratioRow, tableRow } from '../../bench/control/report';
import { renderChart } from '../../bench/control/svg-chart';

function result(policy: string, meter: string | undefined, day: string, energyKWh: number, starts: number): JobResult {
  const h = new LogHistogram();
  h.add(150);
  return {
    job: { id: 0, scenario: 's', day, peaks: true, row: { policy, meter } },
    figures: {
      durationS: 86_400,
      phases: [0, 1, 2].map(() => ({ secondsOver: 0, ampSecondsOver: 0, peakA: 10, breakerPeakPct: 20, tripped: false })),
      secondsOverAny: 864,
      pctTimeOver: 1,
      peakRatio: 1.1,
      breakerPeakPct: 20,
      tripped: day === 'd2',
      energyKWh,
      pvToCarKWh: energyKWh / 2,
      gridToCarKWh: energyKWh / 2,
      surplusKWh: energyKWh,
      stations: [{ energyKWh, starts, stops: starts }],
      commands: 24,
    },
    reaction: { episodes: 1, detected: 1, commanded: 1, readingToCommandMs: h.toData(), onsetToCommandMs: h.toData(), onsetToClearMs: h.toData(), commandWallUs: h.toData() },
    readingWallUs: h.toData(),
    steadyReadingWallUs: h.toData(),
    wallMs: 1,
  };
}

describe('aggregation and report', () => {
  const rows = aggregate([
    result('ours', 'push 1 s', 'd1', 10, 2),
    result('ours', 'push 1 s', 'd2', 30, 5),
    result('oracle', undefined, 'd1', 20, 1),
    result('oracle', undefined, 'd2', 40, 1),
  ]);
  const ours = rows.get(groupKey('s', true, { policy: 'ours', meter: 'push 1 s' }))!;
  const oracle = rows.get(groupKey('s', true, { policy: 'oracle' }))!;

  it('sums energies, takes maxima, counts tripping days and normalises per hour and per car-day', () => {
    expect(ours.energyKWh).to.equal(40);
    expect(ours.gridSharePct).to.equal(50);
    expect(ours.pctTimeOver).to.be.closeTo(1, 1e-9);
    expect(ours.trips).to.equal(1);
    expect(ours.maxStartsPerCarRun).to.equal(5);
    expect(ours.meanStartsPerCarDay).to.equal(3.5);
    expect(ours.commandsPerHour).to.equal(1);
  });

  it('renders a row and the ratio to the oracle', () => {
    expect(tableRow(ours)).to.match(/^\| \*\*ours\*\* \| push 1 s \| 40\.0 \| 20\.0 \| 50\.0 % \| 1\.00 % /);
    expect(ratioRow(ours, oracle)).to.contain('66.7 %');
    expect(tableRow(oracle)).to.contain('| — | — | — |');
  });

  it('draws an SVG chart with one path per series', () => {
    const svg = renderChart({
      title: 'a < b',
      xStartMs: 0,
      xEndMs: 3_600_000,
      panels: [{ yLabel: 'kW', series: [{ name: 'PV', color: '#e69f00', points: [[0, 1], [3_600_000, 2]] }, { name: 'car', color: '#0072b2', points: [[0, 0], [1_800_000, 3]], dashed: true }] }],
    });
    expect(svg.startsWith('<svg')).to.equal(true);
    expect(svg.match(/<path /g)).to.have.length(2);
    expect(svg).to.contain('a &lt; b');
    expect(svg).to.contain('stroke-dasharray');
  });
});
