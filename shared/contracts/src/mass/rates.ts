import { ExactDecimal, roundMass } from './decimal-mass';

/** Rate units of a v2 reading: the reading is a rate over `duration_s` seconds, not a mass. */
export const RATE_UNITS = ['kg/h', 'scf/h'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];

/** kg of methane per standard cubic foot at 60 °F and 14.7 psia (the contract's factor). */
export const KG_PER_SCF = '0.0192';
export const MAX_DURATION_S = 86_400;
const SECONDS_PER_HOUR = 3600;

const KG_H_PER_UNIT: Record<RateUnit, string> = { 'kg/h': '1', 'scf/h': KG_PER_SCF };

export function isRateUnit(unit: string): unit is RateUnit {
  return (RATE_UNITS as readonly string[]).includes(unit);
}

/** A rate reading in kg: the rate in kg/h and the mass over its interval, each rounded half-up to 6 digits. */
export type RateInKilograms = { rate_kg_h: string; mass_kg: string };

/**
 * Converts exactly: the mass is rate × factor × duration ÷ 3600 computed unrounded and rounded once
 * (1 kg/h for 1 s is 0.000277…, kept as "0.000278"); the kept rate is rate × factor, rounded.
 */
export function rateToKilograms(rate: ExactDecimal, unit: RateUnit, durationS: number): RateInKilograms {
  const kgPerHour = rate.times(KG_H_PER_UNIT[unit]);
  return {
    rate_kg_h: roundMass(kgPerHour),
    mass_kg: roundMass(kgPerHour.times(durationS).dividedBy(SECONDS_PER_HOUR)),
  };
}
