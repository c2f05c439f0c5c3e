// The level a problem sits at (PRODUCT.md): the organisation itself, a unit, or an individual cadre.
/** Who a problem is about: the organisation as a whole, one unit, or one cadre. */
export const LEVELS = ['organisation', 'unit', 'individual'] as const;
export type Level = (typeof LEVELS)[number];

export function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}
