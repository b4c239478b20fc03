import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRules } from '../../src/lib/domain/rules.ts';
import { formatPath, parseRulesYaml } from '../../src/lib/domain/rules-yaml.ts';
import { listRulesFiles } from '../../src/cli/rules-files.ts';
import { generateSchema, SCHEMA_FILE } from '../../src/cli/rules-schema.ts';
import { miniRules, miniRulesWithCaps } from '../fixtures/mini-rules.ts';

type Data = Record<string, any>;

interface BrokenCase {
	name: string;
	mutate: (d: Data) => void;
	path: string;
	message: RegExp;
}

const domain = (d: Data, id: string) => d.domains.find((x: Data) => x.id === id);
const band = (d: Data, id: string) => d.bands.find((x: Data) => x.id === id);

// Every kind of broken rules file we know of: what is wrong, where it is reported, and the sentence.
const broken: BrokenCase[] = [
	// Structure
	{
		name: 'a required field is missing',
		mutate: (d) => delete d.title,
		path: 'title',
		message: /required but missing/
	},
	{
		name: 'a misspelt field',
		mutate: (d) => (d.domains[0].factors[0].guidence = 'x'),
		path: 'domains[0].factors[0]',
		message: /unknown field "guidence"/
	},
	{
		name: 'a field of the wrong type',
		mutate: (d) => (d.domains[0].weight = 'heavy'),
		path: 'domains[0].weight',
		message: /wrong type.*number/
	},
	{
		name: 'an id that is not lower-case words',
		mutate: (d) => (d.domains[0].id = 'Home Domain'),
		path: 'domains[0].id',
		message: /lower-case/
	},
	{
		name: 'a version that is not semantic',
		mutate: (d) => (d.version = 'v1'),
		path: 'version',
		message: /semantic version/
	},
	{
		name: 'an unknown status',
		mutate: (d) => (d.status = 'live'),
		path: 'status',
		message: /one of "draft", "active", "retired"/
	},
	{
		name: 'guidance too short to help',
		mutate: (d) => (d.domains[0].factors[0].guidance = 'Rate it.'),
		path: 'domains[0].factors[0].guidance',
		message: /at least 40 characters/
	},
	{
		name: 'an unknown phase',
		mutate: (d) => (d.support[0].phase = 'later'),
		path: 'support[0].phase',
		message: /before-return/
	},
	{
		name: 'a date written the wrong way',
		mutate: (d) => (d.published = '01/01/2026'),
		path: 'published',
		message: /YYYY-MM-DD/
	},
	// Duplicates
	{
		name: 'a duplicate domain id',
		mutate: (d) => (d.domains[1].id = 'home'),
		path: 'domains[1].id',
		message: /duplicate domain id "home"/
	},
	{
		name: 'a factor id used in two domains',
		mutate: (d) => (d.domains[1].factors[0].id = 'housing'),
		path: 'domains[1].factors[0].id',
		message: /duplicate factor id "housing".*across all domains/
	},
	{
		name: 'a duplicate band id',
		mutate: (d) => (d.bands[3].id = 'not-yet'),
		path: 'bands[3].id',
		message: /duplicate band id/
	},
	{
		name: 'a duplicate option value',
		mutate: (d) => (d.scales[0].options[1].value = 'serious'),
		path: 'scales[0].options[1].value',
		message: /duplicate value "serious"/
	},
	{
		name: 'a duplicate service id',
		mutate: (d) => (d.support[1].id = 'drugs-service'),
		path: 'support[1].id',
		message: /duplicate service id/
	},
	// Scales
	{
		name: 'ordered scores that do not rise',
		mutate: (d) => (d.scales[0].options[2].score = -2),
		path: 'scales[0].options[2].score',
		message: /must rise/
	},
	{
		name: 'an ordered option without a score',
		mutate: (d) => delete d.scales[0].options[0].score,
		path: 'scales[0].options[0].score',
		message: /needs a score/
	},
	{
		name: 'a score on an unordered scale',
		mutate: (d) => (d.scales[2].options[0].score = 1),
		path: 'scales[2].options[0].score',
		message: /not ordered/
	},
	{
		name: 'a scored neutral answer',
		mutate: (d) => (d.scales[0].neutral[0].score = 0),
		path: 'scales[0].neutral[0].score',
		message: /never scored/
	},
	{
		name: 'an unknown scale',
		mutate: (d) => (d.domains[0].factors[0].scale = 'ratng'),
		path: 'domains[0].factors[0].scale',
		message: /unknown scale "ratng"/
	},
	{
		name: 'a domain with nothing scored',
		mutate: (d) => (domain(d, 'safety').factors[1].weight = 0),
		path: 'domains[2].factors',
		message: /no scored factor/
	},
	// Conditions
	{
		name: 'an unknown factor in a hard stop',
		mutate: (d) => (d.hardStops[0].when.factor = 'acces'),
		path: 'hardStops[0].when.factor',
		message: /unknown factor "acces"/
	},
	{
		name: 'an unknown factor in a service condition',
		mutate: (d) => (d.support[1].recommendWhen.any[0].factor = 'house'),
		path: 'support[1].recommendWhen.any[0].factor',
		message: /unknown factor "house"/
	},
	{
		name: 'a value not on the factor’s scale',
		mutate: (d) => (d.hardStops[0].when.is = 'maybe'),
		path: 'hardStops[0].when.is',
		message: /"maybe" is not an answer on scale "concern"/
	},
	{
		name: 'atMost on an unordered scale',
		mutate: (d) => (d.support[0].recommendWhen = { factor: 'drugs-history', atMost: 'yes' }),
		path: 'support[0].recommendWhen.atMost',
		message: /needs an ordered scale/
	},
	{
		name: 'atMost with a neutral value',
		mutate: (d) => (d.support[0].recommendWhen.atMost = 'not-known'),
		path: 'support[0].recommendWhen.atMost',
		message: /not an ordered answer/
	},
	{
		name: 'a condition with two forms',
		mutate: (d) => (d.hardStops[0].when.atMost = 'yes'),
		path: 'hardStops[0].when',
		message: /exactly one of/
	},
	{
		name: 'a condition with no form',
		mutate: (d) => (d.hardStops[0].when = { factor: 'access' }),
		path: 'hardStops[0].when',
		message: /needs one of/
	},
	{
		name: 'a combining condition with a factor',
		mutate: (d) => (d.support[1].recommendWhen.factor = 'housing'),
		path: 'support[1].recommendWhen',
		message: /takes no "factor"/
	},
	{
		name: 'showIf pointing at a later question',
		mutate: (d) => (domain(d, 'home').factors[0].showIf = { factor: 'drugs-history', is: 'yes' }),
		path: 'domains[0].factors[0].showIf',
		message: /not asked before it/
	},
	{
		name: 'showIf depending on a rating',
		mutate: (d) => (domain(d, 'care').factors[2].showIf = { factor: 'parenting', atMost: 'mild' }),
		path: 'domains[1].factors[2].showIf',
		message: /only depend on unscored facts/
	},
	{
		name: 'a hard stop a better answer could set off',
		mutate: (d) => (d.hardStops[0].when = { factor: 'protect', atLeast: 'some' }),
		path: 'hardStops[0].when',
		message: /set off by a better answer/
	},
	{
		name: 'a hard stop on a middle rating only',
		mutate: (d) => (d.hardStops[0].when = { factor: 'protect', is: 'moderate' }),
		path: 'hardStops[0].when',
		message: /set off by a better answer/
	},
	// Thresholds
	{
		name: 'overlapping band thresholds',
		mutate: (d) => (band(d, 'not-yet').from = -1.5),
		path: 'bands[1].from',
		message: /overlaps "not-safe"/
	},
	{
		name: 'a gap between bands',
		mutate: (d) => (band(d, 'ready').from = 1.5),
		path: 'bands[3].from',
		message: /leaving a gap/
	},
	{
		name: 'bands not listed least ready first',
		mutate: (d) => {
			d.bands = [d.bands[0], d.bands[2], d.bands[1], d.bands[3]];
		},
		path: 'bands[2].from',
		message: /listed least ready first/
	},
	{
		name: 'a first band with a lower limit',
		mutate: (d) => (d.bands[0].from = -3),
		path: 'bands[0].from',
		message: /must not have "from"/
	},
	{
		name: 'a last band with an upper limit',
		mutate: (d) => (d.bands[3].below = 3),
		path: 'bands[3].below',
		message: /must not have "below"/
	},
	{
		name: 'an empty band range',
		mutate: (d) => {
			band(d, 'ready-with-plan').below = 0;
			band(d, 'ready').from = 0;
		},
		path: 'bands[2]',
		message: /which is empty/
	},
	{
		name: 'judgement levels with a gap',
		mutate: (d) => (d.judgements[0].levels[1].from = 0),
		path: 'judgements[0].levels[1].from',
		message: /leaving a gap/
	},
	{
		name: 'a judgement on an unknown domain',
		mutate: (d) => (d.judgements[0].domains = ['safty']),
		path: 'judgements[0].domains[0]',
		message: /unknown domain "safty"/
	},
	// Combination
	{
		name: 'a cap on an unknown judgement',
		mutate: (d) => (d.caps[0].judgement = 'risk'),
		path: 'caps[0].judgement',
		message: /unknown judgement "risk"/
	},
	{
		name: 'a cap on an unknown level',
		mutate: (d) => (d.caps[0].level = 'high'),
		path: 'caps[0].level',
		message: /no level "high"/
	},
	{
		name: 'a cap to an unknown band',
		mutate: (d) => (d.caps[0].maxBand = 'never'),
		path: 'caps[0].maxBand',
		message: /unknown band "never"/
	},
	{
		name: 'a better level with a lower cap',
		mutate: (d) => {
			d.caps[0].maxBand = 'ready-with-plan';
			d.caps.push({ judgement: 'safety', level: 'safe', maxBand: 'not-yet', reason: 'Backwards.' });
		},
		path: 'caps[1].maxBand',
		message: /better level must never have a lower cap/
	},
	{
		name: 'two caps for one level',
		mutate: (d) => d.caps.push({ ...d.caps[0] }),
		path: 'caps[1]',
		message: /a second cap/
	},
	// Reachability
	{
		name: 'a band no answers can reach',
		mutate: (d) => {
			band(d, 'ready-with-plan').below = 2.5;
			band(d, 'ready').from = 2.5;
		},
		path: 'bands[3]',
		message: /can never be reached/
	},
	{
		name: 'a cap that keeps the top band out of reach',
		mutate: (d) => {
			d.judgements[0].levels = [
				{ id: 'unsafe', label: 'Unsafe', below: 5 },
				{ id: 'safe', label: 'Safe', from: 5 }
			];
		},
		path: 'bands[3]',
		message: /"ready" can never be reached/
	},
	{
		name: 'a service that can never be recommended',
		mutate: (d) =>
			(d.support[0].recommendWhen = {
				all: [
					{ factor: 'drugs-change', atMost: 'mild' },
					{ factor: 'drugs-history', is: 'no' }
				]
			}),
		path: 'support[0].recommendWhen',
		message: /can never be recommended/
	},
	{
		name: 'a service needing two answers to one question',
		mutate: (d) =>
			(d.support[1].recommendWhen = {
				all: [
					{ factor: 'housing', is: 'serious' },
					{ factor: 'housing', is: 'clear' }
				]
			}),
		path: 'support[1].recommendWhen',
		message: /can never be recommended/
	},
	{
		name: 'a hard stop that can never be set off',
		mutate: (d) =>
			(d.hardStops[0].when = {
				all: [
					{ factor: 'access', is: 'yes' },
					{ factor: 'access', is: 'not-known' }
				]
			}),
		path: 'hardStops[0].when',
		message: /can never be set off/
	},
	// References
	{
		name: 'an unknown source',
		mutate: (d) => (d.hardStops[0].sources = ['nobody-2020']),
		path: 'hardStops[0].sources[0]',
		message: /unknown source "nobody-2020"/
	},
	{
		name: 'an unknown default placement',
		mutate: (d) => (d.referenceCosts.defaultPlacement = 'hotel'),
		path: 'referenceCosts.defaultPlacement',
		message: /unknown placement "hotel"/
	}
];

