/**
 * A caseload digest as it is stored: one short string per assessment, a JSON array of codes,
 * dates and numbers in fixed positions (no field names), led by the encoding's version
 * (DIGEST_VERSION). With the digest it carries what the caseload view needs beside it: the
 * assessment's links (its episode) and its case reference (for the view's own links; the
 * export never sees it).
 *
 * Why not an object checked with zod: the caseload view reads 5,000 of these before it can show
 * anything. An object row costs IndexedDB far more to read than a string, and checking 5,000
 * digests with the zod schema took about 80 ms, as long as everything else the view computes.
 * So `decodeCaseloadEntry` is a strict hand-written decoder of this one format instead, held to
 * the zod schema by its tests (tests/unit/caseload-codec.test.ts: whatever it accepts passes
 * CaseloadDigestSchema, and every digest survives a round trip). It never throws: anything else,
 * an older version included, is null, and the app then recomputes that digest from its record.
 */
import { DIGEST_VERSION, type CaseloadDigest } from './caseload-digest.ts';
import {
	NOT_PROVIDED_REASONS,
	OTHER_PLANS,
	OUTCOMES,
	RE_ENTRY_NEED,
	RETURNED_TO,
	REVIEW_NEXT,
	SUPPORT_STATES
} from './follow-up.ts';
import { STATUSES } from './lifecycle.ts';

/** One stored assessment as the caseload reads it: its reference and links, and its digest. */
export interface CaseloadEntry {
	/** For the caseload's links to the assessment only: never part of the digest or the export. */
	caseRef: string;
	reviewOf: string | null;
	supersedes: string | null;
	digest: CaseloadDigest;
}

type D = CaseloadDigest;

/** The stored string of an entry. */
export function encodeCaseloadEntry(entry: CaseloadEntry): string {
	const d = entry.digest;
	const p = d.placement;
	const r = d.returned;
	const s = d.schedule;
	return JSON.stringify([
		DIGEST_VERSION,
		entry.caseRef,
		entry.reviewOf,
		entry.supersedes,
		d.rules.id,
		d.rules.version,
		d.status,
		d.created,
		d.assessed,
		d.ageBand,
		d.legalStatus,
		d.scored,
		d.decided,
		d.override,
		d.approvalNeeded,
		d.decidedOn,
		d.signedOn,
		p && [p.id, p.weeklyCost, p.own],
		// A recommended item's service is its key: kept once.
		d.plan.map((i) => [
			i.key,
			i.service === i.key ? null : i.service,
			i.phase,
			i.weeks,
			i.weeklyCost
		]),
		d.support.map((i) => [i.item, i.state, i.started, i.ended, i.reason]),
		r && [r.kind, r.date, r.planned, r.returnedTo, r.plan],
		d.reviews.map((i) => [i.date, i.due, i.inPlace, i.newConcerns, i.next]),
		d.outcomes.map((o) => [
			o.check,
			o.date,
			o.outcome,
			o.reEntry && [o.reEntry.date, o.reEntry.planned, o.reEntry.need]
		]),
		d.closed,
		s && [s.assessmentDate, s.decisionDate, s.returnDate, s.otherPlanDate, s.reviewsBeforeReturn]
	]);
}

const PREFIX = `[${DIGEST_VERSION},`;
const FIELDS = 25;

/** Thrown inside the decoder only, at the first thing that is not as encoded; never escapes. */
const BAD = new Error('not a caseload digest of this version');

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const str = (x: unknown): string => {
	if (typeof x !== 'string') throw BAD;
	return x;
};
const strOrNull = (x: unknown): string | null => (x === null ? null : str(x));
const date = (x: unknown): string => {
	if (typeof x !== 'string' || !DATE.test(x)) throw BAD;
	return x;
};
const dateOrNull = (x: unknown): string | null => (x === null ? null : date(x));
const bool = (x: unknown): boolean => {
	if (typeof x !== 'boolean') throw BAD;
	return x;
};
const count = (x: unknown): number => {
	if (typeof x !== 'number' || !(x >= 0) || x === Infinity) throw BAD;
	return x;
};
const tuple = (x: unknown, length: number): unknown[] => {
	if (!Array.isArray(x) || x.length !== length) throw BAD;
	return x as unknown[];
};
const list = <T>(x: unknown, item: (x: unknown) => T): T[] => {
	if (!Array.isArray(x)) throw BAD;
	return (x as unknown[]).map(item);
};
const oneOf = <T extends string>(values: readonly T[]) => {
	const set = new Set<unknown>(values);
	return (x: unknown): T => {
		if (!set.has(x)) throw BAD;
		return x as T;
	};
};
const status = oneOf(STATUSES);
const supportState = oneOf(SUPPORT_STATES);
const notProvided = oneOf(NOT_PROVIDED_REASONS);
const returnKind = oneOf(['home', 'other-plan'] as const);
const returnedTo = oneOf(RETURNED_TO);
const otherPlan = oneOf(OTHER_PLANS);
const inPlace = oneOf(['yes', 'partly', 'no'] as const);
const reviewNext = oneOf(REVIEW_NEXT);
const outcome = oneOf(OUTCOMES);
const reEntryNeed = oneOf(RE_ENTRY_NEED);
const beforeReturn = oneOf(['all', 'until-return'] as const);

