// The categories an opinion or a problem is sorted into: the source's "thought, work and style"
// of the organisation's cadres, and the usual subjects of complaint. A fixed list (the database
// checks it) so both languages name every one; labels are catalogue keys problems.categories.<key>.
export const CATEGORIES = ['ideology', 'work', 'style', 'discipline', 'cadre_selection', 'service', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
