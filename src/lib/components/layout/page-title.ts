/**
 * Every page's <title>, in one place (WCAG 2.4.2): what the page is, then the service; "Error: "
 * first while the page shows errors, as GOV.UK asks, so a screen reader announces it on arrival.
 * Titles name no case: a title shows in tab strips, history and screen shares.
 */
export const SERVICE_NAME = 'Homeward';

/** The document title for a page called `title`, showing errors or not. */
export function pageTitle(title: string, hasErrors = false): string {
	return `${hasErrors ? 'Error: ' : ''}${title} – ${SERVICE_NAME}`;
}
