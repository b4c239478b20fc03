import { describe, expect, it } from 'vitest';
import {
	CHART_COLOURS,
	chartHeight,
	chartLabels,
	domainChartConfig,
	LABEL_WIDTH,
	tickLabel,
	wrapLabel
} from '../../src/lib/components/results/domain-chart.ts';
import { compareDomains, type ScoredDomain } from '../../src/lib/domain/compare.ts';

const hatch = (colour: string) => `hatch(${colour})`;
const domains: ScoredDomain[] = [
	{ id: 'care', title: 'Parenting capacity and evidence of change', score: -1.5 },
	{ id: 'home', title: 'Home', score: 0.5 },
	{ id: 'history', title: 'History', score: null },
	{ id: 'network', title: 'Support network', score: 4 }
];
const single = (print = false) =>
	domainChartConfig({ domains, changes: null, min: -3, max: 2, print, hatch });

describe('the chart of one assessment', () => {
	it('draws one horizontal bar per section, none for a section not rated', () => {
		const c = single();
		expect(c.options?.indexAxis).toBe('y');
		expect(c.data.labels).toEqual([
			['Parenting capacity and', 'evidence of change'],
			['Home'],
			['History', '(not rated)'],
			['Support network']
		]);
		expect(c.data.datasets).toHaveLength(1);
		// Scores beyond the axis are drawn to its end (the table has the real figure).
		expect(c.data.datasets[0]?.data).toEqual([-1.5, 0.5, null, 2]);
	});

	it('colours bars below 0 differently from the rest', () => {
		expect(single().data.datasets[0]?.backgroundColor).toEqual([
			CHART_COLOURS.negative,
			CHART_COLOURS.positive,
			CHART_COLOURS.positive,
			CHART_COLOURS.positive
		]);
	});

	it('is static and sharp: no animation, no interaction, rendered at 3× pixel ratio, no legend', () => {
		const o = single().options;
		expect(o?.animation).toBe(false);
		expect(o?.events).toEqual([]);
		expect(o?.devicePixelRatio).toBe(3);
		expect(o?.maintainAspectRatio).toBe(false);
		expect(o?.plugins?.legend?.display).toBe(false);
	});

	it('runs the score axis over the given range, labelled with true minus signs', () => {
		const x = domainChartConfig({ domains, changes: null, min: -2, max: 3, print: false, hatch })
			.options?.scales?.x;
		expect([x?.min, x?.max]).toEqual([-2, 3]);
		expect([-3, -1, 0, 2].map(tickLabel)).toEqual(['−3', '−1', '0', '+2']);
	});

	it('uses black, slightly smaller type for print', () => {
		const y = single(true).options?.scales?.y;
		expect(y?.ticks?.color).toBe('#000000');
		expect(y?.ticks?.font).toMatchObject({ size: 13 });
	});
});

describe('the chart comparing two assessments', () => {
	const earlier: ScoredDomain[] = [
		{ id: 'care', title: 'Parenting capacity', score: -2 },
		{ id: 'home', title: 'Home', score: 1 },
		{ id: 'old', title: 'Old section', score: -1 }
	];
	const changes = compareDomains(earlier, domains);
	const c = domainChartConfig({ domains, changes, min: -3, max: 2, print: false, hatch });

	it("groups an earlier (hatched) bar with this assessment's (solid) bar for each section, with a legend", () => {
		expect(c.data.datasets.map((d) => d.label)).toEqual(['Earlier assessment', 'This assessment']);
		expect(c.data.datasets[0]?.data).toEqual([-2, 1, null, null, -1]);
		expect(c.data.datasets[1]?.data).toEqual([-1.5, 0.5, null, 2, null]);
		expect(c.data.datasets[0]?.backgroundColor).toEqual([
			`hatch(${CHART_COLOURS.negative})`,
			`hatch(${CHART_COLOURS.positive})`,
			`hatch(${CHART_COLOURS.positive})`,
			`hatch(${CHART_COLOURS.positive})`,
			`hatch(${CHART_COLOURS.negative})`
		]);
		expect(c.options?.plugins?.legend?.display).toBe(true);
	});

	it('includes a section found only in the earlier assessment, and explains every missing bar under the section name', () => {
		expect(c.data.labels).toEqual([
			['Parenting capacity and', 'evidence of change'],
			['Home'],
			['History', '(new section, not rated)'],
			['Support network', '(new section)'],
			['Old section', '(no longer assessed)']
		]);
		const rated = (before: number | null, after: number | null) =>
			domainChartConfig({
				domains: [],
				changes: compareDomains(
					[{ id: 'a', title: 'A', score: before }],
					[{ id: 'a', title: 'A', score: after }]
				),
				min: -3,
				max: 2,
				print: false,
				hatch
			}).data.labels;
		expect(rated(1, null)).toEqual([['A', '(not rated this time)']]);
		expect(rated(null, 1)).toEqual([['A', '(not rated before)']]);
		expect(rated(null, null)).toEqual([['A', '(not rated)']]);
		expect(rated(1, 1)).toEqual([['A']]);
	});
});

describe('layout helpers', () => {
	it('makes the chart taller in proportion to the number of sections', () => {
		expect(chartHeight(9, false) - chartHeight(8, false)).toBe(
			chartHeight(2, false) - chartHeight(1, false)
		);
		expect(chartHeight(9, true)).toBeGreaterThan(chartHeight(9, false));
	});

	it('leaves room for every line of the longest label, so wrapped labels never overlap', () => {
		for (const layout of ['wide', 'narrow', 'print'] as const) {
			expect(chartHeight(9, false, 4, layout)).toBeGreaterThan(chartHeight(9, false, 1, layout));
			expect(chartHeight(9, true, 4, layout)).toBeGreaterThanOrEqual(
				chartHeight(9, false, 4, layout)
			);
		}
	});

	it('on a narrow screen wraps labels short and in smaller type, so they fit beside the bars at 320 px', () => {
		const narrow = chartLabels({ domains, changes: null }, 'narrow');
		for (const lines of narrow)
			for (const line of lines.filter((l) => !l.startsWith('(')))
				expect(line.length).toBeLessThanOrEqual(LABEL_WIDTH.narrow);
		expect(narrow[0]).toEqual(['Parenting', 'capacity and', 'evidence of', 'change']);
		const config = domainChartConfig({
			...{ domains, changes: null, min: -3, max: 2 },
			print: false,
			narrow: true,
			hatch
		});
		expect(config.data.labels).toEqual(narrow);
		expect(config.options?.scales?.y?.ticks?.font).toMatchObject({ size: 13 });
	});

	it('on paper keeps a label on one line where it fits, its note included, so rows stay one line high', () => {
		const print = chartLabels({ domains, changes: null }, 'print');
		expect(print[0]).toEqual(['Parenting capacity and evidence of change']);
		expect(print[2]).toEqual(['History (not rated)']);
	});

	it.each([
		['Home', ['Home']],
		[
			'Why the child came into care, and what has changed',
			['Why the child came into', 'care, and what has changed']
		],
		[
			'A-very-long-single-word-that-cannot-be-split',
			['A-very-long-single-word-that-cannot-be-split']
		]
	])('wraps "%s" at about 28 characters', (text, lines) => {
		expect(wrapLabel(text)).toEqual(lines);
	});
});
