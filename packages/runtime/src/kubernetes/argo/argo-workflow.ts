/**
 * A compiled plan as one Argo `Workflow` (docs/argo.md): a `dag` template whose tasks mirror
 * the plan's nodes, one container template per call, and the ConfigMaps its pods mount.
 * Pure: plan, target, parameters and bundled code in; manifests out.
 */
import { unhonouredErrorEdges } from './argo-error-edges.js';
import { type CompiledPlan, isCommandImplementation, type PlanNode, type PlanTarget } from '../../contract/plan.js';
import type { CommandFiles } from '../command-files.js';
import type { PythonFiles } from '../python-files.js';
import { stepCodeKey } from '../../bundling/step-code.js';
import { evaluate, type EvaluationScope } from '../../plan/expression-evaluator.js';
import { inlineSubPipelines, SubPipelineError, type SubPlanLoader } from '../../plan/inline-sub-pipelines.js';
import { resolveSettings, type ResolvedSettings } from '../../plan/step-settings.js';
import { stepName } from '../../plan/step-name.js';
import { argoWhen, publishedName, UntranslatableConditionError } from './argo-conditions.js';
import { type ArgoBinding, BINDER_FILE, BINDING_FILE, BINDING_MOUNT, BinderExit, PUBLISH_DIR, type Publication, PYTHON_BUNDLE } from './argo-binding.js';
import { ArgoExportError } from './argo-errors.js';
import type { ArgoWorkflow, ConfigMap, DagTask, Template, Volume } from './argo-manifests.js';
import { choosePool, poolsOf } from './choose-pool.js';
import { bundleConfigMap, configMap } from './config-maps.js';
import { checkWhereClauses, exportParameters, fixedParameters, type Refuse, withFixed } from './export-parameters.js';
import { readsOf } from './plan-reads.js';
import {
    BUNDLE_MOUNT, DATA_MOUNT, DEFAULT_IMAGE, DEFAULT_VOLUME, dnsName, labelValue, PodConventionError, resourceQuantities, STEP_CONTAINER, stringMember, weftLabels,
} from './pod-conventions.js';

/**
 * The code a pod needs, bundled: each step implementation (keyed `module#export`), the worker
 * entry and the binder; for each command step (keyed by `stepCodeKey`), the project files its
 * pod mounts (kubernetes/command-files.ts); for each Python step, the Python worker, its sources
 * and contracts (kubernetes/python-files.ts).
 */
export interface ArgoBundles {
    readonly steps: Readonly<Record<string, string>>;
    readonly commands?: Readonly<Record<string, Pick<CommandFiles, 'data' | 'container'>>>;
    readonly python?: Readonly<Record<string, Pick<PythonFiles, 'data' | 'container'>>>;
    readonly worker: string;
    readonly binder: string;
}

export interface ArgoExportOptions {
    /** Values for the pipeline's parameters; the others keep their defaults or are asked for at submission. */
    readonly parameters?: Readonly<Record<string, unknown>>;
    readonly bundles: ArgoBundles;
    /** The plans of pipelines called as steps; their calls are inlined, as `weft run` does. */
    readonly subPlans?: SubPlanLoader;
}

export interface ArgoExport {
    readonly workflow: ArgoWorkflow;
    /** The bundle ConfigMaps and the binding ConfigMap, to create before the workflow. */
    readonly configMaps: readonly ConfigMap[];
    /** What of the plan the workflow does not honour (argo-error-edges.ts), for the user to read. */
    readonly warnings: readonly string[];
}

const DAG_TEMPLATE = 'main';
const RUN_FAILED_TEMPLATE = 'weft-run-failed';

/** The key of a step implementation in {@link ArgoBundles.steps}. */
export function bundleKey(node: PlanNode): string {
    if (node.call.kind !== 'step') throw new Error(`${node.id} calls a pipeline, not a step`);
    return stepCodeKey(node.call.implementation);
}

