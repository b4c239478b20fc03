import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appendEntry, verifyTrail, type AuditEntry } from '../../src/lib/domain/audit.ts';
import {
	CARRIED_OVER,
	choiceKey,
	describeConflict,
	mergedTrail,
	NOT_CHOSEN,
	resolveConflict,
	type Side
} from '../../src/lib/domain/draft-conflict.ts';
import { canonicalJson } from '../../src/lib/domain/hash.ts';
import type { AssessmentRecord } from '../../src/lib/storage/record.ts';
import { teamDoc } from '../fixtures/team-docs.ts';

type Rec = Record<string, unknown>;
const base = (): AssessmentRecord => ({
	...teamDoc('draft').record,
	answers: { 'child-wishes': 'adequate', 'protective-adult': 'mild-strength' },
	notes: { 'child-wishes': 'Fictional: said at school she wants to go home.' }
});

/** A record's content as a person chooses it: without bookkeeping and what is worked out again. */
const content = (r: Rec) =>
	canonicalJson(
		Object.fromEntries(
			Object.entries(r).filter(([k]) => !(NOT_CHOSEN as readonly string[]).includes(k))
		)
	);

const all = (fields: { path: readonly string[] }[], side: Side) =>
	Object.fromEntries(fields.map((f) => [choiceKey(f.path), side]));

describe('a conflict between two versions of a draft, field by field', () => {
	it('lists each field that differs with both values, and nothing else', () => {
		const b = base();
		const mine = {
			...b,
			answers: { ...b.answers, 'child-wishes': 'mild-concern' },
			updatedAt: 'x'
		};
		const theirs = {
			...b,
			notes: { ...b.notes, 'protective-adult': 'Fictional: grandmother visits daily.' },
			practice: { ...b.practice, analysis: 'Fictional analysis written on the other laptop.' },
			position: { step: 'plan', flowVersion: '1' }
		};
		const conflict = describeConflict(mine, theirs, null);
		expect(conflict.fields).toEqual([
			{
				path: ['answers', 'child-wishes'],
				mine: 'mild-concern',
				theirs: 'adequate',
				needsChoice: true,
				suggested: null
			},
			{
				path: ['notes', 'protective-adult'],
				mine: undefined,
				theirs: 'Fictional: grandmother visits daily.',
				needsChoice: true,
				suggested: null
			},
			{
				path: ['practice', 'analysis'],
				mine: b.practice.analysis,
				theirs: 'Fictional analysis written on the other laptop.',
				needsChoice: true,
				suggested: null
			}
		]);
		expect(conflict.history).toBe('same');
	});

	it('with the version both came from, suggests the side that changed a field; both changed → a choice', () => {
		const b = base();
		const mine = { ...b, answers: { ...b.answers, 'child-wishes': 'mild-concern' } };
		const theirs = {
			...b,
			answers: {
				...b.answers,
				'child-wishes': 'serious-concern',
				'protective-adult': 'clear-strength'
			}
		};
		const conflict = describeConflict(mine, theirs, b);
		expect(conflict.fields.map((f) => [f.path.join('.'), f.needsChoice, f.suggested])).toEqual([
			['answers.child-wishes', true, null],
			['answers.protective-adult', false, 'theirs']
		]);
		expect(resolveConflict(mine, theirs, conflict, {}, 'theirs')).toEqual({
			ok: false,
			unchosen: [conflict.fields[0]]
		});
		const resolved = resolveConflict(
			mine,
			theirs,
			conflict,
			{ [choiceKey(['answers', 'child-wishes'])]: 'mine' },
			'theirs'
		);
		expect(resolved.ok && resolved.record.answers).toEqual({
			'child-wishes': 'mild-concern',
			'protective-adult': 'clear-strength'
		});
	});

	it('support added on each side is two fields, each placed after what came before it on its side; a field the record gains later is one', () => {
		const b = base();
		const item = (id: string, name: string) => ({
			id,
			name,
			phase: 'after-return' as const,
			goal: '',
			owner: '',
			startDate: '',
			weeks: 4,
			weeklyCost: 0,
			reason: 'Fictional.'
		});
		const mine = { ...b, planning: { ...b.planning, added: [item('own-a', 'Fictional A')] } };
		const theirs = {
			...b,
			planning: { ...b.planning, added: [item('own-b', 'Fictional B')] },
			laterField: { due: '2027-01-01' }
		};
		const conflict = describeConflict(mine, theirs, b);
		expect(conflict.fields.map((f) => f.path.join('.'))).toEqual([
			'laterField',
			'planning.added.own-a',
			'planning.added.own-b'
		]);
		const resolved = resolveConflict(mine, theirs, conflict, {}, 'mine');
		expect(resolved.ok).toBe(true);
		if (!resolved.ok) return;
		expect(
			(resolved.record.planning as { added: { id: string }[] }).added.map((i) => i.id)
		).toEqual(['own-b', 'own-a']);
		expect(resolved.record.laterField).toEqual({ due: '2027-01-01' });
	});
});

