// test/faults.test.mjs again, against the client run by Node (bin/prefork-interp-node),
// the fallback where the compiled one cannot be built.
process.env.PREFORK_INTERP_TEST_CLIENT = 'node';
await import('../faults.test.mjs');
