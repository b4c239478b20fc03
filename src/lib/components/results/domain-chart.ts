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

/** Below this container width (CSS px) the chart uses its narrow layout: smaller type, labels wrapped short. */
export const NARROW_WIDTH = 480;

/**
 * Characters per label line: short enough on a 320 px screen to leave the bars most of the width.
 * On paper a line must fit the half of the canvas Chart.js allows the label axis (about 330 of
 * 680 px): 52 characters of 13 px Arial do ("Why the child came into care, and what has changed"
 * is 305 px; at 14 px it was 328 px and lost its first letter).
 */
export const LABEL_WIDTH = { wide: 28, narrow: 14, print: 52 } as const;

/** The layout a chart is drawn in: on screen (wide or narrow) or on paper. */
export type ChartLayout = keyof typeof LABEL_WIDTH;

/**
 * Height in CSS pixels: a fixed amount per section, so bars are the same thickness on every page,
 * plus room for the longest label (`lines` lines), so wrapped labels never overlap their neighbours.
 */
export function chartHeight(
	rows: number,
	comparing: boolean,
	lines = 2,
	layout: ChartLayout = 'wide'
): number {
	if (layout === 'print') return rows * Math.max(comparing ? 28 : 21, lines * 15 + 6) + 62;
	const lineHeight = layout === 'narrow' ? 16 : 19;
	const row = Math.max(comparing ? 72 : 52, lines * lineHeight + 14);
	return rows * row + (comparing ? 120 : 80) + (layout === 'narrow' ? 20 : 0);
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
	/** On screen, a container narrower than NARROW_WIDTH: smaller type and shorter label lines. */
	narrow?: boolean;
	/** A diagonal hatch in the given colour (a CanvasPattern in the browser; anything in tests). */
	hatch: (colour: string) => Color;
}

const barColour = (score: number | null) =>
	isBelowZero(score) ? CHART_COLOURS.negative : CHART_COLOURS.positive;

type Row = ScoredDomain & { before: number | null; after: number | null; presentIn?: string };

/** Each section's label as lines: its title wrapped to the layout's width, and a note where its bar is missing. */
export function chartLabels(
	input: Pick<DomainChartInput, 'domains' | 'changes'>,
	layout: ChartLayout
): string[][] {
	const rows: Row[] =
		(input.changes as Row[] | null) ??
		input.domains.map((d) => ({ ...d, before: null, after: d.score }));
	return rows.map((r) => {
		const extra = labelNote(r, input.changes !== null);
		// On paper the note joins the title's line when there is room: every row there is one line high.
		if (layout === 'print')
			return wrapLabel(extra ? `${r.title} ${extra}` : r.title, LABEL_WIDTH.print);
		const lines = wrapLabel(r.title, LABEL_WIDTH[layout]);
		return extra ? [...lines, extra] : lines;
	});
}

// A missing bar is explained under the section's name, so it is not read as a score of 0.
function labelNote(r: Row, comparing: boolean): string | null {
	if (r.presentIn === 'later only')
		return r.after === null ? '(new section, not rated)' : '(new section)';
	if (r.presentIn === 'earlier only') return '(no longer assessed)';
	if (r.after === null && r.before === null) return '(not rated)';
	if (r.after === null) return '(not rated this time)';
	if (comparing && r.before === null) return '(not rated before)';
	return null;
}

/** The layout for these options. */
export const layoutOf = (print: boolean, narrow = false): ChartLayout =>
	print ? 'print' : narrow ? 'narrow' : 'wide';

/** The full Chart.js configuration: horizontal bars, no animation, no interaction, crisp when printed. */
export function domainChartConfig(
	input: DomainChartInput
): ChartConfiguration<'bar', (number | null)[], string[]> {
	const { changes, min, max, print, hatch } = input;
	const layout = layoutOf(print, input.narrow);
	const fontSize = layout === 'print' ? 13 : layout === 'narrow' ? 13 : 16;
	const text = print ? '#000000' : CHART_COLOURS.text;
	const rows = changes ?? input.domains.map((d) => ({ ...d, before: null, after: d.score }));
	const clamp = (n: number | null) => (n === null ? null : Math.min(max, Math.max(min, n)));
	const labels = chartLabels(input, layout);

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
			// A little room on the left too: the first letter of a label must not touch the canvas edge.
			layout: { padding: { left: 4, right: 8 } },
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
						// On a narrow screen on two lines, or it would be cut at both ends.
						text:
							layout === 'narrow'
								? [
										`Score, from ${tickLabel(min)} (serious concern)`,
										`to ${tickLabel(max)} (clear strength)`
									]
								: `Score, from ${tickLabel(min)} (serious concern) to ${tickLabel(max)} (clear strength)`,
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
