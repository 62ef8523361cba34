/**
 * The binder's command line, as an exported workflow's container runs it:
 * `node binder.mjs --binding FILE --bundle DIR --data DIR --publish DIR --run NAME --node ID
 *  [--retries N] [--item I] [--param name=value]…`. Bundled into one file by
 * `argoBundles` (./argo-bundles.ts).
 */
import { readFileSync } from 'node:fs';
import { type ArgoBinding, BinderExit } from './argo-binding.js';
import { runBoundAttempt } from './bind-attempt.js';
import { checkedPlan } from '../../plan/read-plan.js';

function parse(argv: readonly string[]): Map<string, string[]> {
    const options = new Map<string, string[]>();
    for (let index = 0; index < argv.length; index += 2) {
        const flag = argv[index]!;
        const value = argv[index + 1];
        if (!flag.startsWith('--') || value === undefined) throw new Error(`usage: binder --name value …; unexpected ${JSON.stringify(flag)}`);
        options.set(flag.slice(2), [...(options.get(flag.slice(2)) ?? []), value]);
    }
    return options;
}

async function main(argv: readonly string[]): Promise<number> {
    let options: Map<string, string[]>;
    try {
        options = parse(argv);
    } catch (error) {
        process.stderr.write(`weft: ${error instanceof Error ? error.message : String(error)}\n`);
        return BinderExit.final;
    }
    const one = (name: string): string | undefined => options.get(name)?.[0];
    const required = ['binding', 'bundle', 'data', 'publish', 'run', 'node'].filter(name => one(name) === undefined);
    if (required.length > 0) {
        process.stderr.write(`weft: the binder needs --${required.join(', --')}\n`);
        return BinderExit.final;
    }
    const parameters = Object.fromEntries((options.get('param') ?? []).map(entry => {
        const equals = entry.indexOf('=');
        return equals < 0 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
    }));
    const item = one('item');
    let binding: ArgoBinding;
    try {
        const read = JSON.parse(readFileSync(one('binding')!, 'utf8')) as ArgoBinding;
        binding = { ...read, plan: checkedPlan(read.plan, `the plan of the binding ${one('binding')}`) };
    } catch (error) {
        process.stderr.write(`weft: cannot read the binding ${one('binding')}: ${error instanceof Error ? error.message : String(error)}\n`);
        return BinderExit.final;
    }
    return runBoundAttempt({
        binding,
        bundleDir: one('bundle')!,
        dataDir: one('data')!,
        publishDir: one('publish')!,
        run: one('run')!,
        node: one('node')!,
        retries: Number(one('retries') ?? '0'),
        ...(item === undefined ? {} : { item: Number(item) }),
        parameters,
    });
}

process.exitCode = await main(process.argv.slice(2));