/** The workflow alone. */
export function argoWorkflow(plan: CompiledPlan, target: PlanTarget, options: ArgoExportOptions): ArgoWorkflow {
    return argoExport(plan, target, options).workflow;
}

/** The ConfigMaps, then the workflow: the documents to apply, in order. */
export function argoDocuments(exported: ArgoExport): readonly (ConfigMap | ArgoWorkflow)[] {
    return [...exported.configMaps, exported.workflow];
}

export function argoExport(given: CompiledPlan, target: PlanTarget, options: ArgoExportOptions): ArgoExport {
    const refuse = (node: string | undefined, detail: string): never => { throw new ArgoExportError(given.pipeline, node, detail); };
    if (target.kind !== 'kubernetes') refuse(undefined, `the target ${target.name} is a ${target.kind} target; Argo needs a kubernetes target`);
    const plan = withSubPipelinesInlined(given, options.subPlans, refuse);
    const byId = new Map(plan.nodes.map(node => [node.id, node]));
    const parameters = exportParameters(plan, options.parameters ?? {}, refuse);
    const fixed = fixedParameters(plan, refuse);
    for (const [name, reason] of fixed) {
        if (!parameters.values.has(name)) refuse(undefined, `the parameter ${name} decides ${reason}, which the workflow must know when it is written; give it a value`);
    }
    const scope: EvaluationScope = {
        parameters: Object.fromEntries(parameters.values),
        output: node => refuse(node, 'reads an output when the workflow is written'),
        artifact: name => ({ artifact: name }),
    };
    checkWhereClauses(plan, parameters.values, scope, refuse);

    const taken = new Set([DAG_TEMPLATE, RUN_FAILED_TEMPLATE]);
    const allocateName = (base: string): string => {
        let name = base;
        for (let suffix = 2; taken.has(name); suffix++) name = `${base}-${suffix}`;
        taken.add(name);
        return name;
    };
    const taskNames = new Map(plan.nodes.map(node => [node.id, allocateName(dnsName(node.id, 50))]));
    const task = (id: string): string => taskNames.get(id) ?? refuse(id, `names the unknown call ${id}`);
    const publications = new Map<string, Publication[]>();
    const addPublication = (node: string, publication: Publication): void => {
        const list = publications.get(node) ?? [];
        if (!list.some(existing => existing.name === publication.name)) list.push(publication);
        publications.set(node, list);
    };

    let pools;
    try {
        pools = poolsOf(target);
    } catch (error) {
        return refuse(undefined, (error as Error).message);
    }
    const volume = stringOrRefuse(() => stringMember(target, 'volume'), refuse) ?? DEFAULT_VOLUME;
    const targetImage = stringOrRefuse(() => stringMember(target, 'image'), refuse);
    const argoKinds = new Map([...parameters.kinds].filter(([, kind]) => kind !== 'handle'));

    const tasks: DagTask[] = [];
    const templates: Template[] = [];
    const bundleMaps = new Map<string, ConfigMap>();
    const watchedByHandlers = new Set<string>();
    for (const node of plan.nodes) {
        const name = task(node.id);
        const settings = nodeSettings(node, scope, refuse);
        const image = imageOf(node, scope, targetImage ?? DEFAULT_IMAGE, refuse);
        let pool;
        try {
            pool = choosePool(pools, settings.resources, `${node.id} (step ${stepName(node)})`);
        } catch (error) {
            return refuse(node.id, (error as Error).message);
        }

        let when: string | undefined;
        try {
            when = argoWhen(node.conditions, {
                parameterKinds: argoKinds,
                isFanOut: id => byId.get(id)?.forEach !== undefined,
                publish: value => {
                    const parameter = publishedName(value.path);
                    addPublication(value.node, { name: parameter, kind: 'value', path: value.path });
                    return `tasks[${quote(task(value.node))}].outputs.parameters[${quote(parameter)}]`;
                },
            });
        } catch (error) {
            if (error instanceof UntranslatableConditionError) refuse(node.id, `its \`when\` cannot be decided by Argo: ${error.message}`);
            throw error;
        }

        const fanOut = node.forEach ? fanOutOf(node, name, scope, task, addPublication, refuse) : undefined;
        const watched = node.onFailureOf ?? [];
        watched.forEach(id => watchedByHandlers.add(id));
        const depends = dependsOf(node, watched, task, id => byId.get(id));
        const element = fanOut ? { ...fanOut.iteration, arguments: { parameters: [{ name: 'item', value: '{{item}}' }] } } : {};
        const conditions = { ...(depends === undefined ? {} : { depends }), ...(when === undefined ? {} : { when }) };
        const limit = node.forEach?.concurrency === undefined ? undefined : evaluateNumber(node.forEach.concurrency, scope, `the concurrency of ${node.id}`, refuse);
        if (fanOut && limit !== undefined) {
            // A fan-out's own concurrency: its elements run in a DAG template of their own, whose parallelism Argo enforces.
            const loop = allocateName(`${name}-loop`);
            const { withParam, ...inner } = element as DagTask;
            tasks.push({ name, template: loop, ...conditions, ...(withParam === undefined ? {} : { arguments: { parameters: [{ name: 'items', value: withParam }] } }) });
            templates.push({
                name: loop,
                parallelism: Math.max(1, Math.floor(limit)),
                ...(withParam === undefined ? {} : { inputs: { parameters: [{ name: 'items' }] } }),
                dag: { tasks: [{ ...inner, name, template: name, ...(withParam === undefined ? {} : { withParam: '{{inputs.parameters.items}}' }) }] },
            });
        } else {
            tasks.push({ name, template: name, ...conditions, ...element });
        }

        const bundleVolume = podFiles(node, plan, target, options.bundles, refuse);
        bundleMaps.set(bundleVolume.map.metadata.name!, bundleVolume.map);
        const retrying = settings.retry.attempts > 1;
        const args = [
            '--binding', `${BINDING_MOUNT}/${BINDING_FILE}`, '--bundle', BUNDLE_MOUNT, '--data', DATA_MOUNT, '--publish', PUBLISH_DIR,
            '--run', '{{workflow.name}}', '--node', node.id,
            ...(retrying ? ['--retries', '{{retries}}'] : []),
            ...(fanOut ? ['--item', '{{inputs.parameters.item}}'] : []),
            ...[...argoKinds.keys()].flatMap(parameter => ['--param', `${parameter}={{workflow.parameters.${parameter}}}`]),
        ];
        const quantities = resourceQuantities(settings.resources);
        templates.push({
            name,
            metadata: { labels: { 'weft.dev/node': labelValue(node.id) } },
            ...(fanOut ? { inputs: { parameters: [{ name: 'item' }] } } : {}),
            container: {
                name: STEP_CONTAINER,
                image,
                command: ['node', `${BINDING_MOUNT}/${BINDER_FILE}`],
                args,
                ...(Object.keys(quantities).length === 0 ? {} : { resources: { requests: quantities, limits: quantities } }),
                volumeMounts: [
                    { name: 'bundle', mountPath: BUNDLE_MOUNT, readOnly: true },
                    { name: 'binding', mountPath: BINDING_MOUNT, readOnly: true },
                    { name: 'data', mountPath: DATA_MOUNT },
                ],
            },
            volumes: [bundleVolume.volume],
            ...(pool && Object.keys(pool.labels).length > 0 ? { nodeSelector: pool.labels } : {}),
            ...(pool && pool.tolerations.length > 0 ? { tolerations: pool.tolerations } : {}),
            ...(settings.timeoutMs === undefined ? {} : { activeDeadlineSeconds: Math.max(1, Math.ceil(settings.timeoutMs / 1000)) }),
            ...(retrying ? {
                retryStrategy: {
                    limit: settings.retry.attempts - 1,
                    retryPolicy: 'Always' as const,
                    expression: `asInt(lastRetry.exitCode) == ${BinderExit.retryable}`,
                    backoff: { duration: durationText(settings.retry.backoffMs), factor: Number.isInteger(settings.retry.factor) ? settings.retry.factor : String(settings.retry.factor) },
                },
            } : {}),
        });
    }

    // Argo may call a failure that an `on failure` task depends on "handled" and let the
    // workflow succeed; in Weft the run still fails, so one more task fails it.
    if (watchedByHandlers.size > 0) {
        tasks.push({ name: RUN_FAILED_TEMPLATE, template: RUN_FAILED_TEMPLATE, depends: anyFailed([...watchedByHandlers], task) });
        templates.push({
            name: RUN_FAILED_TEMPLATE,
            container: {
                name: STEP_CONTAINER,
                image: targetImage ?? DEFAULT_IMAGE,
                command: ['node', '-e', 'process.stderr.write(process.argv[1] + "\\n"); process.exit(1)'],
                args: [`the run failed: ${[...watchedByHandlers].join(', ')} did not all succeed (their on failure block ran)`],
            },
        });
    }
    // Template outputs: what each pod publishes, now that every consumer has asked.
    const withOutputs = templates.map(template => {
        const node = plan.nodes.find(candidate => task(candidate.id) === template.name);
        const published = node ? publications.get(node.id) : undefined;
        return published ? { ...template, outputs: { parameters: published.map(publication => ({ name: publication.name, valueFrom: { path: `${PUBLISH_DIR}/${publication.name}` } })) } } : template;
    });

    const binding: ArgoBinding = { plan, parameterKinds: Object.fromEntries(argoKinds), publish: Object.fromEntries(publications) };
    const bindingMap = configMap(plan, target, 'weft-binding', { [BINDING_FILE]: JSON.stringify(binding), [BINDER_FILE]: options.bundles.binder }, refuse);
    const timeout = plan.timeout === undefined ? undefined : evaluateNumber(plan.timeout, scope, 'the pipeline timeout', refuse);
    const concurrency = plan.concurrency === undefined ? undefined : evaluateNumber(plan.concurrency, scope, 'the pipeline concurrency', refuse);
    const runtimeClass = stringOrRefuse(() => stringMember(target, 'runtimeClass'), refuse);
    const serviceAccount = stringOrRefuse(() => stringMember(target, 'serviceAccount'), refuse);
    const namespace = stringOrRefuse(() => stringMember(target, 'namespace'), refuse);
    const volumes: Volume[] = [
        { name: 'data', persistentVolumeClaim: { claimName: volume } },
        { name: 'binding', configMap: { name: bindingMap.metadata.name! } },
    ];
    const workflow: ArgoWorkflow = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { generateName: `${dnsName(plan.pipeline, 50)}-`, ...(namespace ? { namespace } : {}), labels: weftLabels(plan.pipeline) },
        spec: {
            entrypoint: DAG_TEMPLATE,
            ...(parameters.argo.length === 0 ? {} : { arguments: { parameters: parameters.argo.map(parameter => withFixed(parameter, fixed)) } }),
            ...(serviceAccount ? { serviceAccountName: serviceAccount } : {}),
            ...(runtimeClass ? { podSpecPatch: JSON.stringify({ runtimeClassName: runtimeClass }) } : {}),
            ...(timeout === undefined ? {} : { activeDeadlineSeconds: Math.max(1, Math.ceil(timeout / 1000)) }),
            ...(concurrency === undefined ? {} : { parallelism: Math.max(1, Math.floor(concurrency)) }),
            podMetadata: { labels: weftLabels(plan.pipeline) },
            volumes,
            templates: [{ name: DAG_TEMPLATE, dag: { tasks } }, ...withOutputs],
        },
    };
    return { workflow, configMaps: [...bundleMaps.values(), bindingMap], warnings: unhonouredErrorEdges(plan) };
}

