// Parse time of the 1,000-step benchmark file: `node scripts/bench/parse-speed.mjs [fast|langium|lex]`
// (after `npx tsc -b`). Prints the first parse in this process (cold) and the median of 25 after it
// (wall clock, and CPU time of all threads, which the machine's other load disturbs less).
import { EmptyFileSystem } from 'langium';
import { createWeftServices } from '../../packages/language/dist/weft-module.js';
import { singleFilePipeline } from './generate.mjs';

const text = singleFilePipeline(Number(process.argv[3] ?? 1000)).get('pipeline.weft');
const mode = process.argv[2] ?? 'fast';
const services = createWeftServices(EmptyFileSystem).Weft;
const parser = services.parser.LangiumParser;
const run = {
    fast: () => parser.parse(text),
    langium: () => parser.parseWithLangium(text),
    lex: () => services.parser.Lexer.tokenize(text),
}[mode];
let start = performance.now();
const first = run();
const cold = performance.now() - start;
if (mode !== 'lex' && (first.lexerErrors.length > 0 || first.parserErrors.length > 0)) throw new Error('the benchmark file has errors');
const times = [];
const cpuTimes = [];
for (let i = 0; i < 25; i++) {
    start = performance.now();
    const cpu = process.cpuUsage();
    run();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
console.log(`${mode}: ${text.split('\n').length} lines, cold ${cold.toFixed(0)} ms, warm median ${times[12].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[24].toFixed(0)}), CPU time median ${cpuTimes[12].toFixed(0)} ms`);