const planItem = (x: unknown): D['plan'][number] => {
	const [key, service, phase, weeks, weeklyCost] = tuple(x, 5);
	const k = str(key);
	return {
		key: k,
		service: service === null ? k : str(service),
		phase: str(phase),
		weeks: count(weeks),
		weeklyCost: count(weeklyCost)
	};
};
const supportItem = (x: unknown): D['support'][number] => {
	const [item, state, started, ended, reason] = tuple(x, 5);
	return {
		item: str(item),
		state: supportState(state),
		started: dateOrNull(started),
		ended: dateOrNull(ended),
		reason: reason === null ? null : notProvided(reason)
	};
};
const review = (x: unknown): D['reviews'][number] => {
	const [on, due, place, concerns, next] = tuple(x, 5);
	return {
		date: date(on),
		due: strOrNull(due),
		inPlace: inPlace(place),
		newConcerns: bool(concerns),
		next: reviewNext(next)
	};
};
const outcomeOf = (x: unknown): D['outcomes'][number] => {
	const [check, on, o, reEntry] = tuple(x, 4);
	let back: NonNullable<D['outcomes'][number]['reEntry']> | null = null;
	if (reEntry !== null) {
		const [when, planned, need] = tuple(reEntry, 3);
		back = { date: date(when), planned: bool(planned), need: reEntryNeed(need) };
	}
	return { check: str(check), date: date(on), outcome: outcome(o), reEntry: back };
};

/**
 * The entry a stored string holds, or null when it is not one of this version exactly (another
 * version, damaged, or anything else): that digest is then recomputed from its record.
 */
export function decodeCaseloadEntry(stored: unknown): CaseloadEntry | null {
	// Another version is turned away before it is parsed at all.
	if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return null;
	try {
		const a = tuple(JSON.parse(stored), FIELDS);
		const [p, r, s] = [a[17], a[20], a[24]];
		let placement: D['placement'] = null;
		if (p !== null) {
			const [id, weeklyCost, own] = tuple(p, 3);
			placement = { id: str(id), weeklyCost: count(weeklyCost), own: bool(own) };
		}
		let returned: D['returned'] = null;
		if (r !== null) {
			const [kind, on, planned, to, plan] = tuple(r, 5);
			returned = {
				kind: returnKind(kind),
				date: date(on),
				planned: planned === null ? null : bool(planned),
				returnedTo: to === null ? null : returnedTo(to),
				plan: plan === null ? null : otherPlan(plan)
			};
		}
		let schedule: D['schedule'] = null;
		if (s !== null) {
			const [assessmentDate, decisionDate, returnDate, otherPlanDate, reviews] = tuple(s, 5);
			schedule = {
				assessmentDate: dateOrNull(assessmentDate),
				decisionDate: dateOrNull(decisionDate),
				returnDate: dateOrNull(returnDate),
				otherPlanDate: dateOrNull(otherPlanDate),
				reviewsBeforeReturn: beforeReturn(reviews)
			};
		}
		return {
			caseRef: str(a[1]),
			reviewOf: strOrNull(a[2]),
			supersedes: strOrNull(a[3]),
			digest: {
				rules: { id: str(a[4]), version: str(a[5]) },
				status: status(a[6]),
				created: str(a[7]),
				assessed: dateOrNull(a[8]),
				ageBand: str(a[9]),
				legalStatus: str(a[10]),
				scored: strOrNull(a[11]),
				decided: strOrNull(a[12]),
				override: bool(a[13]),
				approvalNeeded: bool(a[14]),
				decidedOn: dateOrNull(a[15]),
				signedOn: dateOrNull(a[16]),
				placement,
				plan: list(a[18], planItem),
				support: list(a[19], supportItem),
				returned,
				reviews: list(a[21], review),
				outcomes: list(a[22], outcomeOf),
				closed: dateOrNull(a[23]),
				schedule
			}
		};
	} catch {
		return null;
	}
}