/**
 * What a step's pod mounts at `/weft/bundle`: the step's bundle with the worker, a command
 * step's project files at their paths under the plan's root (the binder runs the command there),
 * or a Python step's worker, sources and contracts under `python/`, `project/` and `pythonpath/`
 * ({@link PYTHON_BUNDLE}; the binder runs the Python worker there).
 */
function podFiles(node: PlanNode, plan: CompiledPlan, target: PlanTarget, bundles: ArgoBundles, refuse: Refuse): { map: ConfigMap; volume: Volume } {
    const key = bundleKey(node);
    if (node.call.kind === 'step' && isCommandImplementation(node.call.implementation)) {
        const files = bundles.commands?.[key] ?? refuse(node.id, `no files were given for ${key}`);
        const map = configMap(plan, target, 'weft-command', files.data, (_, detail) => refuse(node.id, detail));
        return { map, volume: { name: 'bundle', configMap: { name: map.metadata.name!, items: files.container.files } } };
    }
    if (node.call.kind === 'step' && !isCommandImplementation(node.call.implementation) && node.call.implementation.language === 'python') {
        const files = bundles.python?.[key] ?? refuse(node.id, `no Python files were given for ${key}`);
        const map = configMap(plan, target, 'weft-python', files.data, (_, detail) => refuse(node.id, detail));
        const { worker, project, modulePath } = files.container;
        const items = [
            ...worker.map(item => ({ key: item.key, path: `${PYTHON_BUNDLE.worker}/${item.path}` })),
            ...project.map(item => ({ key: item.key, path: `${PYTHON_BUNDLE.project}/${item.path}` })),
            ...modulePath.map(item => ({ key: item.key, path: `${PYTHON_BUNDLE.modulePath}/${item.path}` })),
        ];
        return { map, volume: { name: 'bundle', configMap: { name: map.metadata.name!, items } } };
    }
    const bundleCode = bundles.steps[key] ?? refuse(node.id, `no bundle was given for ${key}`);
    const map = bundleConfigMap(plan, target, bundleCode, bundles.worker, node, refuse);
    return { map, volume: { name: 'bundle', configMap: { name: map.metadata.name! } } };
}

