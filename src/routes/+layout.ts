// The whole app runs in the browser: no server rendering, one fallback page for every route.
export const ssr = false;
export const prerender = false;
