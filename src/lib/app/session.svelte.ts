/**
 * One open assessment in this tab: its answers as the page shows them, the wizard actor, and
 * autosave. Answers in IndexedDB are the source of truth; this class keeps a working copy, saves
 * every change within SAVE_DELAY_MS, and merges field by field if another tab saved in between, so
 * nothing typed in either tab is lost.
 *
 * Longer than 300 lines because it is one open assessment's whole life in a tab (working copy,
 * wizard actor, save, conflict retry, changes from other tabs), which must stay in one place to
 * stay consistent; the merge (working-copy.ts) and the debounced saving (autosave.ts) are pure
 * modules beside it.
 */
import { createActor, type Actor } from 'xstate';
import type { Rules } from '../domain/compile.ts';
import { factsFromCase, type CaseFacts } from '../domain/answers.ts';
import { assessDecided, decisionStands } from '../domain/decision.ts';
import type { AssessmentResult } from '../domain/engine.ts';
import { whatWouldChange, type WhatWouldChange } from '../domain/what-would-change.ts';
import {
	assessOptionsFrom,
	choosePlan,
	type ChosenPlan,
	type PlanChoices
} from '../domain/plan.ts';
import {
	createWizardMachine,
	flowVersion,
	startStep,
	type StepData,
	type WizardEvent,
	type WizardMachine
} from '../flow/wizard.ts';
import { findRules, pinnedRules } from '../rules-registry.ts';
import type { AssessmentStore } from '../storage/assessments.ts';
import { StorageError, toStorageError } from '../storage/errors.ts';
import {
	canChange,
	toDecisionRecord,
	type CaseDetails,
	type DecisionRecord
} from '../domain/assessment.ts';
import {
	unexplainedChanges,
	verifyTrail,
	type FieldChange,
	type TrailCheck
} from '../domain/audit.ts';
import { progressStatus } from '../domain/lifecycle.ts';
import { carryOverPlan, confirmSection, noteEdited, type ReviewCopy } from '../domain/review.ts';
import { openReturn, type ManagerReview, type PracticeRecord } from '../domain/governance.ts';
import type { SignOffInput } from '../storage/store-types.ts';
import type { RecordedDecision } from '../domain/decision.ts';
import { randomId, systemClock, type AppContext } from './context.ts';
import type { AssessmentRecord } from '../storage/record.ts';
import { Autosave } from './autosave.ts';
import { registerOpen } from './open-sessions.ts';
import {
	clean,
	isDirty,
	markAgain,
	mergeWorkingCopy,
	type Clash,
	type Dirty
} from './working-copy.ts';
import { browserStorage, SaveJournal, type JournalEntry } from './autosave-journal.ts';

export const SAVE_DELAY_MS = 300;
/** How often a save the device had no space for is tried again (until there is space). */
export const QUOTA_RETRY_MS = 5000;

/** The clock and id maker a session stamps decisions and plan items with (from the app's root). */
type Stamp = Pick<AppContext, 'clock' | 'newId'>;

export { flushOpenSessions } from './open-sessions.ts';

