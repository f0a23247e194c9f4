/**
 * `npm run eval`: accuracy on simulated scenarios and on the real data in
 * ../shared/data, printed as the tables the README quotes.
 */

import { run as anomaly } from './eval/anomaly';
import { run as predictor } from './eval/predictor';
import { run as simulator } from './eval/simulator';

async function main(): Promise<void> {
  for (const evaluation of [simulator, predictor, anomaly]) await evaluation();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