const cap = (d: Data, id: string) => d.conditionalCaps.find((x: Data) => x.id === id);
const svc = (d: Data, id: string) => d.support.find((x: Data) => x.id === id);

// The same, for the fields rules 1.1.0 brought (case facts, conditional caps, evidence, plans by band).
const brokenCaps: BrokenCase[] = [
	{
		name: 'a condition on an undeclared case fact',
		mutate: (d) => (cap(d, 'baby-drugs').when.all[0].fact = 'age'),
		path: 'conditionalCaps[3].when.all[0].fact',
		message: /unknown case fact "age"/
	},
	{
		name: 'a case fact value that is not declared',
		mutate: (d) => (cap(d, 'baby-drugs').when.all[0].is = 'newborn'),
		path: 'conditionalCaps[3].when.all[0].is',
		message: /"newborn" is not a value of case fact "age-band"/
	},
	{
		name: 'a case fact tested with atMost',
		mutate: (d) => (cap(d, 'baby-drugs').when.all[0] = { fact: 'age-band', atMost: 'under-1' }),
		path: 'conditionalCaps[3].when.all[0]',
		message: /tested with "is" only/
	},
	{
		name: 'a condition naming both a factor and a fact',
		mutate: (d) => (cap(d, 'baby-drugs').when.all[0].factor = 'housing'),
		path: 'conditionalCaps[3].when.all[0]',
		message: /either a "factor" or a "fact"/
	},
	{
		name: 'a duplicate case fact id',
		mutate: (d) => (d.facts[1].id = 'age-band'),
		path: 'facts[1].id',
		message: /duplicate case fact id "age-band"/
	},
	{
		name: 'a duplicate value in a case fact',
		mutate: (d) => (d.facts[0].values[1].value = 'under-1'),
		path: 'facts[0].values[1].value',
		message: /duplicate value "under-1"/
	},
	{
		name: 'a conditional cap on an unknown factor',
		mutate: (d) => (cap(d, 'parenting-concern').when.factor = 'parentin'),
		path: 'conditionalCaps[1].when.factor',
		message: /unknown factor "parentin"/
	},
	{
		name: 'a conditional cap to an unknown band',
		mutate: (d) => (cap(d, 'parenting-concern').maxBand = 'maybe'),
		path: 'conditionalCaps[1].maxBand',
		message: /unknown band "maybe"/
	},
	{
		name: 'a conditional cap set off by a better answer (atLeast)',
		mutate: (d) => (cap(d, 'parenting-concern').when = { factor: 'parenting', atLeast: 'some' }),
		path: 'conditionalCaps[1].when',
		message: /could be set off by a better answer/
	},
	{
		name: 'a conditional cap whose "is" skips a more concerning answer',
		mutate: (d) => (cap(d, 'parenting-concern').when = { factor: 'parenting', is: 'moderate' }),
		path: 'conditionalCaps[1].when',
		message: /could be set off by a better answer/
	},
	{
		name: 'a duplicate conditional cap id',
		mutate: (d) => (cap(d, 'protect-unknown').id = 'parenting-concern'),
		path: 'conditionalCaps[2].id',
		message: /duplicate conditional cap id/
	},
	{
		name: 'a conditional cap that can never apply',
		mutate: (d) =>
			(cap(d, 'parenting-concern').when = {
				all: [
					{ factor: 'parenting', is: 'serious' },
					{ factor: 'parenting', is: 'not-known' }
				]
			}),
		path: 'conditionalCaps[1].when',
		message: /can never apply/
	},
	{
		name: 'evidence rules capping to an unknown band',
		mutate: (d) => (d.evidence.maxBand = 'maybe'),
		path: 'evidence.maxBand',
		message: /unknown band "maybe"/
	},
	{
		name: 'an unknown-share of a whole or more',
		mutate: (d) => (d.evidence.maxUnknownShare = 1),
		path: 'evidence.maxUnknownShare',
		message: /less than 1|<1/
	},
	{
		name: 'a service with neither a condition nor bands',
		mutate: (d) => delete svc(d, 'permanence-planning').bands,
		path: 'support[3]',
		message: /neither "recommendWhen" nor "bands"/
	},
	{
		name: 'a service for an unknown band',
		mutate: (d) => (svc(d, 'permanence-planning').bands = ['not-safe', 'nope']),
		path: 'support[3].bands[1]',
		message: /unknown band "nope"/
	},
	{
		name: 'a service for an age band that is not declared',
		mutate: (d) => (svc(d, 'school-help').ages = ['12-14']),
		path: 'support[5].ages[0]',
		message: /"12-14" is not a value of case fact "age-band"/
	},
	{
		name: 'a service with ages when no age-band fact is declared',
		mutate: (d) =>
			(d.facts = d.facts.filter((f: Data) => f.id !== 'age-band')) &&
			(d.conditionalCaps = d.conditionalCaps.slice(0, 3)),
		path: 'support[5].ages[0]',
		message: /declare no case fact "age-band"/
	},
	{
		name: 'a service replaced by an unknown service',
		mutate: (d) => (svc(d, 'light-support').replacedBy = ['casework']),
		path: 'support[4].replacedBy[0]',
		message: /unknown service "casework"/
	},
	{
		name: 'a service replaced by itself',
		mutate: (d) => (svc(d, 'light-support').replacedBy = ['light-support']),
		path: 'support[4].replacedBy[0]',
		message: /cannot be replaced by itself/
	},
	{
		name: 'a service cost from an unknown source',
		mutate: (d) => (svc(d, 'light-support').costSource = 'guess'),
		path: 'support[4].costSource[0]',
		message: /unknown source "guess"/
	},
	{
		name: 'a source dated in words',
		mutate: (d) => (d.sources[0].date = 'spring 2024'),
		path: 'sources[0].date',
		message: /YYYY, YYYY-MM or YYYY-MM-DD/
	},
	{
		name: 'a scored factor in an unscored section',
		mutate: (d) => (d.domains[0].unscored = true),
		path: 'domains[0].factors[0].weight',
		message: /its section "home" is unscored: give it weight 0/
	},
	{
		name: 'a band plan that is not a known kind',
		mutate: (d) => (d.bands[0].plan = 'none'),
		path: 'bands[0].plan',
		message: /must be one of/
	}
];

