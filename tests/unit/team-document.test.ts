import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import releaseVariant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, type QuickJSContext } from 'quickjs-emscripten-core';
import { TEAM_ROLES } from '../../src/lib/domain/team-rules.ts';
import { RECORD_SCHEMA_VERSION } from '../../src/lib/storage/record.ts';
import {
	checkTeamWrite,
	readTeamDocument,
	TEAM_DOC_TYPE
} from '../../src/lib/storage/team/team-document.ts';
import { buildDesignDocument, SHIMS, type DesignDocument } from '../../src/cli/team-design.ts';
import { AUTHOR, CHANGES, MANAGER, STATES, teamDoc, type State } from '../fixtures/team-docs.ts';

// esprima 4.0.1, the parser CouchDB's couchjs uses on design functions (it has no types).
const esprima = createRequire(import.meta.url)('esprima') as { parse(source: string): unknown };

const security = {
	admins: { names: [], roles: [] },
	members: { names: [], roles: [TEAM_ROLES.practitioner, TEAM_ROLES.manager] }
};
const practitionerCtx = { db: 'team', name: AUTHOR, roles: [TEAM_ROLES.practitioner] };
const managerCtx = { db: 'team', name: MANAGER, roles: [TEAM_ROLES.manager] };
const adminCtx = { db: 'team', name: 'team-admin', roles: ['_admin'] };

/** A team document as CouchDB stores it. */
const wire = (d: ReturnType<typeof teamDoc>, rev?: string) => ({
	_id: d.record.id,
	...(rev ? { _rev: rev } : {}),
	type: TEAM_DOC_TYPE,
	team: { author: d.author },
	record: d.record
});

describe('reading a team document from the wire', () => {
	it('reads a valid one into the domain’s shape', () => {
		const d = teamDoc('draft');
		const read = readTeamDocument(wire(d, '1-abc'));
		expect(read).toEqual({ ok: true, doc: { author: AUTHOR, record: d.record } });
	});

	it.each([
		[{ _id: 'x', hello: 1 }, 'the field "type" should be "homeward-assessment" but is missing'],
		[
			{ ...wire(teamDoc('draft')), team: {} },
			'This is not a Homeward assessment document: the field "team.author" is missing.'
		],
		[{ ...wire(teamDoc('draft')), team: { author: '' } }, 'the field "team.author" is empty'],
		[
			{ ...wire(teamDoc('draft')), record: { ...teamDoc('draft').record, status: 'closed' } },
			'This assessment is not a valid Homeward record: the field "status" is "closed", which is not one of the allowed values'
		],
		[
			{ ...wire(teamDoc('draft')), record: { ...teamDoc('draft').record, answers: [] } },
			'the field "answers" should be'
		],
		[
			{ ...wire(teamDoc('draft')), _id: 'another-id' },
			'document id ("another-id") is not its record\'s id'
		],
		[
			{
				...wire(teamDoc('draft')),
				record: { ...teamDoc('draft').record, schemaVersion: RECORD_SCHEMA_VERSION - 1 }
			},
			`written by an older version of Homeward than the team server checks (record version ${RECORD_SCHEMA_VERSION - 1}, expected ${RECORD_SCHEMA_VERSION})`
		],
		[
			{
				...wire(teamDoc('draft')),
				record: { ...teamDoc('draft').record, schemaVersion: RECORD_SCHEMA_VERSION + 1 }
			},
			'written by a newer version of Homeward'
		]
	])('refuses document %# with a sentence', (raw, message) => {
		const read = readTeamDocument(raw);
		expect(read.ok).toBe(false);
		if (!read.ok) expect(read.reason).toContain(message);
	});
});

