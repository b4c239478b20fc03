import { z } from 'zod';

// zod compiles fast parsers with `new Function` when it may; to find out, it tries once, which a
// Content-Security-Policy without 'unsafe-eval' reports as a violation. Homeward's policy allows
// no eval, so zod is told not to try: it parses with its ordinary (slightly slower) code. This
// runs before any page or store loads.
z.config({ jitless: true });