export class AssessmentSession {
	readonly rules: Rules;
	readonly id: string;
	readonly #store: AssessmentStore;
	readonly #today: string;
	readonly #stamp: Stamp;
	// Reactive (raw: always replaced whole), so what the pages show of the record, such as the
	// finished panel's status, follows a change made in another tab or brought by team sync.
	#record = $state.raw() as AssessmentRecord;
	#actor: Actor<WizardMachine>;
	#dirty: Dirty = clean();
	/** What the save under way is writing: unsaved until it finishes, so kept in the journal. */
	#inFlight: Dirty = clean();
	readonly #journal: SaveJournal;
	#retry: ReturnType<typeof setTimeout> | null = null;
	readonly #autosave = new Autosave(
		() => this.#save(),
		() => this.#isDirty(),
		SAVE_DELAY_MS
	);
	#unwatch: (() => void) | null = null;
	#unregister: () => void = () => {};

	caseDetails = $state() as CaseDetails;
	answers = $state<Record<string, string>>({});
	notes = $state<Record<string, string>>({});
	visited = $state<string[]>([]);
	decision = $state<DecisionRecord | null>(null);
	/** The practitioner's support plan choices: return date, placement cost, edits to the plan. */
	planning = $state() as PlanChoices;
	/** The practitioner's analysis, the child's and parents' views, the date into care, the contingency plan. */
	practice = $state() as PracticeRecord;
	/** On a review: where its content came from and what has been checked since the copy. */
	reviewCopy = $state<ReviewCopy | null>(null);
	step = $state('case-details');
	status = $state<AssessmentRecord['status']>('draft');
	saveError = $state<string | null>(null);
	/** Set when another tab or window changed this assessment and its changes were taken in. */
	changedElsewhere = $state(false);
	/**
	 * Sentences about fields both this tab and another changed at once: what was kept of each
	 * (both texts of a note; this tab's answer, naming the other).
	 */
	clashes = $state<string[]>([]);
	/** Set when changes left unsaved when the page last closed were found and saved again. */
	restored = $state(false);

	readonly result: AssessmentResult = $derived.by(() => this.#assess());
	/** What would move the computed band up (null until the assessment is complete). */
	readonly change: WhatWouldChange | null = $derived.by(() =>
		this.result.band === null
			? null
			: whatWouldChange(this.rules, this.answers, { today: this.assessmentDate, facts: this.facts })
	);
	/** Changes made since the assessment was first completed that have no reason yet. */
	readonly unexplained: FieldChange[] = $derived.by(() =>
		unexplainedChanges(this.#audit, {
			caseDetails: this.caseDetails,
			answers: this.answers,
			notes: this.notes,
			decision: this.decision,
			practice: this.practice,
			planning: this.planning
		})
	);
	#audit = $state(this.#emptyAudit());
	#reviews = $state<ManagerReview[]>([]);
	/** The manager's return the practitioner has not yet answered by signing again, or null. */
	readonly managerReturn: ManagerReview | null = $derived.by(() =>
		openReturn(this.status, this.#reviews)
	);
	/** The history of changes as checked when the assessment was opened: a broken chain is shown. */
	trailCheck = $state<TrailCheck>({ ok: true });
	/** The recommended plan with the practitioner's changes applied. */
	readonly plan: ChosenPlan = $derived.by(() =>
		choosePlan(this.rules, this.result, this.planning, this.assessmentDate)
	);

	private constructor(
		store: AssessmentStore,
		record: AssessmentRecord,
		rules: Rules,
		today: string,
		stamp: Stamp,
		journal: SaveJournal
	) {
		this.#store = store;
		this.#journal = journal;
		this.#stamp = stamp;
		this.#record = record;
		this.#today = today;
		this.rules = rules;
		this.id = record.id;
		this.#adopt(record);
		this.trailCheck = verifyTrail(record.audit.trail);
		this.#actor = this.#startAt(record);
		this.#unregister = registerOpen(this);
	}

	/** The wizard's actor, at the step this record opens at. */
	#startAt(record: AssessmentRecord): Actor<WizardMachine> {
		const machine = createWizardMachine(this.rules);
		// A signed assessment is finished: it opens at its read-only summary, never at a form.
		const start = !canChange(record.status)
			? 'signed'
			: startStep(this.rules, record.position, this.data());
		const actor = createActor(machine, {
			snapshot: machine.resolveState({ value: start, context: { returnToCheck: false } })
		});
		actor.subscribe((snap) => {
			const step = String(snap.value);
			if (step !== this.step) {
				this.step = step;
				if (step !== 'signed') this.#markVisited(step);
			}
		});
		actor.start();
		this.step = start;
		return actor;
	}

	/**
	 * Open an assessment under the exact rules it was started with (never a newer version): the
	 * record pins the rules id, version and content hash.
	 */
	static async open(
		store: AssessmentStore,
		id: string,
		today: string,
		lookup: (id: string, version: string) => Rules | undefined = findRules,
		stamp: Stamp = { clock: systemClock, newId: randomId },
		journal: SaveJournal = new SaveJournal(browserStorage(), store.name)
	): Promise<AssessmentSession> {
		const record = await store.get(id);
		if (!record)
			throw new StorageError(
				'not-found',
				'There is no assessment with this link on this device. It may have been deleted.'
			);
		const rules = pinnedRules(record.rules, lookup);
		if (!rules) {
			throw new StorageError(
				'unknown',
				`This assessment was made with rules ${record.rules.id} ${record.rules.version}, which this version of Homeward does not include, so it cannot be opened safely. Nothing has been changed.`
			);
		}
		const session = new AssessmentSession(store, record, rules, today, stamp, journal);
		session.#unwatch = store.watch(id, (latest) => session.#onExternal(latest));
		await session.#replay();
		return session;
	}

	get record(): AssessmentRecord {
		return this.#record;
	}

	/** The assessment date (today until it is entered). */
	get assessmentDate(): string {
		return this.caseDetails.assessmentDate || this.#today;
	}

	/** The case facts the rules can see (age band, legal status), from the case details. */
	get facts(): CaseFacts {
		return factsFromCase(this.caseDetails);
	}

	/** Signed, or with a manager: nothing in the wizard can change it. */
	get readOnly(): boolean {
		return !canChange(this.status);
	}

	/** What the wizard's guards need, from the working copy. */
	data(): StepData {
		return {
			caseDetails: this.caseDetails,
			answers: this.answers,
			decided: this.decision !== null,
			today: this.#today
		};
	}

	/** Continue or go back; the new step is saved as the resume position. */
	send(type: 'CONTINUE' | 'BACK'): void {
		this.#event({ type, data: this.data() });
	}

	/** Jump to a step (task list), or change an answer from check your answers and come back. */
	go(step: string, fromCheck = false): void {
		this.#event({ type: fromCheck ? 'CHANGE' : 'GO', step, data: this.data() });
	}

	#event(event: WizardEvent): void {
		this.#actor.send(event);
		this.#dirty.other = true;
		this.#schedule();
	}

	setAnswer(factor: string, value: string): void {
		if (this.readOnly) return;
		this.answers = { ...this.answers, [factor]: value };
		this.#dirty.answers.add(factor);
		this.#schedule();
	}

	setNote(factor: string, text: string): void {
		if (this.readOnly) return;
		const notes = { ...this.notes };
		if (text.trim() === '') delete notes[factor];
		else notes[factor] = text;
		this.notes = notes;
		// An edited note is the practitioner's own now, no longer marked as copied.
		if (this.reviewCopy) this.reviewCopy = noteEdited(this.reviewCopy, factor);
		this.#dirty.notes.add(factor);
		this.#schedule();
	}

	setCaseDetail<K extends keyof CaseDetails>(field: K, value: CaseDetails[K]): void {
		if (this.readOnly) return;
		this.caseDetails = { ...this.caseDetails, [field]: value };
		this.#dirty.caseDetails.add(field);
		this.#schedule();
	}

	/** Replace the plan choices (the plan page works on a copy and saves it whole). */
	setPlanning(planning: PlanChoices): void {
		if (this.readOnly) return;
		this.planning = planning;
		this.#dirty.planning = true;
		this.#schedule();
	}

	/** On a review: the practitioner has checked this section's copied answers. */
	confirmSection(domainId: string): void {
		if (this.readOnly || !this.reviewCopy) return;
		const next = confirmSection(this.reviewCopy, domainId);
		if (next === this.reviewCopy) return;
		this.reviewCopy = next;
		this.#dirty.other = true;
		this.#schedule();
	}

	/** On a review: carry the earlier plan's edits and return date over, or start afresh. */
	choosePlanCarryOver(carry: boolean): void {
		if (this.readOnly || !this.reviewCopy) return;
		if (carry) this.setPlanning(carryOverPlan(this.planning, this.reviewCopy.earlierPlan));
		this.reviewCopy = { ...this.reviewCopy, planChoice: carry ? 'carried' : 'fresh' };
		this.#dirty.other = true;
		this.#schedule();
	}

	/** Replace the practitioner's record (the sign-off page saves it as it is typed). */
	setPractice(practice: PracticeRecord): void {
		if (this.readOnly) return;
		this.practice = practice;
		this.#dirty.other = true;
		this.#schedule();
	}

	/** Record a decision the domain has checked (`recordDecision`), made now. */
	decide(recorded: RecordedDecision): void {
		this.setDecision(toDecisionRecord(recorded, this.#stamp.clock().toISOString()));
	}

	/** An id for an item the practitioner adds to the plan. */
	newPlanItemId(): string {
		return `own-${this.#stamp.newId()}`;
	}

	setDecision(decision: DecisionRecord | null): void {
		this.decision = decision;
		this.#dirty.other = true;
		this.#schedule();
	}

	/** Save now (before leaving a page, signing, or on `pagehide`). */
	flush(): Promise<void> {
		return this.#autosave.flush();
	}

	/**
	 * Save a choice (a radio button) as soon as the page has shown it: just after the next paint,
	 * so the write never delays the page's answer to the click (issue 14: started inside the
	 * click, the save shared its task with the re-render and took 14 ms instead of 4). Nothing is
	 * at risk meanwhile: the change is already in the unsaved-changes journal, and `pagehide`
	 * saves it too.
	 */
	saveSoon(): void {
		if (typeof requestAnimationFrame !== 'function') {
			void this.flush();
			return;
		}
		requestAnimationFrame(() => setTimeout(() => void this.flush(), 0));
	}

	/** Sign off: saves, then makes the assessment read-only (signed, or awaiting a manager). */
	async sign(input: SignOffInput): Promise<void> {
		await this.flush();
		const signed = await this.#store.sign(this.id, input);
		this.#record = signed;
		this.#adopt(signed);
		this.#actor.send({ type: 'SIGNED' });
	}

	/** Give the reason for the changes since completion: saves, then adds them to the history. */
	async explain(input: { who: string; reason: string }): Promise<void> {
		await this.flush();
		const explained = await this.#store.explain(this.id, input, {
			expectedRevision: this.#record.revision
		});
		this.#record = explained;
		this.#audit = explained.audit;
	}

	close(): void {
		this.#unregister();
		this.#unwatch?.();
		this.#actor.stop();
		this.#autosave.cancel();
		if (this.#retry) clearTimeout(this.#retry);
	}

	/** Changes kept in the journal when the page last closed before saving them: save them now. */
	async #replay(): Promise<void> {
		const entry = this.#journal.read(this.id);
		if (!entry) return;
		if (this.readOnly) {
			// Signed since (in another tab): nothing may change it, and its page says it is signed.
			this.#journal.clear(this.id);
			return;
		}
		const answers = { ...this.answers };
		for (const [k, v] of Object.entries(entry.answers)) {
			if (v === null) delete answers[k];
			else answers[k] = v;
			this.#dirty.answers.add(k);
		}
		const notes = { ...this.notes };
		for (const [k, v] of Object.entries(entry.notes)) {
			if (v === null) delete notes[k];
			else notes[k] = v;
			this.#dirty.notes.add(k);
		}
		this.answers = answers;
		this.notes = notes;
		this.caseDetails = { ...this.caseDetails, ...entry.caseDetails };
		for (const k of Object.keys(entry.caseDetails))
			this.#dirty.caseDetails.add(k as keyof CaseDetails);
		if (entry.planning) {
			this.planning = entry.planning;
			this.#dirty.planning = true;
		}
		this.restored = true;
		await this.flush();
	}

	/** Keep every change not yet in the database in the journal, synchronously. */
	#keep(): void {
		const entry: JournalEntry = { answers: {}, notes: {}, caseDetails: {}, planning: null };
		for (const d of [this.#inFlight, this.#dirty]) {
			for (const k of d.answers) entry.answers[k] = this.answers[k] ?? null;
			for (const k of d.notes) entry.notes[k] = this.notes[k] ?? null;
			for (const k of d.caseDetails)
				(entry.caseDetails as Record<string, string>)[k] = this.caseDetails[k];
			if (d.planning) entry.planning = $state.snapshot(this.planning);
		}
		this.#journal.write(this.id, entry);
	}

	#assess(): AssessmentResult {
		// The plan follows the practitioner's decided band; the band stays the computed one.
		return assessDecided(
			this.rules,
			this.answers,
			{ today: this.assessmentDate, facts: this.facts, ...assessOptionsFrom(this.planning) },
			this.decision
		);
	}

	#isDirty(): boolean {
		return isDirty(this.#dirty);
	}

	#schedule(): void {
		if (this.readOnly) return;
		this.#keep();
		this.#autosave.schedule();
	}

	#markVisited(step: string): void {
		if (!this.visited.includes(step)) this.visited = [...this.visited, step];
	}

	/** A decision is about a computed band: when the answers change the band, it no longer stands. */
	#currentDecision(): DecisionRecord | null {
		return decisionStands(this.decision, this.result.band);
	}

	async #save(): Promise<void> {
		const started = performance.now();
		const dirty = this.#dirty;
		this.#dirty = clean();
		this.#inFlight = dirty;
		try {
			const decision = this.#currentDecision();
			if (decision !== this.decision) this.decision = decision;
			const status = progressStatus({
				complete: this.result.complete,
				decided: decision !== null,
				reachedSignOff: this.visited.includes('sign-off')
			});
			const patch = {
				caseDetails: $state.snapshot(this.caseDetails),
				answers: $state.snapshot(this.answers),
				notes: $state.snapshot(this.notes),
				visited: $state.snapshot(this.visited),
				position:
					this.step === 'signed' ? null : { step: this.step, flowVersion: flowVersion(this.rules) },
				band: this.result.band,
				decision: decision ? $state.snapshot(decision) : null,
				planning: $state.snapshot(this.planning),
				practice: $state.snapshot(this.practice),
				reviewCopy: this.reviewCopy ? $state.snapshot(this.reviewCopy) : null,
				status
			} as const;
			try {
				this.#record = await this.#store.update(this.id, patch, {
					expectedRevision: this.#record.revision
				});
			} catch (e) {
				if (!(e instanceof StorageError && e.kind === 'conflict')) throw e;
				// Another tab saved first: take its record, put this tab's unsaved fields on top, save again.
				const latest = await this.#store.get(this.id);
				if (!latest) throw e;
				this.#merge(latest, dirty, this.#record);
				this.#record = await this.#store.update(
					this.id,
					{
						...patch,
						caseDetails: $state.snapshot(this.caseDetails),
						answers: $state.snapshot(this.answers),
						notes: $state.snapshot(this.notes),
						planning: $state.snapshot(this.planning)
					},
					{ expectedRevision: latest.revision }
				);
			}
			this.status = this.#record.status;
			this.#audit = this.#record.audit;
			this.saveError = null;
			this.#inFlight = clean();
			this.#keep();
			// User Timing only (no network): `npm run bench` reads these to report autosave times.
			performance.measure('homeward:save', { start: started, end: performance.now() });
		} catch (e) {
			// Keep the unsaved fields marked so the next change, or a retry, saves them.
			markAgain(this.#dirty, dirty);
			this.#inFlight = clean();
			this.#keep();
			const error = toStorageError(e);
			this.saveError = error.message;
			// A full disk frees up when the person deletes something: try again until it has.
			if (error.kind === 'quota') {
				if (this.#retry) clearTimeout(this.#retry);
				this.#retry = setTimeout(() => {
					this.#retry = null;
					void this.flush();
				}, QUOTA_RETRY_MS);
			}
		}
	}

	/**
	 * Take another tab's record, keeping this tab's fields that are not yet saved; `base` is the
	 * record both started from, to tell which fields both changed.
	 */
	#merge(latest: AssessmentRecord, dirty: Dirty, base: AssessmentRecord): void {
		const merged = mergeWorkingCopy(
			{
				caseDetails: this.caseDetails,
				answers: this.answers,
				notes: this.notes,
				planning: this.planning,
				visited: this.visited
			},
			latest,
			dirty,
			base
		);
		this.answers = merged.answers;
		this.notes = merged.notes;
		this.caseDetails = merged.caseDetails;
		this.planning = merged.planning;
		this.visited = merged.visited;
		this.changedElsewhere = true;
		if (merged.clashes.length > 0)
			this.clashes = [...this.clashes, ...merged.clashes.map((c) => this.#clashSentence(c))];
	}

	#clashSentence(c: Clash): string {
		const label = (id: string) => this.rules.factors.get(id)?.factor.label ?? id;
		if (c.kind === 'note') {
			return `The notes for “${label(c.field)}” were changed here and in another tab or window at the same time. Both texts are kept, this tab’s first: check them and remove what is not needed.`;
		}
		if (c.kind === 'answer') {
			const scale = this.rules.factors.get(c.field)?.scale;
			const name = (v: string | undefined) =>
				[...(scale?.options ?? []), ...(scale?.neutral ?? [])].find((o) => o.value === v)?.label ??
				'no answer';
			return `The answer to “${label(c.field)}” was changed here and in another tab or window at the same time. This tab’s answer (“${name(c.mine)}”) is kept; the other was “${name(c.theirs)}”.`;
		}
		if (c.kind === 'plan') {
			return 'The support plan was changed here and in another tab or window at the same time. This tab’s plan is kept: check the other window’s changes and make them again here if they are still needed.';
		}
		return `A case detail (${c.field}) was changed here and in another tab or window at the same time. This tab’s (“${c.mine ?? ''}”) is kept; the other was “${c.theirs ?? ''}”.`;
	}

	#adopt(record: AssessmentRecord): void {
		this.caseDetails = { ...record.caseDetails };
		this.answers = { ...record.answers };
		this.notes = { ...record.notes };
		this.visited = [...record.visited];
		this.decision = record.decision;
		this.planning = structuredClone(record.planning);
		this.practice = structuredClone(record.practice);
		this.reviewCopy = record.reviewCopy && structuredClone(record.reviewCopy);
		this.#audit = record.audit;
		this.#reviews = record.managerReviews;
		this.status = record.status;
	}

	#emptyAudit(): AssessmentRecord['audit'] {
		return { baseline: null, trail: [] };
	}

	#onExternal(latest: AssessmentRecord | null): void {
		if (!latest || latest.revision <= this.#record.revision || this.#autosave.saving) return;
		// Changed in another tab or window: take it in, keeping anything typed here and not yet saved.
		const dirty = this.#dirty;
		const base = this.#record;
		this.#record = latest;
		if (this.#isDirty()) this.#merge(latest, dirty, base);
		else {
			this.#adopt(latest);
			this.changedElsewhere = true;
		}
		this.status = latest.status;
		// Returned by a manager elsewhere (another tab, or another device through team sync) while
		// open at its finished page, which is the wizard's final step: open it again where it
		// carries on, so the practitioner sees the comments and can change it.
		if (!canChange(base.status) && canChange(latest.status)) {
			this.#actor.stop();
			this.#actor = this.#startAt(latest);
		}
	}
}
