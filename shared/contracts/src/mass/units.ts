import { ExactDecimal, roundMass } from './decimal-mass';

export const MASS_UNITS = ['kg', 'g', 't', 'lb'] as const;
export type MassUnit = (typeof MASS_UNITS)[number];

/** Exact factors to kilograms (1 lb is defined as exactly 0.45359237 kg). */
const KG_PER_UNIT: Record<MassUnit, string> = { kg: '1', g: '0.001', t: '1000', lb: '0.45359237' };

/** Converts to kg exactly, then rounds half-up to 6 fractional digits. */
export function toKilograms(value: ExactDecimal, unit: MassUnit): string {
  return roundMass(value.times(KG_PER_UNIT[unit]));
}
