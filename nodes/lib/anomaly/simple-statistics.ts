/**
 * simple-statistics for this CommonJS build: the quantiles of a short rolling
 * window (sorted-values.ts), and the reference the sorted blocks of a
 * long one is checked against. The package ships CommonJS for
 * `require` but declares its types as an ES module, so the types are imported
 * in import mode and the functions required.
 */

import type * as SimpleStatistics from 'simple-statistics' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { quantileSorted } = require('simple-statistics') as typeof SimpleStatistics;