describe('the server’s check of one write (validate_doc_update’s four arguments)', () => {
	it('accepts a practitioner’s new draft, refuses a schema-invalid one with the reason', () => {
		expect(checkTeamWrite(wire(teamDoc('draft')), null, practitionerCtx, security)).toBeNull();
		const bad = { ...wire(teamDoc('draft')), record: { ...teamDoc('draft').record, revision: -1 } };
		expect(checkTeamWrite(bad, null, practitionerCtx, security)).toEqual({
			status: 'forbidden',
			reason:
				'This assessment is not a valid Homeward record: the field "revision" is -1, which is less than 0.'
		});
	});

	it('refuses an outsider before saying anything about the document', () => {
		const outsider = { db: 'team', name: 'oz', roles: [] };
		expect(checkTeamWrite({ nonsense: true }, null, outsider, security)).toEqual({
			status: 'forbidden',
			reason: expect.stringContaining('You are not a member of this team') as string
		});
		expect(
			checkTeamWrite({ nonsense: true }, null, { name: null, roles: [] }, security)?.status
		).toBe('unauthorized');
	});

	it('lets only an admin write a design document', () => {
		const ddoc = { _id: '_design/other', validate_doc_update: 'function () {}' };
		expect(checkTeamWrite(ddoc, null, adminCtx, security)).toBeNull();
		expect(checkTeamWrite(ddoc, null, managerCtx, security)?.reason).toBe(
			'Only the team’s administrator can change its design documents.'
		);
	});

	it('judges a tombstone by the revision it deletes', () => {
		const tombstone = { _id: teamDoc('draft').record.id, _rev: '2-x', _deleted: true };
		expect(checkTeamWrite(tombstone, wire(teamDoc('draft')), managerCtx, security)).toBeNull();
		expect(
			checkTeamWrite(tombstone, wire(teamDoc('signed')), managerCtx, security)?.reason
		).toMatch(/signed assessment cannot be deleted/);
		expect(
			checkTeamWrite(tombstone, wire(teamDoc('draft')), practitionerCtx, security)?.reason
		).toBe('Only a manager can delete a team’s assessment.');
	});

	it('a tombstone that names the revision a conflict was settled into lets the author settle it', () => {
		const id = teamDoc('draft').record.id;
		const settle = (resolvedInto: string) => ({
			_id: id,
			_rev: '2-x',
			_deleted: true,
			type: TEAM_DOC_TYPE,
			team: { resolvedInto }
		});
		const prev = wire(teamDoc('draft'));
		expect(
			checkTeamWrite(settle(`3-${'0'.repeat(32)}`), prev, practitionerCtx, security)
		).toBeNull();
		// Not a revision: an ordinary deletion, which is a manager's.
		expect(checkTeamWrite(settle('latest'), prev, practitionerCtx, security)?.reason).toBe(
			'Only a manager can delete a team’s assessment.'
		);
		expect(
			checkTeamWrite(
				settle(`3-${'0'.repeat(32)}`),
				wire(teamDoc('signed')),
				practitionerCtx,
				security
			)?.reason
		).toMatch(/^Only a manager can settle a conflict/);
	});

	it('a write after a tombstone is judged as a new assessment', () => {
		const tombstone = { _id: teamDoc('draft').record.id, _rev: '2-x', _deleted: true };
		expect(checkTeamWrite(wire(teamDoc('draft')), tombstone, practitionerCtx, security)).toBeNull();
	});

	it('a stored revision that no longer reads can be replaced only by a manager', () => {
		const damaged = {
			_id: teamDoc('draft').record.id,
			type: TEAM_DOC_TYPE,
			team: { author: AUTHOR }
		};
		const next = wire(teamDoc('draft'));
		expect(checkTeamWrite(next, damaged, practitionerCtx, security)?.reason).toMatch(
			/^The stored version of this assessment cannot be read, so only a manager can replace it\./
		);
		expect(checkTeamWrite(next, damaged, managerCtx, security)).toBeNull();
	});

	it('refuses arguments that are not what CouchDB passes', () => {
		expect(checkTeamWrite(wire(teamDoc('draft')), null, { roles: 'x' }, security)?.status).toBe(
			'forbidden'
		);
	});
});