/** The plan with every call of a pipeline replaced by the callee's nodes (ids `<call>.<node>`). */
function withSubPipelinesInlined(plan: CompiledPlan, load: SubPlanLoader | undefined, refuse: Refuse): CompiledPlan {
    const call = plan.nodes.find(node => node.call.kind === 'pipeline');
    if (call === undefined) return plan;
    if (load === undefined) return refuse(call.id, 'it calls another pipeline, and no plans of called pipelines were given (subPlans)');
    try {
        return inlineSubPipelines(plan, load);
    } catch (error) {
        if (error instanceof SubPipelineError) return refuse(error.node, error.message);
        throw error;
    }
}

/** The step's `image`, else the target's, else the default. */
function imageOf(node: PlanNode, scope: EvaluationScope, fallback: string, refuse: Refuse): string {
    if (node.settings.image === undefined) return fallback;
    const image = evaluate(node.settings.image, scope);
    return typeof image === 'string' && image !== '' ? image : refuse(node.id, `its image is ${JSON.stringify(image)}, not an image name`);
}

function nodeSettings(node: PlanNode, scope: EvaluationScope, refuse: Refuse): ResolvedSettings {
    // Only the inputs the export can know (those over parameters and constants); settings read no others.
    const inputs: Record<string, unknown> = {};
    for (const [name, argument] of Object.entries(node.arguments)) {
        const reads = readsOf([argument], node);
        if (reads.outputs.size === 0 && reads.runtimeOnly.size === 0) {
            try {
                inputs[name] = evaluate(argument, scope);
            } catch {
                // A parameter without a value: only an error if a setting reads it (below).
            }
        }
    }
    try {
        return resolveSettings(node.settings, { ...scope, inputs });
    } catch (error) {
        return refuse(node.id, `its settings cannot be evaluated when the workflow is written: ${(error as Error).message}`);
    }
}

