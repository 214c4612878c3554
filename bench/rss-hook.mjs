// Loaded with `node --import` by the benchmarks: prints the process's peak memory when it exits.
process.on('exit', () => process.stderr.write(`[rss-hook] maxRSS=${process.resourceUsage().maxRSS}\n`));
