/** The pure domain core of Homeward: rules, answers, scoring, plan and decision. */
export * from './rules-schema.ts';
export * from './compile.ts';
export * from './rules.ts';
export * from './answers.ts';
export * from './engine.ts';
export * from './decision.ts';
export * from './dates.ts';
export { canonicalJson, contentHash } from './hash.ts';