/** How a `for` node iterates in Argo: over the indices its upstream pod publishes, or a count known now. */
function fanOutOf(node: PlanNode, name: string, scope: EvaluationScope, task: (id: string) => string,
    addPublication: (node: string, publication: Publication) => void, refuse: Refuse): { iteration: Pick<DagTask, 'withParam' | 'withSequence'> } {
    const forEach = node.forEach!;
    const reads = readsOf([forEach.items], node);
    if (reads.runtimeOnly.size > 0) refuse(node.id, `its items read ${[...reads.runtimeOnly].join(', ')}`);
    if (reads.outputs.size === 0) {
        const items = evaluate(forEach.items, scope);
        if (!Array.isArray(items)) refuse(node.id, `its items are ${JSON.stringify(items)}, not a list`);
        return { iteration: { withSequence: { count: String((items as unknown[]).length) } } };
    }
    if (reads.outputs.size > 1) refuse(node.id, `its items read the outputs of ${[...reads.outputs].join(' and ')}; Argo can take a fan-out's items from one upstream call only`);
    const [source] = reads.outputs as Set<string>;
    const parameter = `items-${name}`;
    addPublication(source!, { name: parameter, kind: 'indices', items: forEach.items });
    return { iteration: { withParam: `{{tasks.${task(source!)}.outputs.parameters.${parameter}}}` } };
}

