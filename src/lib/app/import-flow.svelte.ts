/**
 * The import page's stages as one state class: choose a file → (a protected file) its passphrase
 * → check what it holds and answer for the assessments already here → done. Each method is one
 * step the person takes; the page binds to the fields and shows the stage. Everything about the
 * file is checked before anything is stored or asked, and every failure is a sentence ending
 * "Nothing was imported".
 */
import type { FieldError } from '../flow/validation.ts';
import {
	validateChosenFile,
	validateClashChoices,
	validateImportPassphrase
} from './data-forms.ts';
import type { AppContext } from './context.ts';
import {
	checkImportFile,
	decryptExport,
	importFile,
	importProblem,
	importSizeProblem,
	isEncryptedExport,
	type ExistingChoice,
	type ExportFile,
	type ImportClash,
	type ImportCounts
} from './transfer.ts';

export type ImportStage = 'choose' | 'passphrase' | 'check' | 'done';

const UNREADABLE =
	'This file could not be read: it may have been moved or changed while it was being chosen. Choose it again. Nothing was imported.';

export class ImportFlow {
	readonly #ctx: AppContext;
	readonly #training: boolean;
	#encryptedText = '';

	stage = $state<ImportStage>('choose');
	fileName = $state('');
	passphrase = $state('');
	file = $state<ExportFile | null>(null);
	clashes = $state<ImportClash[]>([]);
	/** One answer for every clash, or 'each' to answer one by one. */
	forAll = $state<'each' | ExistingChoice | undefined>(undefined);
	choices = $state<Record<string, string | undefined>>({});
	counts = $state<ImportCounts | null>(null);
	busy = $state(false);
	/** Problems with what the person entered: "There is a problem". */
	errors = $state<FieldError[]>([]);
	/** Problems with the file or the import: "Nothing was imported". */
	failures = $state<FieldError[]>([]);

	constructor(ctx: AppContext, training: boolean) {
		this.#ctx = ctx;
		this.#training = training;
	}

	/** "assessment", or "training case" in training mode. */
	get what(): string {
		return this.#training ? 'training case' : 'assessment';
	}

	/** The file the person chose: checked for size, read, and either unlocked or checked. */
	async choose(chosen: File | null): Promise<void> {
		this.failures = [];
		this.errors = validateChosenFile(chosen);
		if (!chosen) return;
		this.fileName = chosen.name;
		const tooBig = importSizeProblem(chosen.size);
		if (tooBig !== null) return this.#fail('import-file', [tooBig]);
		let text: string;
		try {
			text = await chosen.text();
		} catch {
			return this.#fail('import-file', [UNREADABLE]);
		}
		if (isEncryptedExport(text)) {
			this.#encryptedText = text;
			this.passphrase = '';
			this.stage = 'passphrase';
			return;
		}
		await this.#check(text, 'import-file');
	}

	/** The passphrase typed for a protected file. */
	async unlock(): Promise<void> {
		this.failures = [];
		this.errors = validateImportPassphrase(this.passphrase);
		if (this.errors.length > 0) return;
		this.busy = true;
		try {
			const opened = await decryptExport(this.#encryptedText, this.passphrase);
			if (!opened.ok) return this.#fail('passphrase', [opened.problem]);
			this.passphrase = '';
			await this.#check(opened.plaintext, 'passphrase');
		} finally {
			this.busy = false;
		}
	}

	/** Import, with the answers given for the assessments already here. */
	async importNow(): Promise<void> {
		const file = this.file;
		if (!file) return;
		this.failures = [];
		let decide: (id: string) => ExistingChoice;
		if (this.clashes.length > 0 && this.forAll === undefined) {
			this.errors = [
				{
					field: 'forAll',
					message: `Select what to do with the ${this.what}s already on this device`
				}
			];
			return;
		}
		if (this.forAll !== undefined && this.forAll !== 'each') {
			const all = this.forAll;
			decide = () => all;
		} else {
			const result = validateClashChoices(this.clashes, this.choices);
			if (!result.ok) {
				this.errors = result.errors;
				return;
			}
			const map = result.value;
			// An id stored by another tab since the question was asked: keeping both never loses either copy.
			decide = (id) => map.get(id) ?? 'keep-both';
		}
		this.errors = [];
		this.busy = true;
		try {
			this.counts = await importFile(this.#ctx, file, decide);
			this.stage = 'done';
		} catch (e) {
			const field =
				this.forAll === 'each'
					? (this.clashes[0]?.field ?? 'import-submit')
					: this.clashes.length > 1
						? 'forAll'
						: 'import-submit';
			this.#fail(field, [importProblem(e)]);
		} finally {
			this.busy = false;
		}
	}

	/** Back to choosing a file, forgetting this one. */
	reset(): void {
		this.file = null;
		this.clashes = [];
		this.counts = null;
		this.errors = [];
		this.failures = [];
		this.stage = 'choose';
	}

	async #check(text: string, field: string): Promise<void> {
		const checked = await checkImportFile(this.#ctx, text, this.#training);
		if (!checked.ok) return this.#fail(field, checked.problems);
		this.file = checked.file;
		this.clashes = checked.clashes;
		this.choices = {};
		this.forAll = checked.clashes.length > 1 ? undefined : 'each';
		this.stage = 'check';
	}

	#fail(field: string, problems: readonly string[]): void {
		this.errors = [];
		const unique = problems.filter((problem, i) => problems.indexOf(problem) === i);
		this.failures = unique.map((message) => ({ field, message }));
	}
}
