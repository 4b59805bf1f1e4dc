import { z } from 'zod';

// The gateway serves the dashboard under a strict Content-Security-Policy (no 'unsafe-eval'). Zod would
// otherwise probe `new Function` when the shared schemas are built, which such a policy reports as a
// violation. This module runs before any page (and so before @emissions/contracts) is loaded.
z.config({ jitless: true });
