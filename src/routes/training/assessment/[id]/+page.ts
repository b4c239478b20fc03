import { getScenarios } from '$lib/app/root.ts';
import type { PageLoad } from './$types';

// The scenario a training case came from is shown beside it (its story and the trainer's note).
export const load: PageLoad = async () => ({ scenarios: (await getScenarios()).scenarios });