describe('what happened after the decision', () => {
	it('is never a choice: both sides’ events are kept, and a closure from either', () => {
		const event = (date: string, by: string) => ({
			kind: 'home' as const,
			date,
			planned: true,
			returnedTo: 'mother' as const,
			recordedAt: `${date}T10:00:00.000Z`,
			recordedBy: by
		});
		const b = base();
		const shared = { ...b.followUp, returns: [event('2026-12-01', 'P. Fictional')] };
		const mine = {
			...b,
			followUp: { ...shared, returns: [...shared.returns, event('2026-12-05', 'P. Fictional')] }
		};
		const closure = {
			date: '2027-06-01',
			reason: 'Fictional.',
			recordedAt: 'x',
			recordedBy: 'M. Fictional'
		};
		const theirs = {
			...b,
			followUp: {
				...shared,
				returns: [...shared.returns, event('2026-12-09', 'M. Fictional')],
				closed: closure
			}
		};
		const conflict = describeConflict(mine, theirs, null);
		expect(conflict.fields).toEqual([]);
		const r = resolveConflict(mine, theirs, conflict, {}, 'mine');
		expect(r.ok && r.record.followUp).toEqual({
			...shared,
			returns: [
				event('2026-12-01', 'P. Fictional'),
				event('2026-12-05', 'P. Fictional'),
				event('2026-12-09', 'M. Fictional')
			],
			closed: closure
		});
	});
});

describe('the two histories of changes', () => {
	const entry = (who: string, n: number) => ({
		at: `2026-11-2${n}T10:00:00.000Z`,
		who,
		field: `answer:q${n}`,
		old: '',
		new: 'adequate',
		reason: `Fictional reason ${n}.`
	});
	it('the kept side’s entries stay as they were; the other side’s follow, re-chained and marked', () => {
		const shared = appendEntry([], entry('P. Fictional', 1));
		const keep = appendEntry(shared, entry('P. Fictional', 2));
		const other = appendEntry(
			appendEntry(shared, entry('M. Fictional', 3)),
			entry('M. Fictional', 4)
		);
		const merged = mergedTrail(keep, other);
		expect(merged.slice(0, 2)).toEqual(keep);
		expect(merged.slice(2).map((e) => [e.who, e.field, e.reason])).toEqual([
			['M. Fictional', 'answer:q3', `${CARRIED_OVER} Fictional reason 3.`],
			['M. Fictional', 'answer:q4', `${CARRIED_OVER} Fictional reason 4.`]
		]);
		expect(verifyTrail(merged)).toEqual({ ok: true });
		expect(mergedTrail(other, shared)).toEqual(other);
	});
});

// Properties: two versions made apart from one draft by random edits.
const VALUES = ['serious-concern', 'mild-concern', 'adequate', 'clear-strength', 'not-known'];
const FACTORS = ['child-wishes', 'protective-adult', 'family-time', 'housing'];
/** Support a side adds has an id of its own (the app makes a new UUID); own-0 is in both from the start. */
const editOn = (side: string) =>
	fc.oneof(
		fc.record({
			kind: fc.constant('answer' as const),
			factor: fc.constantFrom(...FACTORS),
			value: fc.option(fc.constantFrom(...VALUES), { nil: undefined })
		}),
		fc.record({
			kind: fc.constant('note' as const),
			factor: fc.constantFrom(...FACTORS),
			value: fc.option(fc.string(), { nil: undefined })
		}),
		fc.record({
			kind: fc.constant('case' as const),
			field: fc.constantFrom('caseRef', 'returningTo', 'assessorName'),
			value: fc.string()
		}),
		fc.record({ kind: fc.constant('analysis' as const), value: fc.string() }),
		fc.record({
			kind: fc.constant('add' as const),
			id: fc.constantFrom('own-0', `own-${side}1`, `own-${side}2`),
			weeks: fc.integer({ min: 1, max: 52 })
		}),
		fc.record({
			kind: fc.constant('drop' as const),
			id: fc.constantFrom('own-0', `own-${side}1`, `own-${side}2`)
		}),
		fc.record({
			kind: fc.constant('laterField' as const),
			value: fc.option(fc.string(), { nil: undefined })
		}),
		fc.record({ kind: fc.constant('trail' as const), reason: fc.string({ minLength: 1 }) }),
		fc.record({
			kind: fc.constant('event' as const),
			item: fc.constantFrom('caseworker', 'parenting')
		})
	);
