// Loaded by spec/stress/mocharc.json (`npm run test:stress`): the stress
// suites run their full sizes unless STRESS_SCALE says otherwise.
if (!process.env.STRESS_SCALE) process.env.STRESS_SCALE = 'full';
