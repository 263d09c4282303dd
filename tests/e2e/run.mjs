// Runs the end-to-end tests given on the command line (default: all), one after another.

const all = ['foundation', 'bad-workspace', 'crash', 'language', 'results', 'lineage', 'connections', 'databases', 'engine-trust', 'jobs'];
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
let failed = 0;
for (const name of names) {
  const started = Date.now();
  try {
    const mod = await import(`./${name}.test.mjs`);
    await mod.run();
    console.log(`e2e ${name}: ok (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.error(`e2e ${name}: FAILED (${Date.now() - started} ms)\n${e.stack || e}`);
  }
}
process.exit(failed ? 1 : 0);
