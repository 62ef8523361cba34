// One measurement in a fresh process (no warm JIT or heap carried between frameworks):
// `node run-one.mjs CONFIGURATION WORKLOAD SCRATCH` prints `{ ms, value, cpuMs, peakBytes }` as JSON.
import { workloads } from './workloads.mjs';

const [configurationName, workloadName, scratch] = process.argv.slice(2);
const modules = { weft: './weft.mjs', mastra: './mastra.mjs', langgraph: './langgraph.mjs' };
const module = modules[configurationName.split('-')[0]];
if (!module) throw new Error(`unknown configuration ${configurationName}`);
const { configurations } = await import(module);
const configuration = configurations.find(each => each.name === configurationName);
const workload = workloads.find(each => each.name === workloadName);
if (!configuration || !workload) throw new Error(`unknown configuration or workload: ${configurationName} ${workloadName}`);

const cpuBefore = process.cpuUsage();
const { ms, value } = await configuration.run(workload, scratch);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ ms, value, cpuMs: (cpu.user + cpu.system) / 1000, systemMs: cpu.system / 1000, peakBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
// Some frameworks keep handles (storage, timers) open after a run: the measurement is done.
process.exit(0);
