/**
 * Whether a chart's labels are drawn whole (issue 13: the summary chart cut "Why" to "/hy"). A
 * canvas cannot be read back as text, so the page records the text of each chart canvas's latest
 * drawing (every `fillText` since Chart.js last cleared it: where it starts and ends in CSS pixels)
 * from before the app loads; a label that starts left of its canvas, or ends right of it, is cut.
 */
import { expect, type Page } from '@playwright/test';

interface Drawn {
	text: string;
	left: number;
	right: number;
	width: number;
}

/** Start recording the text drawn on every chart canvas; call before the page is opened. */
export async function recordCanvasText(page: Page) {
	await page.addInitScript(() => {
		type Recorded = HTMLCanvasElement & { hwText?: unknown[] };
		const proto = CanvasRenderingContext2D.prototype;
		// The browser's own methods, called with each context as `this` below.
		const fillText = Object.getOwnPropertyDescriptor(proto, 'fillText')!.value as (
			this: CanvasRenderingContext2D,
			...args: Parameters<CanvasRenderingContext2D['fillText']>
		) => void;
		const clearRect = Object.getOwnPropertyDescriptor(proto, 'clearRect')!.value as (
			this: CanvasRenderingContext2D,
			...args: Parameters<CanvasRenderingContext2D['clearRect']>
		) => void;
		// Chart.js clears the whole canvas before each drawing: what was drawn before is gone.
		proto.clearRect = function (x, y, w, h) {
			(this.canvas as Recorded).hwText = [];
			clearRect.call(this, x, y, w, h);
		};
		proto.fillText = function (text, x, y, maxWidth) {
			const t = this.getTransform();
			// Chart.js draws at its devicePixelRatio: the transform's scale turns pixels into CSS px.
			const at = (t.a * x + t.e) / t.a;
			const measured = this.measureText(String(text)).width;
			const left =
				this.textAlign === 'right' || this.textAlign === 'end'
					? at - measured
					: this.textAlign === 'center'
						? at - measured / 2
						: at;
			const canvas = this.canvas as Recorded;
			(canvas.hwText ??= []).push({
				text: String(text),
				left,
				right: left + measured,
				width: canvas.width / t.a
			});
			// An explicit undefined maxWidth would draw nothing: pass it only when given.
			if (maxWidth === undefined) fillText.call(this, text, x, y);
			else fillText.call(this, text, x, y, maxWidth);
		};
	});
}

/** Every text of every chart on the page, as last drawn, lies inside its canvas (half a pixel of slack). */
export async function expectCanvasTextWhole(page: Page, where: string) {
	const drawn = await page
		.locator('[data-testid="domain-chart"] canvas')
		.evaluateAll((canvases) =>
			canvases.flatMap((c) => (c as HTMLCanvasElement & { hwText?: Drawn[] }).hwText ?? [])
		);
	expect(drawn.length, `${where}: a chart was drawn`).toBeGreaterThan(0);
	const cut = drawn
		.filter((d) => d.left < -0.5 || d.right > d.width + 0.5)
		.map((d) => `“${d.text}” from ${d.left.toFixed(1)} to ${d.right.toFixed(1)} of ${d.width} px`);
	expect(cut, `${where}: chart text cut at the canvas edge`).toEqual([]);
}

/** The same, with the page at `width` CSS px (charts redraw for a narrow screen), then back. */
export async function expectCanvasTextWholeAt(page: Page, width: number, where: string) {
	const before = page.viewportSize();
	await page.setViewportSize({ width, height: 800 });
	// A few frames: the resize, the chart's redraw, and its narrow layout's redraw.
	await page.waitForTimeout(300);
	await expectCanvasTextWhole(page, `${where} at ${width} px`);
	if (before) await page.setViewportSize(before);
}