/**
 * Argo's `depends`: every call the node reads or follows must have succeeded (a skipped or
 * failed one skips it, as in the runtime); an `on failure` handler also needs one watched call
 * to have failed. Argo marks a fan-out over no items `Skipped`; for the runtime that fan-out
 * completed with `[]`, so an unconditional fan-out also counts when skipped.
 */
function dependsOf(node: PlanNode, watched: readonly string[], task: (id: string) => string, nodeOf: (id: string) => PlanNode | undefined): string | undefined {
    const exited = node.onExitOf ?? [];
    const upstream = [...new Set([...node.needs, ...node.after])].filter(id => !watched.includes(id) && !exited.includes(id));
    const parts = upstream.map(id => {
        const dependency = nodeOf(id);
        return dependency?.forEach && dependency.conditions.length === 0 ? `(${task(id)}.Succeeded || ${task(id)}.Skipped)` : `${task(id)}.Succeeded`;
    });
    // `on exit`: however the call ended.
    for (const id of exited) parts.push(`(${task(id)}.Succeeded || ${task(id)}.Failed || ${task(id)}.Errored || ${task(id)}.Skipped)`);
    if (watched.length > 0) parts.push(anyFailed(watched, task));
    return parts.length === 0 ? undefined : parts.join(' && ');
}

function anyFailed(watched: readonly string[], task: (id: string) => string): string {
    return `(${watched.map(id => `${task(id)}.Failed || ${task(id)}.Errored`).join(' || ')})`;
}

function evaluateNumber(expression: Parameters<typeof evaluate>[0], scope: EvaluationScope, what: string, refuse: Refuse): number {
    let value: unknown;
    try {
        value = evaluate(expression, scope);
    } catch (error) {
        return refuse(undefined, `${what} cannot be evaluated when the workflow is written: ${(error as Error).message}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) refuse(undefined, `${what} is ${JSON.stringify(value)}, not a positive number`);
    return value as number;
}

function stringOrRefuse(read: () => string | undefined, refuse: Refuse): string | undefined {
    try {
        return read();
    } catch (error) {
        if (error instanceof PodConventionError) return refuse(undefined, error.message);
        throw error;
    }
}

/** A Go duration: whole seconds as `30s`, otherwise milliseconds. */
function durationText(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

function quote(text: string): string {
    return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