type Edit = ReturnType<typeof editOn> extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(r: Rec, e: Edit, who: string): Rec {
	const set = <T extends Rec>(o: T, k: string, v: unknown): T => {
		const c: Rec = { ...o };
		if (v === undefined) delete c[k];
		else c[k] = v;
		return c as T;
	};
	const planning = r.planning as AssessmentRecord['planning'];
	switch (e.kind) {
		case 'answer':
			return { ...r, answers: set(r.answers as Rec, e.factor, e.value) };
		case 'note':
			return { ...r, notes: set(r.notes as Rec, e.factor, e.value) };
		case 'case':
			return { ...r, caseDetails: set(r.caseDetails as Rec, e.field, e.value) };
		case 'analysis':
			return { ...r, practice: { ...(r.practice as Rec), analysis: e.value } };
		case 'add': {
			const item = {
				id: e.id,
				name: `Fictional ${e.id}`,
				phase: 'after-return',
				goal: '',
				owner: '',
				startDate: '',
				weeks: e.weeks,
				weeklyCost: 0,
				reason: 'Fictional.'
			};
			const added = planning.added.some((i) => i.id === e.id)
				? planning.added.map((i) => (i.id === e.id ? item : i))
				: [...planning.added, item];
			return { ...r, planning: { ...planning, added } };
		}
		case 'drop':
			return {
				...r,
				planning: { ...planning, added: planning.added.filter((i) => i.id !== e.id) }
			};
		case 'laterField':
			return set(r, 'laterField', e.value === undefined ? undefined : { note: e.value });
		case 'event': {
			const followUp = r.followUp as AssessmentRecord['followUp'];
			const event = {
				item: e.item,
				state: 'provided' as const,
				date: '2026-12-01',
				reason: null,
				recordedAt: '2026-12-01T10:00:00.000Z',
				recordedBy: who
			};
			return { ...r, followUp: { ...followUp, support: [...followUp.support, event] } };
		}
		case 'trail': {
			const audit = r.audit as AssessmentRecord['audit'];
			const trail = appendEntry(audit.trail, {
				at: '2026-11-25T10:00:00.000Z',
				who,
				field: 'answer:x',
				old: '',
				new: 'y',
				reason: e.reason
			});
			return { ...r, audit: { ...audit, trail } };
		}
	}
}

const apart = fc.record({
	mine: fc.array(editOn('m'), { maxLength: 6 }),
	theirs: fc.array(editOn('t'), { maxLength: 6 }),
	choices: fc.array(fc.constantFrom<Side>('mine', 'theirs'), { minLength: 40, maxLength: 40 }),
	keep: fc.constantFrom<Side>('mine', 'theirs'),
	withBase: fc.boolean()
});
/** The draft both versions come from in the properties: the base with one support item added. */
const shared = (): Rec => applyEdit(base(), { kind: 'add', id: 'own-0', weeks: 6 }, 'P. Fictional');
const make = (edits: Edit[], who: string): Rec =>
	edits.reduce<Rec>((r, e) => applyEdit(r, e, who), shared());

/** The value at a field's path, as the resolution should hold it. */
function at(r: Rec, path: readonly string[]): unknown {
	let v: unknown = r;
	for (const k of path) {
		if (Array.isArray(v)) v = (v as { id: string }[]).find((i) => i.id === k);
		else if (typeof v === 'object' && v !== null && Object.hasOwn(v, k)) v = (v as Rec)[k];
		else return undefined;
	}
	return v;
}

