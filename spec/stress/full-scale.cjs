// Loaded by spec/stress/mocharc.json (`npm run test:stress`): the stress
// suites run the full sizes of issue 5 unless STRESS_SCALE says otherwise.
if (!process.env.STRESS_SCALE) process.env.STRESS_SCALE = 'full';
