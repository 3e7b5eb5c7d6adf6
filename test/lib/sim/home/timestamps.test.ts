import { expect } from 'chai';
import { centralEuropeanCandidates, isCentralEuropeanSummerTime, parseTimestamp, parseWallClock } from '../../../../lib/sim/home/timestamps';

describe('timestamps', () => {
  it('parses ISO with Z, offsets (with or without colon, space separator) and epoch s/ms', () => {
    expect(parseTimestamp('2016-06-21T22:00:00Z')).to.equal(Date.UTC(2016, 5, 21, 22));
    expect(parseTimestamp('2016-06-22T00:00:00+0200')).to.equal(Date.UTC(2016, 5, 21, 22));
    expect(parseTimestamp('2022-03-18 04:33:00-07:00')).to.equal(Date.UTC(2022, 2, 18, 11, 33));
    expect(parseTimestamp('2024-01-01T00:00:00')).to.equal(Date.UTC(2024, 0, 1));
    expect(parseTimestamp('1717228800')).to.equal(1717228800000);
    expect(parseTimestamp('1717228800000')).to.equal(1717228800000);
    expect(() => parseTimestamp('yesterday')).to.throw(/not a timestamp/);
  });

  it('knows the EU summer-time switch instants (2019: 31 Mar and 27 Oct at 01:00 UTC)', () => {
    expect(isCentralEuropeanSummerTime(Date.UTC(2019, 2, 31, 0, 59))).to.equal(false);
    expect(isCentralEuropeanSummerTime(Date.UTC(2019, 2, 31, 1, 0))).to.equal(true);
    expect(isCentralEuropeanSummerTime(Date.UTC(2019, 9, 27, 0, 59))).to.equal(true);
    expect(isCentralEuropeanSummerTime(Date.UTC(2019, 9, 27, 1, 0))).to.equal(false);
  });

  it('gives two meanings to a repeated autumn wall-clock time and none to a skipped spring one', () => {
    expect(centralEuropeanCandidates(parseWallClock('2019-10-27 02:30:00'))).to.deep.equal([Date.UTC(2019, 9, 27, 0, 30), Date.UTC(2019, 9, 27, 1, 30)]);
    expect(centralEuropeanCandidates(parseWallClock('2019-03-31 02:30:00'))).to.deep.equal([]);
    expect(centralEuropeanCandidates(parseWallClock('2019-01-01 12:00:00'))).to.deep.equal([Date.UTC(2019, 0, 1, 11)]);
    // the switch instants: autumn 03:00 is 01:00Z (CEST) or 02:00Z (CET); spring 02:00 CET is 01:00Z
    expect(centralEuropeanCandidates(parseWallClock('2019-10-27 03:00:00'))).to.deep.equal([Date.UTC(2019, 9, 27, 1), Date.UTC(2019, 9, 27, 2)]);
    expect(centralEuropeanCandidates(parseWallClock('2019-03-31 02:00:00'))).to.deep.equal([Date.UTC(2019, 2, 31, 1)]);
    expect(centralEuropeanCandidates(parseWallClock('2019-03-31 03:00:00'))).to.deep.equal([Date.UTC(2019, 2, 31, 1)]);
  });
});