describe('a broken rules file with 1.1.0 features is rejected with the path and a sentence', () => {
	it('the unbroken fixture is valid', () => {
		const r = parseRules(miniRulesWithCaps());
		expect(r.ok ? [] : r.issues).toEqual([]);
	});

	it.each(brokenCaps)('$name', ({ mutate, path, message }) => {
		const data = miniRulesWithCaps();
		mutate(data);
		const result = parseRules(data);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const found = result.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
		expect(found, JSON.stringify(found, null, 1)).toContainEqual({
			path,
			message: expect.stringMatching(message)
		});
	});
});

describe('a broken rules file is rejected with the path and a sentence', () => {
	it('the unbroken fixture is valid', () => {
		expect(parseRules(miniRules()).ok).toBe(true);
	});

	it.each(broken)('$name', ({ mutate, path, message }) => {
		const data = miniRules();
		mutate(data);
		const result = parseRules(data);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const found = result.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
		expect(found, JSON.stringify(found, null, 1)).toContainEqual({
			path,
			message: expect.stringMatching(message)
		});
	});

	it('input that is not an object at all is rejected, not thrown', () => {
		for (const input of [null, 42, 'rules', [], undefined]) {
			const result = parseRules(input);
			expect(result.ok).toBe(false);
		}
	});
});

