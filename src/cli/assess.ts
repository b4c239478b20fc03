/**
 * `npm run -s assess -- describe [--rules FILE]`
 * `npm run -s assess -- score [--rules FILE] --answers FILE [--today YYYY-MM-DD] [--return-date YYYY-MM-DD] [--placement ID] [--decided-band ID]`
 *
 * The answers file carries the case facts too: {"facts": {"age-band": "under-1"}, "answers": {…}}.
 * Prints JSON on stdout. On bad input, prints one sentence on stderr (then any details, one per
 * line) and exits non-zero: 1 for bad input, 2 for a wrong command line. See README "CLI".
 */
import { z } from 'zod';
import { assess } from '../lib/domain/engine.ts';
import { checkAnswers, checkFacts } from '../lib/domain/answers.ts';
import { whatWouldChange } from '../lib/domain/what-would-change.ts';
import { isIsoDate } from '../lib/domain/dates.ts';
import type { Rules } from '../lib/domain/rules.ts';
import {
	CliError,
	defaultRulesFile,
	displayPath,
	loadRulesFile,
	readBoundedFile
} from './rules-files.ts';

/** Largest answers file read: 1 MB (a complete set of answers with case facts is about 3 KB). */
export const MAX_ANSWERS_BYTES = 1024 * 1024;

const USAGE = `Usage:
  npm run -s assess -- describe [--rules FILE]
  npm run -s assess -- score [--rules FILE] --answers FILE [--today YYYY-MM-DD] [--return-date YYYY-MM-DD] [--placement ID] [--decided-band ID]`;

interface Args {
	command: string | undefined;
	flags: Map<string, string>;
}

const FLAGS = new Set([
	'--rules',
	'--answers',
	'--today',
	'--return-date',
	'--placement',
	'--decided-band'
]);

function parseArgs(argv: string[]): Args {
	const flags = new Map<string, string>();
	let command: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '--help' || arg === '-h') return { command: 'help', flags };
		if (arg.startsWith('--')) {
			const [name, inline] = arg.includes('=')
				? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
				: [arg, undefined];
			if (!FLAGS.has(name)) throw new CliError(`Unknown option "${name}".`, [USAGE], 2);
			const value = inline ?? argv[++i];
			if (value === undefined || value === '')
				throw new CliError(`The option "${name}" needs a value.`, [USAGE], 2);
			flags.set(name, value);
		} else if (command === undefined) {
			command = arg;
		} else {
			throw new CliError(`Unexpected argument "${arg}".`, [USAGE], 2);
		}
	}
	return { command, flags };
}

export function describe(rules: Rules) {
	const { data } = rules;
	return {
		rules: {
			id: data.id,
			version: data.version,
			hash: rules.hash,
			title: data.title,
			status: data.status
		},
		bands: data.bands.map((b) => ({ id: b.id, label: b.label })),
		facts: (data.facts ?? []).map((f) => ({
			id: f.id,
			label: f.label,
			values: f.values.map((v) => v.value)
		})),
		factors: rules.order.map((id) => {
			const info = rules.factors.get(id);
			if (!info) throw new Error(`missing factor ${id}`);
			const { factor, domain, scale } = info;
			return {
				id,
				domain: domain.id,
				required: factor.required,
				ordered: scale.ordered,
				values: scale.options.map((o) => o.value),
				neutral: scale.neutral.map((o) => o.value),
				weight: factor.weight,
				...(factor.showIf ? { showIf: factor.showIf } : {})
			};
		})
	};
}

const AnswersFile = z.object({
	answers: z.unknown(),
	facts: z.unknown().optional(),
	assessmentDate: z.string().optional(),
	plannedReturnDate: z.string().optional()
});

function readAnswersFile(path: string): z.infer<typeof AnswersFile> {
	const shown = path === '-' ? 'standard input' : displayPath(path);
	const text = readBoundedFile(path, 'The answers file', MAX_ANSWERS_BYTES);
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new CliError(`The answers file "${shown}" is not valid JSON: ${(e as Error).message}.`);
	}
	// Own fields only: a "__proto__" key must not bring in answers from anywhere else.
	const own = (key: string): unknown =>
		typeof json === 'object' && json !== null && Object.hasOwn(json, key)
			? (json as Record<string, unknown>)[key]
			: undefined;
	const parsed = AnswersFile.safeParse({
		answers: own('answers'),
		facts: own('facts'),
		assessmentDate: own('assessmentDate'),
		plannedReturnDate: own('plannedReturnDate')
	});
	if (Array.isArray(json) || !parsed.success || parsed.data.answers === undefined) {
		throw new CliError(
			`The answers file "${shown}" must be a JSON object with an "answers" object, like {"answers": {"factor-id": "value"}}.`
		);
	}
	return parsed.data;
}

