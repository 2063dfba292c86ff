using BenchmarkDotNet.Running;
using Portal.Bench;

// `rollout-serving` runs the alternated rollout benchmark (RolloutServingBench); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "rollout-serving") return RolloutServingBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "ensemble") return EnsembleBenchmarks.Alternated(args[1..]);

// Non-interactive with a filter, e.g. `-- --filter '*'`; without one BenchmarkDotNet asks which to run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
