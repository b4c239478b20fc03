/**
 * The command line of `npm run team:setup`, read and checked with zod (no side effects, so the
 * tests can check every refusal without starting a process).
 */
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { CliError } from './rules-files.ts';
import { TEAM_DB_NAME } from '../lib/domain/team-rules.ts';

export const USAGE =
	'Usage: npm run team:setup -- --url https://couch.example.org --db homeward-team --admin-user ADMIN [--team-admin NAME]… [--print]\n' +
	'The admin password is read from the HOMEWARD_ADMIN_PASSWORD environment variable.';

const ArgsSchema = z.object({
	url: z
		.url({ protocol: /^https?$/, error: 'The --url must be an http:// or https:// address.' })
		.transform((u) => u.replace(/\/+$/, '')),
	db: z
		.string({ error: 'Give the team database’s name with --db.' })
		.regex(TEAM_DB_NAME, {
			error:
				'The --db name must start with a lower-case letter and hold only lower-case letters, digits and _ $ ( ) + - /.'
		})
		.max(238, { error: 'The --db name must be at most 238 characters.' }),
	adminUser: z
		.string({ error: 'Give a CouchDB server admin’s user name with --admin-user.' })
		.min(1, { error: 'The --admin-user must not be empty.' }),
	teamAdmins: z.array(z.string().min(1, { error: 'A --team-admin name must not be empty.' })),
	password: z
		.string({
			error:
				'Set HOMEWARD_ADMIN_PASSWORD to the admin’s password (it is not read from the command line).'
		})
		.min(1, { error: 'HOMEWARD_ADMIN_PASSWORD is empty: set it to the admin’s password.' })
});
export type SetupArgs = z.infer<typeof ArgsSchema>;

export function readArgs(
	argv: string[],
	env: NodeJS.ProcessEnv
): { print: boolean; args?: SetupArgs } {
	let values;
	try {
		({ values } = parseArgs({
			args: argv,
			options: {
				url: { type: 'string' },
				db: { type: 'string' },
				'admin-user': { type: 'string' },
				'team-admin': { type: 'string', multiple: true },
				print: { type: 'boolean' }
			},
			strict: true,
			allowPositionals: false
		}));
	} catch (e) {
		throw new CliError(
			`${(e as Error).message.split('\n')[0] ?? 'Wrong command line'}.`,
			[USAGE],
			2
		);
	}
	if (values.print === true) return { print: true };
	const parsed = ArgsSchema.safeParse({
		url: values.url,
		db: values.db,
		adminUser: values['admin-user'],
		teamAdmins: values['team-admin'] ?? [],
		password: env.HOMEWARD_ADMIN_PASSWORD
	});
	if (!parsed.success) {
		const first = parsed.error.issues[0]?.message ?? 'The command line is not valid.';
		throw new CliError(first, [USAGE], 2);
	}
	return { print: false, args: parsed.data };
}
