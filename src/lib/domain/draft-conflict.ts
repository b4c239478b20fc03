/**
 * Two revisions of one draft that were changed apart (on two devices, or a device and the team
 * server), described field by field so a person can choose, and put back together from their
 * choices. Nothing of either side is dropped until someone has chosen it away: every field in
 * which the two differ is listed with both values, a resolution needs a choice for each field
 * that both sides changed, and the history of changes keeps every entry of both.
 *
 * A field is a path into the record: one answer, one note, one case detail, one part of the plan
 * or of the practitioner's record, or, for anything this module does not know (a field added to
 * the record later), that whole top-level value. Bookkeeping and what is worked out again on save
 * (ids, revision, timestamps, the wizard position, the computed band and status) are not fields.
 * Support the practitioner added is one field per item (each has an id of its own); items both
 * sides hold keep the order of the side the resolution is written after. What happened after the
 * decision (`followUp`) is not chosen either: its events only ever grow, so both sides' events are
 * kept (`mergedFollowUp`).
 */
import { appendEntry, type AuditEntry } from './audit.ts';
import { canonicalJson } from './hash.ts';

type Content = Readonly<Record<string, unknown>>;

/** Not the person's to choose: bookkeeping, worked out again when the resolution is saved, or merged. */
export const NOT_CHOSEN = [
	'id',
	'schemaVersion',
	'rules',
	'revision',
	'createdAt',
	'updatedAt',
	'position',
	'visited',
	'band',
	'status',
	'audit',
	'followUp'
] as const;

/** Top-level values that are maps of independent entries: each entry is its own field. */
const MAPS = new Set(['answers', 'notes', 'caseDetails']);
/** Top-level groups whose parts are fields (and the maps or lists inside them, entry by entry). */
const GROUPS = new Set(['planning', 'practice']);
const GROUP_MAPS = new Set(['planning.changes', 'planning.removed']);
/** Lists of items with an `id`: each item is its own field. */
const GROUP_LISTS = new Set(['planning.added']);

export type Side = 'mine' | 'theirs';

export interface FieldConflict {
	/** The path into the record, e.g. ['answers', 'child-wishes'] or ['planning', 'added', 'own-1']. */
	path: readonly string[];
	/** The value on each side; undefined where that side does not have it. */
	mine: unknown;
	theirs: unknown;
	/** True when both sides changed it (or, with no common ancestor, whenever they differ). */
	needsChoice: boolean;
	/** The side that changed it, when only one did. */
	suggested: Side | null;
}

export interface DraftConflict {
	fields: FieldConflict[];
	/** Whether the two histories of changes are the same, one extends the other, or they part. */
	history: 'same' | 'mine-longer' | 'theirs-longer' | 'diverged';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown): boolean =>
	a === undefined || b === undefined ? a === b : canonicalJson(a) === canonicalJson(b);

/** Every field path of a record, by the layout above. */
function paths(record: Content): string[][] {
	const out: string[][] = [];
	for (const [key, value] of Object.entries(record)) {
		if ((NOT_CHOSEN as readonly string[]).includes(key)) continue;
		if (MAPS.has(key) && isObject(value)) {
			for (const k of Object.keys(value)) out.push([key, k]);
		} else if (GROUPS.has(key) && isObject(value)) {
			for (const [part, inner] of Object.entries(value)) {
				const name = `${key}.${part}`;
				if (GROUP_MAPS.has(name) && isObject(inner))
					for (const k of Object.keys(inner)) out.push([key, part, k]);
				else if (GROUP_LISTS.has(name) && Array.isArray(inner) && inner.every(hasId))
					for (const item of inner) out.push([key, part, item.id]);
				else out.push([key, part]);
			}
		} else out.push([key]);
	}
	return out;
}

const hasId = (v: unknown): v is { id: string } => isObject(v) && typeof v.id === 'string';

/** The value at `path`, reading own properties only; list items by their id. */
function read(record: Content, path: readonly string[]): unknown {
	let at: unknown = record;
	for (const [i, key] of path.entries()) {
		if (Array.isArray(at) && i === path.length - 1 && at.every(hasId))
			return at.find((item) => item.id === key);
		if (!isObject(at) || !Object.hasOwn(at, key)) return undefined;
		at = at[key];
	}
	return at;
}

/**
 * The record with `value` at `path` (removed where value is undefined), copying only what it
 * changes. A list item keeps its place; a new one goes after the nearest item before it in
 * `source` (the side it comes from) that the record has, or first.
 */
function write(
	record: Content,
	path: readonly string[],
	value: unknown,
	source: Content
): Record<string, unknown> {
	const [key, ...rest] = path;
	if (key === undefined) return { ...record };
	const copy: Record<string, unknown> = { ...record };
	const inner = record[key];
	if (rest.length === 0) {
		if (value === undefined) delete copy[key];
		else copy[key] = value;
		return copy;
	}
	const [id] = rest;
	if (rest.length === 1 && Array.isArray(inner) && inner.every(hasId) && id !== undefined) {
		const index = inner.findIndex((item) => item.id === id);
		const list: unknown[] = [...inner];
		if (value === undefined) {
			if (index >= 0) list.splice(index, 1);
		} else if (index >= 0) list[index] = value;
		else {
			const from = source[key];
			const order = Array.isArray(from) && from.every(hasId) ? from.map((i) => i.id) : [];
			const before = order.slice(0, Math.max(0, order.indexOf(id))).reverse();
			const anchor = before.map((b) => inner.findIndex((i) => i.id === b)).find((i) => i >= 0);
			list.splice(anchor === undefined ? 0 : anchor + 1, 0, value);
		}
		copy[key] = list;
		return copy;
	}
	const from = source[key];
	copy[key] = write(isObject(inner) ? inner : {}, rest, value, isObject(from) ? from : {});
	return copy;
}

