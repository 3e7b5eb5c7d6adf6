/** How fast cars follow the station's signal: the waits the chain allows them. */

/**
 * ms after a command during which a drawing car may still be ramping to it: IEC 61851-1 gives
 * the car 5 s, and some take about 11 s in practice (EVerest PR #762).
 */
export const CAR_SETTLE_MS = 15_000;

/** ms after a command during which a car that draws nothing yet may still start: EVs often wait 10–40 s (SmartEVSE #19). */
export const CAR_START_MS = 45_000;
