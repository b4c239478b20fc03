import { getScenarios } from '$lib/app/root.ts';
import type { PageLoad } from './$types';

// The built-in scenarios are loaded only here and in a training case, not on the first page.
export const load: PageLoad = async () => ({ loaded: await getScenarios() });
