using BenchmarkDotNet.Running;

// Non-interactive with a filter, e.g. `-- --filter '*'`; without one BenchmarkDotNet asks which to run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
