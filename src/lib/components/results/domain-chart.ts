/**
 * The Chart.js configuration for DomainChart.svelte, kept apart from the component so it can be
 * tested without a browser. Imports only Chart.js *types*: the library itself is loaded lazily by
 * the component, so it stays out of the first page's bundle.
 */
import type { ChartConfiguration, ChartDataset, Color, LegendItem } from 'chart.js';
import type { DomainChange, ScoredDomain } from '../../domain/compare.ts';
import { isBelowZero } from '../../domain/compare.ts';

/**
 * GOV.UK Frontend 6 palette. Both bar colours have at least 3:1 contrast with white (WCAG 1.4.11
 * non-text contrast: blue shade-25 7.9:1, red 5.2:1), and differ in lightness as well as hue so
 * they stay apart in greyscale print. Colour is never the only cue: a bar's side of the 0 line
 * gives its sign, and the table beside the chart has every figure.
 */
export const CHART_COLOURS = {
	positive: '#16548a',
	negative: '#ca3535',
	text: '#0b0c0c',
	grid: '#cecece',
	zero: '#0b0c0c',
	legend: '#484949'
} as const;

export const FONT_FAMILY = 'arial, helvetica, sans-serif';

/** Height in CSS pixels: a fixed amount per section, so bars are the same thickness on every page. */
export function chartHeight(rows: number, comparing: boolean): number {
	return rows * (comparing ? 72 : 52) + (comparing ? 120 : 80);
}

/** Split a section title into lines of about `width` characters, for the category axis (no more than 2 lines for the shipped titles). */
export function wrapLabel(text: string, width = 28): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines;
}

/** An axis tick as people read it: "−3", "0", "+2" (a true minus sign). */
export function tickLabel(value: number | string): string {
	const n = Number(value);
	return n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : '0';
}

export interface DomainChartInput {
	domains: readonly ScoredDomain[];
	/** The comparison with an earlier assessment, in row order, or null for a single assessment. */
	changes: readonly DomainChange[] | null;
	min: number;
	max: number;
	print: boolean;
	/** A diagonal hatch in the given colour (a CanvasPattern in the browser; anything in tests). */
	hatch: (colour: string) => Color;
}

const barColour = (score: number | null) =>
	isBelowZero(score) ? CHART_COLOURS.negative : CHART_COLOURS.positive;

/** The full Chart.js configuration: horizontal bars, no animation, no interaction, crisp when printed. */
export function domainChartConfig(
	input: DomainChartInput
): ChartConfiguration<'bar', (number | null)[], string[]> {
	const { changes, min, max, print, hatch } = input;
	const fontSize = print ? 14 : 16;
	const text = print ? '#000000' : CHART_COLOURS.text;
	const rows = changes ?? input.domains.map((d) => ({ ...d, before: null, after: d.score }));
	const clamp = (n: number | null) => (n === null ? null : Math.min(max, Math.max(min, n)));
	// A missing bar is explained under the section's name, so it is not read as a score of 0.
	const note = (r: (typeof rows)[number]): string | null => {
		if ('presentIn' in r && r.presentIn === 'later only')
			return r.after === null ? '(new section, not rated)' : '(new section)';
		if ('presentIn' in r && r.presentIn === 'earlier only') return '(no longer assessed)';
		if (r.after === null && r.before === null) return '(not rated)';
		if (r.after === null) return '(not rated this time)';
		if (changes && r.before === null) return '(not rated before)';
		return null;
	};
	const labels = rows.map((r) => {
		const extra = note(r);
		const lines = print ? [r.title] : wrapLabel(r.title);
		return extra ? [...lines, extra] : lines;
	});

	const now: ChartDataset<'bar', (number | null)[]> = {
		label: 'This assessment',
		data: rows.map((r) => clamp(r.after)),
		backgroundColor: rows.map((r) => barColour(r.after)),
		borderColor: rows.map((r) => barColour(r.after)),
		borderWidth: 0,
		maxBarThickness: 28
	};
	const datasets: ChartDataset<'bar', (number | null)[]>[] = [now];
	if (changes) {
		// The earlier assessment: hatched, with a solid border so each bar's edge keeps 3:1 contrast.
		datasets.unshift({
			label: 'Earlier assessment',
			data: changes.map((c) => clamp(c.before)),
			backgroundColor: changes.map((c) => hatch(barColour(c.before))),
			borderColor: changes.map((c) => barColour(c.before)),
			borderWidth: 2,
			borderSkipped: false,
			maxBarThickness: 24
		});
	}

	const legendItems = (): LegendItem[] => [
		{
			text: 'Earlier assessment (hatched)',
			fillStyle: hatch(CHART_COLOURS.legend),
			strokeStyle: CHART_COLOURS.legend,
			lineWidth: 2,
			fontColor: text,
			hidden: false,
			datasetIndex: 0
		},
		{
			text: 'This assessment (solid)',
			fillStyle: CHART_COLOURS.legend,
			strokeStyle: CHART_COLOURS.legend,
			lineWidth: 0,
			fontColor: text,
			hidden: false,
			datasetIndex: 1
		}
	];

	return {
		type: 'bar',
		data: { labels, datasets },
		options: {
			indexAxis: 'y',
			// On paper the canvas has a fixed size (the print page's text width), so it is never
			// stretched or squashed when the page is laid out for printing.
			responsive: !print,
			maintainAspectRatio: false,
			animation: false,
			// Rendered at 3× so the bitmap stays sharp on paper and high-density screens.
			devicePixelRatio: 3,
			// The canvas is not keyboard operable, so nothing on it responds to the mouse either;
			// every figure is in the table that follows it.
			events: [],
			layout: { padding: { right: 8 } },
			scales: {
				x: {
					min,
					max,
					ticks: {
						stepSize: 1,
						callback: tickLabel,
						color: text,
						font: { family: FONT_FAMILY, size: fontSize }
					},
					grid: {
						color: (ctx) => (ctx.tick?.value === 0 ? CHART_COLOURS.zero : CHART_COLOURS.grid),
						lineWidth: (ctx) => (ctx.tick?.value === 0 ? 2 : 1)
					},
					border: { display: false },
					title: {
						display: true,
						text: `Score, from ${tickLabel(min)} (serious concern) to ${tickLabel(max)} (clear strength)`,
						color: text,
						font: { family: FONT_FAMILY, size: fontSize }
					}
				},
				y: {
					grid: { display: false },
					ticks: { color: text, font: { family: FONT_FAMILY, size: fontSize }, autoSkip: false }
				}
			},
			plugins: {
				legend: {
					display: changes !== null,
					position: 'top',
					align: 'start',
					labels: {
						color: text,
						font: { family: FONT_FAMILY, size: fontSize },
						boxWidth: 28,
						boxHeight: 16,
						generateLabels: legendItems
					}
				}
			}
		}
	};
}