describe('the design document enforces exactly the tested code', () => {
	let design: DesignDocument;
	let validate: (n: unknown, o: unknown, u: unknown, s: unknown) => void;
	beforeAll(async () => {
		design = await buildDesignDocument();
		// As CouchDB does: the source is one function expression, compiled once, in a realm of
		// its own with only the language's built-ins (no TextEncoder, no Node).
		validate = runInNewContext(`(${design.validate_doc_update})`) as typeof validate;
	}, 30_000);

	/** What the bundled function does: null, or the object it throws. */
	const run = (...args: [unknown, unknown, unknown, unknown]) => {
		try {
			validate(...args);
			return null;
		} catch (e) {
			return e;
		}
	};

	it('is ES2017 syntax, one function expression, as couchjs reads it', () => {
		const source = design.validate_doc_update;
		// CouchDB's rewrite_fun.js wraps a source that starts with "function" and ends with "}"
		// in parentheses; older versions parse it with esprima 4 first, which reads ES2017.
		expect(source.startsWith('function') && source.endsWith('}')).toBe(true);
		expect(() => parse(`(${source})`, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
		expect(() => esprima.parse(`(${source})`)).not.toThrow();
		expect(design.homeward.recordSchemaVersion).toBe(RECORD_SCHEMA_VERSION);
		expect(design.homeward.validateHash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('is the same build every time (so team:setup can tell it is current)', async () => {
		expect((await buildDesignDocument()).homeward.validateHash).toBe(design.homeward.validateHash);
	});

	const changes = Object.keys(CHANGES) as (keyof typeof CHANGES)[];
	const cases = STATES.flatMap((state: State) => changes.map((change) => ({ state, change })));
	const users = [practitionerCtx, managerCtx, adminCtx, { name: 'oz', roles: [] }];
	it.each(cases)('answers as checkTeamWrite does: $change on $state', ({ state, change }) => {
		const prev = wire(teamDoc(state), '1-a');
		const next = wire(CHANGES[change](teamDoc(state)), '1-a');
		for (const ctx of users) {
			const expected = checkTeamWrite(next, prev, ctx, security);
			const thrown = run(next, prev, ctx, security);
			expect(thrown).toEqual(expected === null ? null : { [expected.status]: expected.reason });
		}
	});

	// CouchDB 3.4 and later can run design documents in QuickJS instead of SpiderMonkey: the same
	// function, in the same engine (Bellard's QuickJS, compiled to WebAssembly), answers the same.
	describe('in QuickJS', () => {
		let vm: QuickJSContext;
		beforeAll(async () => {
			vm = (await newQuickJSWASMModuleFromVariant(releaseVariant)).newContext();
			vm.unwrapResult(vm.evalCode(`var validate = (${design.validate_doc_update});`)).dispose();
		}, 30_000);

		const inQuickJs = (...args: unknown[]): unknown => {
			const code = `(function () { try { validate(${args.map((a) => JSON.stringify(a)).join(', ')}); return 'null'; } catch (e) { return JSON.stringify(e instanceof Error ? { error: String(e) + ' ' + e.stack } : e); } })()`;
			const handle = vm.unwrapResult(vm.evalCode(code));
			const text = vm.getString(handle);
			handle.dispose();
			return JSON.parse(text);
		};

		it('accepts a valid write and refuses a schema-invalid one', () => {
			expect(inQuickJs(wire(teamDoc('draft')), null, practitionerCtx, security)).toBeNull();
			expect(inQuickJs({ _id: 'x' }, null, practitionerCtx, security)).toEqual({
				forbidden: expect.stringMatching(/^This is not a Homeward assessment document/) as string
			});
		});

		it.each(cases)('answers as checkTeamWrite does: $change on $state', ({ state, change }) => {
			const prev = wire(teamDoc(state), '1-a');
			const next = wire(CHANGES[change](teamDoc(state)), '1-a');
			for (const ctx of users) {
				const expected = checkTeamWrite(next, prev, ctx, security);
				expect(inQuickJs(next, prev, ctx, security)).toEqual(
					expected === null ? null : { [expected.status]: expected.reason }
				);
			}
		});
	});
});

describe('the design document’s TextEncoder, for engines without one', () => {
	it('writes the same UTF-8 as the real one, lone surrogates included', () => {
		const encode = (s: string): number[] =>
			Array.from(
				runInNewContext(`${SHIMS}\nnew TextEncoder().encode(text)`, { text: s }) as Uint8Array
			);
		expect(runInNewContext('typeof TextEncoder')).toBe('undefined');
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (s) => {
				expect(encode(s)).toEqual(Array.from(new TextEncoder().encode(s)));
			})
		);
	});
});