function dateFlag(
	flags: Map<string, string>,
	name: string,
	fallback: string | undefined
): string | undefined {
	const value = flags.get(name) ?? fallback;
	if (value !== undefined && !isIsoDate(value))
		throw new CliError(
			`"${value}" is not a date: write ${name === '--today' ? 'the assessment date' : 'the date'} as YYYY-MM-DD.`
		);
	return value;
}

export function score(rules: Rules, flags: Map<string, string>) {
	const answersPath = flags.get('--answers');
	if (!answersPath) throw new CliError('The score command needs --answers FILE.', [USAGE], 2);
	const file = readAnswersFile(answersPath);
	const checked = checkAnswers(rules, file.answers);
	if (!checked.ok) {
		const [first, ...rest] = checked.issues;
		// A file of a million wrong answers gets ten lines, not a million.
		const shown = rest.slice(0, 9).map((i) => `also: ${i.message}`);
		if (rest.length > shown.length) shown.push(`and ${rest.length - shown.length} more problems`);
		throw new CliError(`Invalid answers: ${first?.message ?? 'unknown problem'}.`, shown);
	}
	const facts = checkFacts(rules, file.facts);
	if (!facts.ok) throw new CliError(`Invalid case facts: ${facts.message}.`);
	const decidedBand = flags.get('--decided-band');
	if (decidedBand !== undefined && !rules.data.bands.some((b) => b.id === decidedBand)) {
		throw new CliError(
			`Unknown band "${decidedBand}" for --decided-band (bands: ${rules.data.bands.map((b) => b.id).join(', ')}).`
		);
	}
	const today =
		dateFlag(flags, '--today', file.assessmentDate) ?? new Date().toISOString().slice(0, 10);
	const plannedReturnDate = dateFlag(flags, '--return-date', file.plannedReturnDate);
	const placement = flags.get('--placement');
	if (
		placement !== undefined &&
		!rules.data.referenceCosts.placements.some((p) => p.id === placement)
	) {
		throw new CliError(
			`Unknown placement "${placement}" (placements: ${rules.data.referenceCosts.placements.map((p) => p.id).join(', ')}).`
		);
	}
	const options = {
		today,
		plannedReturnDate,
		placement,
		facts: facts.facts,
		decidedBand
	};
	const r = assess(rules, checked.answers, options);
	const change = r.band === null ? null : whatWouldChange(rules, checked.answers, options);
	return {
		rules: { id: r.rules.id, version: r.rules.version, hash: r.rules.hash },
		band: r.band,
		bandLabel: r.bandLabel,
		complete: r.complete,
		missing: r.missing,
		hardStops: r.hardStops.map((h) => h.id),
		domains: r.domains.map((d) => ({
			id: d.id,
			score: d.score,
			strengths: d.strengths.map((e) => e.factor),
			concerns: d.concerns.map((e) => e.factor),
			unknowns: d.unknowns.map((e) => e.factor),
			missing: d.missing
		})),
		judgements: r.judgements.map((j) => ({
			id: j.id,
			score: j.score,
			level: j.level,
			maxBand: j.maxBand
		})),
		...(r.explanation.conditionalCaps
			? {
					caps: r.explanation.conditionalCaps.map((c) => ({
						id: c.id,
						maxBand: c.maxBand,
						binding: c.binding,
						because: c.because.map((e) => `${e.factor}=${e.value}`)
					}))
				}
			: {}),
		...(r.planBand !== undefined ? { planBand: r.planBand } : {}),
		plan: r.plan.map((p) => ({
			service: p.service,
			phase: p.phase,
			because: p.because,
			weeks: p.weeks,
			cost: p.cost,
			startDate: p.startDate,
			endDate: p.endDate
		})),
		reviews: r.reviews,
		costs: r.costs,
		...(change ? { whatWouldChange: change } : {}),
		explanation: r.explanation
	};
}

function main(argv: string[]): number {
	const { command, flags } = parseArgs(argv);
	if (command === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	if (command !== 'describe' && command !== 'score') {
		throw new CliError(
			command === undefined
				? 'Say what to do: "describe" or "score".'
				: `Unknown command "${command}": use "describe" or "score".`,
			[USAGE],
			2
		);
	}
	const rules = loadRulesFile(flags.get('--rules') ?? defaultRulesFile());
	if (command === 'describe' && flags.has('--answers'))
		throw new CliError('describe takes no --answers.', [USAGE], 2);
	const out = command === 'describe' ? describe(rules) : score(rules, flags);
	process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
	return 0;
}

try {
	process.exitCode = main(process.argv.slice(2));
} catch (e) {
	if (e instanceof CliError) {
		process.stderr.write(`${[e.message, ...e.details].join('\n')}\n`);
		process.exitCode = e.exitCode;
	} else {
		process.stderr.write(
			`Internal error: ${(e as Error)?.message ?? String(e)}. Please report this.\n`
		);
		process.exitCode = 70;
	}
}