const pathKey = (p: readonly string[]) => JSON.stringify(p);

function historyRelation(mine: readonly AuditEntry[], theirs: readonly AuditEntry[]) {
	const common = commonPrefix(mine, theirs);
	if (common === mine.length && common === theirs.length) return 'same';
	if (common === theirs.length) return 'mine-longer';
	if (common === mine.length) return 'theirs-longer';
	return 'diverged';
}

function commonPrefix(a: readonly AuditEntry[], b: readonly AuditEntry[]): number {
	let n = 0;
	while (n < a.length && n < b.length && a[n]?.hash === b[n]?.hash) n++;
	return n;
}

const trailOf = (r: Content): readonly AuditEntry[] => {
	const audit = r.audit;
	return isObject(audit) && Array.isArray(audit.trail) ? (audit.trail as AuditEntry[]) : [];
};

/**
 * The fields in which `mine` and `theirs` differ. With `base` (the revision both came from, when
 * the device still has it), a field only one side changed is suggested from that side; without
 * it, or where both changed it, the person must choose.
 */
export function describeConflict(
	mine: Content,
	theirs: Content,
	base: Content | null
): DraftConflict {
	const seen = new Set<string>();
	const fields: FieldConflict[] = [];
	for (const path of [...paths(mine), ...paths(theirs)]) {
		const key = pathKey(path);
		if (seen.has(key)) continue;
		seen.add(key);
		const m = read(mine, path);
		const t = read(theirs, path);
		if (same(m, t)) continue;
		let suggested: Side | null = null;
		if (base !== null) {
			const b = read(base, path);
			if (same(m, b)) suggested = 'theirs';
			else if (same(t, b)) suggested = 'mine';
		}
		fields.push({ path, mine: m, theirs: t, needsChoice: suggested === null, suggested });
	}
	fields.sort((a, b) => (pathKey(a.path) < pathKey(b.path) ? -1 : 1));
	return { fields, history: historyRelation(trailOf(mine), trailOf(theirs)) };
}

export type Resolution =
	{ ok: true; record: Record<string, unknown> } | { ok: false; unchosen: FieldConflict[] };

/**
 * The record put together from `choices` (path key → side; see `choiceKey`), on top of `keep`,
 * the side whose revision the resolution is written after (the team server's winning one, so its
 * history is extended, never rewritten). A field that needs a choice and has none refuses the
 * whole resolution. The other side's history entries that `keep` lacks are appended after
 * `keep`'s, re-chained, each saying where it came from.
 */
export function resolveConflict(
	mine: Content,
	theirs: Content,
	conflict: DraftConflict,
	choices: Readonly<Record<string, Side>>,
	keep: Side
): Resolution {
	const unchosen = conflict.fields.filter(
		(f) => f.needsChoice && choices[choiceKey(f.path)] === undefined
	);
	if (unchosen.length > 0) return { ok: false, unchosen };
	const kept = keep === 'mine' ? mine : theirs;
	const other = keep === 'mine' ? theirs : mine;
	let record: Record<string, unknown> = { ...kept };
	for (const field of conflict.fields) {
		const side = choices[choiceKey(field.path)] ?? field.suggested ?? keep;
		record = write(
			record,
			field.path,
			side === 'mine' ? field.mine : field.theirs,
			side === 'mine' ? mine : theirs
		);
	}
	const trail = mergedTrail(trailOf(kept), trailOf(other));
	if (isObject(kept.audit)) record.audit = { ...kept.audit, trail };
	if (kept.followUp !== undefined || other.followUp !== undefined)
		record.followUp = mergedFollowUp(kept.followUp, other.followUp);
	return { ok: true, record };
}

/** The key a choice for `path` is given under. */
export const choiceKey = (path: readonly string[]): string => pathKey(path);

/** The note added to an entry carried over from the other revision. */
export const CARRIED_OVER = 'Recorded on another device before the two versions were put together:';

/**
 * `keep`'s trail, then every entry of `other` after the part both share, appended (so re-numbered
 * and re-chained) with its time, author, field and values as they were and its reason prefixed.
 */
export function mergedTrail(
	keep: readonly AuditEntry[],
	other: readonly AuditEntry[]
): AuditEntry[] {
	const common = commonPrefix(keep, other);
	return other.slice(common).reduce<AuditEntry[]>(
		(trail, e) => {
			const { seq: _seq, prev: _prev, hash: _hash, ...content } = e;
			return appendEntry(trail, { ...content, reason: `${CARRIED_OVER} ${content.reason}` });
		},
		[...keep]
	);
}

/**
 * Both sides' follow-up: `keep`'s events, then each of `other`'s that `keep` lacks, list by list;
 * a closure from either (`keep`'s first). Nothing either side recorded is dropped.
 */
export function mergedFollowUp(keep: unknown, other: unknown): unknown {
	if (!isObject(keep)) return other;
	if (!isObject(other)) return keep;
	const out: Record<string, unknown> = { ...other, ...keep };
	for (const [key, mine] of Object.entries(keep)) {
		const theirs = other[key];
		if (Array.isArray(mine) && Array.isArray(theirs)) {
			const kept: unknown[] = mine;
			const others: unknown[] = theirs;
			const held = new Set(kept.map((e) => canonicalJson(e)));
			out[key] = [...kept, ...others.filter((e) => !held.has(canonicalJson(e)))];
		} else if (mine === null && theirs !== undefined) out[key] = theirs;
	}
	return out;
}
