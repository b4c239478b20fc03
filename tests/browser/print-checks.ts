/**
 * Checks on a printed PDF that a panel reads on paper (issue 13): no heading left as the last line
 * of a page, no table's header row alone at a page foot, no chart split across pages, and room to
 * sign by hand. Uses poppler-utils' `pdftotext`. Chrome prints a canvas as vector text, so the
 * chart's labels and axis title can be found on the page.
 */
import { execFileSync } from 'node:child_process';
import { expect, type Page } from '@playwright/test';

/** The text of each page of `pdf`, line by line, as laid out (the footer is the last line). */
export function pageLines(pdf: string): string[][] {
	const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
	return text
		.split('\f')
		.map((p) =>
			p
				.split('\n')
				.map((l) => l.replace(/\s+/g, ' ').trim())
				.filter(Boolean)
		)
		.filter((lines) => lines.length > 0);
}

/** What must never be the last line of a page: headings and captions, and table header rows. */
async function headingLines(page: Page): Promise<{ heads: string[]; rows: string[] }> {
	return page.evaluate(() => {
		const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
		const visible = (el: Element) => !el.closest('.govuk-visually-hidden');
		const heads = Array.from(document.querySelectorAll('h1, h2, h3, caption'))
			.filter(visible)
			.map((h) => norm(h.textContent));
		const rows = Array.from(document.querySelectorAll('thead tr')).map((tr) =>
			Array.from(tr.children)
				.map((c) => norm(c.textContent))
				.join(' ')
		);
		return {
			heads: heads.filter((t) => t.length > 0),
			rows: rows.filter((t) => t.length > 0)
		};
	});
}

/** A heading's text printed on `line` (a long heading may wrap, so its first line is enough). */
const isLineOf = (heading: string, line: string) =>
	heading === line || (line.length > 10 && heading.startsWith(line));

/**
 * The PDF at `pdf`, printed from `page`: no page ends on a heading or a header row, each chart in
 * `charts` is on one page, and every signature row is at least 1.5 cm high.
 */
export async function expectPrintable(
	page: Page,
	pdf: string,
	/** Each chart's first label and axis title. */
	charts: [string, string][]
) {
	const { heads, rows } = await headingLines(page);
	const pages = pageLines(pdf);
	pages.forEach((lines, i) => {
		// The last line is the footer; the one before it is the page's last line of content.
		const content = lines.slice(0, -1);
		const last = content.at(-1) ?? '';
		const stranded = [...heads, ...rows].find((h) => isLineOf(h, last));
		expect(stranded, `page ${i + 1} ends with the heading “${stranded}”`).toBeUndefined();
		// A heading keeps at least two lines of what it heads on its page (an intro sentence alone
		// is not enough), unless its section ends there: the next page starts with a heading.
		const nextFirst = pages[i + 1]?.[0] ?? null;
		const nextStartsSection = nextFirst === null || heads.some((h) => isLineOf(h, nextFirst));
		content.forEach((line, at) => {
			const head = heads.find((h) => isLineOf(h, line));
			if (head === undefined || content.length - at - 1 >= 2 || nextStartsSection) return;
			expect(
				head,
				`page ${i + 1}: the heading “${head}” is followed by only ${content.length - at - 1} line(s) before the page ends`
			).toBeUndefined();
		});
	});
	// The chart is whole when its first bar's label and its axis title (below the bars) share a page.
	const onPage = (text: string) => pages.findIndex((lines) => lines.some((l) => l.includes(text)));
	for (const [first, axis] of charts) {
		expect(onPage(axis), `the chart's axis title “${axis}” is printed`).toBeGreaterThanOrEqual(0);
		expect(onPage(first), 'the chart starts on the page where it ends').toBe(onPage(axis));
	}
	// Measured from the print layout: 1 CSS px is 1/96 inch on paper.
	await page.emulateMedia({ media: 'print' });
	const heights = await page
		.getByTestId('signatures')
		.locator('tbody tr')
		.evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
	await page.emulateMedia({ media: 'screen' });
	expect(heights.length).toBeGreaterThan(0);
	for (const h of heights)
		expect((h / 96) * 2.54, 'a signature row in cm').toBeGreaterThanOrEqual(1.5);
}

/**
 * The columns of the table `testId` have one text width in print (within 2 px): two sides of one
 * comparison, such as the band scored and the band decided, read as equals.
 */
export async function expectEvenColumns(page: Page, testId: string) {
	await page.emulateMedia({ media: 'print' });
	const widths = await page
		.getByTestId(testId)
		.locator('thead th')
		.evaluateAll((cells) =>
			// The text's width: GOV.UK gives the last cell no right padding.
			cells.map((c) => {
				const style = getComputedStyle(c);
				const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
				return c.getBoundingClientRect().width - padding;
			})
		);
	await page.emulateMedia({ media: 'screen' });
	expect(widths.length).toBeGreaterThan(1);
	const spread = Math.max(...widths) - Math.min(...widths);
	expect(
		spread,
		`${testId}: printed column widths ${widths.map(Math.round).join(', ')} px`
	).toBeLessThanOrEqual(2);
}
