/**
 * Every page and state the browser tests stop at to check accessibility (GOV.UK Frontend's habit:
 * one set of examples drives every check). `checkPage` runs axe (WCAG 2.2 AA) and the reflow check
 * (1.4.10, which axe cannot see) on each, so a state added for one is checked for both.
 */
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { FORM_EXAMPLES } from '../form-examples.ts';
import { CURRENT_RULES_FILE, loadRealRules } from '../helpers.ts';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const rules = loadRealRules(CURRENT_RULES_FILE);

/** The page states, by the label each check reports. */
export const PAGE_STATES: readonly string[] = [
	'home',
	'home with assessments',
	'case details',
	'case details with errors',
	'task list',
	...rules.data.domains.flatMap((d) => [d.id, `${d.id} with errors`]),
	'check your answers',
	'result',
	'result with errors',
	'override with errors',
	'support plan',
	'change item with errors',
	'remove with errors',
	'add item with errors',
	'support plan after changes',
	'sign-off',
	'sign-off with errors',
	'signed',
	'panel summary (draft)',
	'delete assessment',
	'data page',
	'export page',
	'export page with errors',
	'export with passphrase errors',
	'import page',
	'import page with errors',
	'import check with errors',
	'import check, one by one',
	'import complete',
	'import of a bad file',
	'passphrase page',
	'passphrase page with errors',
	'remove all data',
	'all data removed',
	'update banner',
	'training list',
	'training result',
	'training panel summary',
	'training result below the top band',
	'training export',
	'training import refused',
	// Governance (issue 12): approval, reasons for changes, history, reviews.
	'sign-off needing approval',
	'awaiting approval',
	'summary awaiting approval',
	'approval page',
	'approval page with errors',
	'returned',
	'returned to the practitioner',
	'reason page',
	'reason page with errors',
	'reason saved',
	'history',
	'signed after approval',
	'summary signed after approval',
	'review task list',
	'review section copied',
	'assessment with a broken history',
	'history with a broken chain',
	// After the decision (issue 15): the return, support, reviews, outcomes (follow-up.spec.ts).
	'follow-up',
	'follow-up before a decision',
	'follow-up return with errors',
	'follow-up return',
	'follow-up support',
	'home with due items',
	'follow-up review with errors',
	'follow-up overdue',
	'follow-up outcome',
	'follow-up history',
	'panel summary after the decision',
	// After the decision (issue 15): the caseload view and the evaluation export.
	'caseload, empty',
	'caseload',
	'evaluation export',
	'training caseload',
	'training evaluation export',
	// Team mode (issue 16).
	'team connect with errors',
	'team connected',
	'team offline',
	'team server stopped',
	'team refusal',
	'team signed out',
	// Team mode's conflicts (team-conflict.spec.ts).
	'team conflicts',
	'team conflict',
	'team conflict with errors',
	'team conflict settled',
	// Team mode's approval across devices, deletion and signing in again (team-approval.spec.ts).
	'team manager first page with an approval waiting',
	'team returned to the practitioner',
	'team approved on the practitioner’s device',
	'team delete refused',
	'team delete by a manager',
	'team sign-in ended',
	'team sign in again with errors',
	// A manager's hand-over (team-handover.spec.ts).
	'team hand-over, whose with errors',
	'team hand-over, whose',
	'team hand-over, cases with errors',
	'team hand-over, cases',
	'team hand-over, check',
	'team hand-over done',
	'team history after a hand-over',
	'team hand-over refused',
	'team approval refused',
	'team hand-over without a team',
	...FORM_EXAMPLES.map((e) => `form primitive: ${e.name}`)
];

/** The narrowest viewport WCAG 1.4.10 asks content to reflow into without scrolling sideways. */
export const REFLOW_WIDTH = 320;

/**
 * The page does not scroll sideways at 320 CSS px; when it does, names the elements that stick out
 * (wide tables and charts must scroll inside their own region instead).
 */
export async function reflow(page: Page, label: string) {
	const before = page.viewportSize();
	await page.setViewportSize({ width: REFLOW_WIDTH, height: 640 });
	// Two frames: one for the resize to lay out, one for ResizeObserver-driven redraws (charts).
	await page.evaluate(
		() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
	);
	const overflow = await page.evaluate(() => {
		const doc = document.documentElement;
		if (doc.scrollWidth <= window.innerWidth) return null;
		const scrolls = (el: Element) => {
			const x = getComputedStyle(el).overflowX;
			return x === 'auto' || x === 'scroll' || x === 'hidden';
		};
		const culprits: string[] = [];
		for (const el of Array.from(document.body.querySelectorAll('*'))) {
			if (el.getBoundingClientRect().right <= window.innerWidth + 0.5) continue;
			let inside = false;
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
				if (scrolls(p) || p.getBoundingClientRect().right > window.innerWidth + 0.5) inside = true;
			if (inside) continue;
			const cls = typeof el.className === 'string' ? el.className.split(' ')[0] : '';
			culprits.push(
				`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls ? '.' + cls : ''}`
			);
		}
		return `${doc.scrollWidth} px wide (${culprits.slice(0, 6).join(', ')})`;
	});
	if (before) await page.setViewportSize(before);
	expect.soft(overflow, `${label}: at ${REFLOW_WIDTH} px the page scrolls sideways`).toBeNull();
}

/** Runs every check on the page as it is now: axe, then reflow at 320 px. */
export async function checkPage(page: Page, label: string) {
	expect(PAGE_STATES, `"${label}" is not in PAGE_STATES`).toContain(label);
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	expect(
		results.violations.map(
			(v) => `${label}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`
		)
	).toEqual([]);
	await reflow(page, label);
}