describe('rules YAML is reported by file, line and column', () => {
	it('a YAML syntax error names the line', () => {
		const result = parseRulesYaml('id: mini\nversion: [1.0.0\n', 'rules/x.yaml');
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.errors[0]).toMatch(/^rules\/x\.yaml:\d+:\d+: the file is not valid YAML: /);
	});

	it('a duplicate key in YAML is an error, not a silent overwrite', () => {
		const result = parseRulesYaml('id: a\nid: b\n', 'r.yaml');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors.join('\n')).toMatch(/r\.yaml:2:1: .*[Uu]nique/);
	});

	it('a problem inside the file points at its line', () => {
		const real = readFileSync(
			join(import.meta.dirname, '../../rules/reunification-readiness/1.0.0.yaml'),
			'utf8'
		);
		const broken = real.replace('scale: rating', 'scale: ratng');
		const line = broken.split('\n').findIndex((l) => l.includes('scale: ratng')) + 1;
		const result = parseRulesYaml(broken, 'r.yaml');
		expect(result.ok).toBe(false);
		if (!result.ok)
			expect(result.errors[0]).toBe(
				`r.yaml:${line}:16: ${result.errors[0]?.split(': ').slice(1).join(': ')}`
			);
		if (!result.ok) expect(result.errors[0]).toMatch(/unknown scale "ratng"/);
	});
});

describe('the shipped rules files', () => {
	const files = listRulesFiles();

	it('there is at least one', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	it.each(files)('%s is valid', (file) => {
		const result = parseRulesYaml(readFileSync(file, 'utf8'), file);
		expect(result.ok ? [] : result.errors).toEqual([]);
	});

	it('each file is named after its id and version', () => {
		for (const file of files) {
			const result = parseRulesYaml(readFileSync(file, 'utf8'), file);
			if (!result.ok) continue;
			expect(file.endsWith(`/${result.rules.data.id}/${result.rules.data.version}.yaml`)).toBe(
				true
			);
		}
	});

	it('the JSON Schema beside them is generated from the current zod schema', () => {
		expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateSchema());
	});
});
