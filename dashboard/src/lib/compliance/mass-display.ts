import { ExactDecimal } from '@emissions/contracts';
import { displayLocale, formatDecimal } from '$lib/format';

/** How the operator reads a mass: kilograms of CH4, tonnes of CH4, or tonnes of CO2-equivalent. */
export type MassView = 'kg' | 't' | 'co2e';

export const MASS_VIEWS: ReadonlyArray<{ value: MassView; label: string }> = [
  { value: 'kg', label: 'kg CH4' },
  { value: 't', label: 't CH4' },
  { value: 'co2e', label: 't CO2e' },
];

/** The GWP sets the contract names; the server holds their factors and sources (an unknown name is 400). */
export const GWP_SETS = ['AR6-fossil', 'AR6-nonfossil', 'AR6', 'AR5', 'AR4', 'AR6-fossil-GWP20'] as const;
export const DEFAULT_GWP_SET = 'AR6-fossil';

/**
 * A CH4 mass in kg shown in the chosen view, exact: tonnes are kg ÷ 1000; CO2e is kg × factor ÷ 1000 rounded
 * half-up to 6 decimals of a tonne, as the API computes it. `gwpFactor` is needed only for the CO2e view.
 */
export function massIn(view: MassView, kg: string, gwpFactor?: string): string {
  if (view === 'kg') return kg;
  const tonnes = new ExactDecimal(kg).div(1000);
  if (view === 't') return tonnes.toFixed();
  if (gwpFactor === undefined) throw new Error('a CO2e figure needs the GWP factor');
  return tonnes.times(gwpFactor).toDecimalPlaces(6).toFixed();
}

export function formatMassIn(view: MassView, kg: string, gwpFactor?: string, locale = displayLocale): string {
  const unit = MASS_VIEWS.find((v) => v.value === view)?.label ?? 'kg CH4';
  return `${formatDecimal(massIn(view, kg, gwpFactor), locale)} ${unit}`;
}
