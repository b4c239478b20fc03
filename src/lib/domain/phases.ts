/**
 * The phases of a plan, as codes. Kept apart from the rules schema so that the stored record's
 * schema can use them without pulling the whole rules schema into the first page.
 */
export const PHASES = ['before-return', 'at-return', 'after-return'] as const;