describe('properties: nothing of either side is lost until a person chooses', () => {
	it('choosing one side throughout gives exactly that side, whichever revision it is written after', () => {
		fc.assert(
			fc.property(apart, ({ mine: em, theirs: et, keep, withBase }) => {
				const mine = make(em, 'P. Fictional');
				const theirs = make(et, 'M. Fictional');
				const conflict = describeConflict(mine, theirs, withBase ? shared() : null);
				for (const side of ['mine', 'theirs'] as const) {
					const r = resolveConflict(mine, theirs, conflict, all(conflict.fields, side), keep);
					expect(r.ok).toBe(true);
					if (r.ok) expect(content(r.record)).toBe(content(side === 'mine' ? mine : theirs));
				}
			})
		);
	});

	it('every field holds the chosen side’s value; unchosen fields refuse the whole resolution', () => {
		fc.assert(
			fc.property(apart, ({ mine: em, theirs: et, choices, keep, withBase }) => {
				const mine = make(em, 'P. Fictional');
				const theirs = make(et, 'M. Fictional');
				const conflict = describeConflict(mine, theirs, withBase ? shared() : null);
				const chosen = Object.fromEntries(
					conflict.fields.map((f, i) => [choiceKey(f.path), choices[i % choices.length] as Side])
				);
				const r = resolveConflict(mine, theirs, conflict, chosen, keep);
				if (!r.ok) return false;
				for (const f of conflict.fields) {
					const side = chosen[choiceKey(f.path)];
					expect(at(r.record, f.path)).toEqual(side === 'mine' ? f.mine : f.theirs);
				}
				const needing = conflict.fields.filter((f) => f.needsChoice);
				const none = resolveConflict(mine, theirs, conflict, {}, keep);
				if (needing.length === 0) return none.ok;
				return !none.ok && none.unchosen.length === needing.length;
			})
		);
	});

	it('a field only one side changed is never asked, and comes from that side', () => {
		fc.assert(
			fc.property(apart, ({ mine: em, theirs: et, keep }) => {
				const b = shared();
				const mine = make(em, 'P. Fictional');
				const theirs = make(et, 'M. Fictional');
				const conflict = describeConflict(mine, theirs, b);
				for (const f of conflict.fields) {
					const inBase = canonicalJson(at(b, f.path) ?? null);
					const m = canonicalJson(f.mine ?? null);
					const t = canonicalJson(f.theirs ?? null);
					if (f.needsChoice) expect(m !== inBase && t !== inBase).toBe(true);
					else expect(f.suggested).toBe(m === inBase ? 'theirs' : 'mine');
				}
				const r = resolveConflict(mine, theirs, conflict, all(conflict.fields, keep), keep);
				return r.ok;
			})
		);
	});

	it('every follow-up event either side recorded is in the resolution', () => {
		fc.assert(
			fc.property(apart, ({ mine: em, theirs: et, keep }) => {
				const mine = make(em, 'P. Fictional');
				const theirs = make(et, 'M. Fictional');
				const conflict = describeConflict(mine, theirs, null);
				const r = resolveConflict(mine, theirs, conflict, all(conflict.fields, 'theirs'), keep);
				if (!r.ok) return false;
				const events = (x: Rec) =>
					(x.followUp as AssessmentRecord['followUp']).support.map((e) => canonicalJson(e));
				const held = new Set(events(r.record));
				return [...events(mine), ...events(theirs)].every((e) => held.has(e));
			})
		);
	});

	it('the resolution’s history extends the kept side’s and holds every entry of the other', () => {
		fc.assert(
			fc.property(apart, ({ mine: em, theirs: et, keep }) => {
				const mine = make(em, 'P. Fictional');
				const theirs = make(et, 'M. Fictional');
				const conflict = describeConflict(mine, theirs, null);
				const r = resolveConflict(mine, theirs, conflict, all(conflict.fields, 'mine'), keep);
				if (!r.ok) return false;
				const trail = (r.record.audit as { trail: AuditEntry[] }).trail;
				const kept = ((keep === 'mine' ? mine : theirs).audit as { trail: AuditEntry[] }).trail;
				const other = ((keep === 'mine' ? theirs : mine).audit as { trail: AuditEntry[] }).trail;
				expect(trail.slice(0, kept.length)).toEqual(kept);
				expect(verifyTrail(trail)).toEqual({ ok: true });
				const said = (e: AuditEntry) =>
					`${e.who}|${e.field}|${e.new}|${e.reason.replace(`${CARRIED_OVER} `, '')}`;
				const held = new Set(trail.map(said));
				return other.every((e) => held.has(said(e)));
			})
		);
	});
});
